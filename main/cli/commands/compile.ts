// `tinyml compile MODEL --board B --out DIR [--build]`: writes the firmware sources (generated model, kernels,
// runtime, board support, main.c, and app.c once) and with --build compiles them with arm-none-eabi-gcc into an
// ELF and .bin with a size report. --export-* write a PlatformIO project / Arduino library / source .zip.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { boardOrFail, buildFirmware, type Optimization } from '../../services/build/build-firmware';
import { arduinoLibraryZip, sourcesZip, writePlatformioProject } from '../../services/build/exports';
import { formatSizeReport } from '../../services/build/size-report';
import { userError } from '../../../shared/api/errors';
import { jsonDocument, parseCommandArgs } from '../args';
import type { CliCommand } from '../command';

const OPT = ['O0', 'O1', 'O2', 'O3', 'Os'];

export const compileCommand: CliCommand = {
  name: 'compile',
  summary: 'Generate firmware sources for a board; --build compiles them (ELF, .bin, size report)',
  help: `Usage: tinyml compile MODEL --board BOARD --out DIR [--build] [options] [--json]

Writes DIR/src: the generated model (model.h, model.c, model_data.c), the kernels it
uses, the runtime, the board support, main.c (regenerated) and app.c (your code:
created once, never overwritten). With --build, compiles everything with
arm-none-eabi-gcc into DIR/build/firmware.elf, firmware.bin and firmware.map and prints
the size report (flash/RAM by group: weights, model, kernels, runtime, libc, arena).
Boards without bare-metal support that Arduino covers (nano33ble) get a PlatformIO
project in DIR/platformio, built with "pio run" when PlatformIO is installed.

Options:
  --board BOARD          board id, e.g. virtual-stm32f4, nucleo-f446re, nano33ble
  --out DIR              output folder (created if missing)
  --build                compile and link (needs arm-none-eabi-gcc)
  -O LEVEL / --opt LEVEL O0, O1, O2 (default), O3 or Os
  --no-dsp               portable C kernels instead of the DSP (SMLAD) paths
  --export-platformio    also write DIR/platformio (PlatformIO project, Arduino framework)
  --export-arduino       also write DIR/<model>_arduino.zip (Arduino library)
  --export-zip           also write DIR/<model>_sources.zip (the src/ tree)
  --json                 one JSON document: the build report (sources, cflags, elf, bin,
                         size, diagnostics, arena, modelHash, seconds)

Exit code 0 on success; 1 when the model, board or build has a problem you can fix.

Example:
  tinyml compile person_detect.tflite --board nucleo-f446re --out build/f446 --build
`,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      'compile',
      args,
      {
        board: { type: 'string' }, out: { type: 'string' }, build: { type: 'boolean' }, opt: { type: 'string', short: 'O' }, 'no-dsp': { type: 'boolean' },
        'export-platformio': { type: 'boolean' }, 'export-arduino': { type: 'boolean' }, 'export-zip': { type: 'boolean' }, json: { type: 'boolean' },
      },
      { min: 1, max: 1 },
    );
    if (!values.board) throw userError('"tinyml compile" needs --board.', 'Example: --board virtual-stm32f4 (run "tinyml compile --help").');
    if (!values.out) throw userError('"tinyml compile" needs --out DIR.', 'Give the folder to write the firmware project into.');
    const opt = values.opt ?? 'O2';
    if (!OPT.includes(opt)) throw userError(`Unknown optimization level "${opt}".`, `Use one of ${OPT.join(', ')}.`);
    const board = boardOrFail(values.board);
    const modelPath = path.resolve(ctx.cwd, positionals[0]);
    const outDir = path.resolve(ctx.cwd, values.out);
    const report = await buildFirmware({
      model: { path: modelPath }, board: board.id, outDir, optimization: opt as Optimization, dsp: values['no-dsp'] ? false : undefined,
      compile: !!values.build,
      onLine: (l) => {
        if (l.level !== 'info' || !values.json) ctx.io.err(`${l.text}\n`);
      },
    });
    const base = path.basename(modelPath).replace(/\.[^.]+$/, '');
    const exports: string[] = [];
    if (values['export-platformio']) {
      await writePlatformioProject(path.join(outDir, 'src'), path.join(outDir, 'platformio'), board, report.model);
      exports.push(path.join(outDir, 'platformio'));
    }
    if (values['export-arduino']) {
      const f = path.join(outDir, `${base}_arduino.zip`);
      await fs.writeFile(f, await arduinoLibraryZip(path.join(outDir, 'src'), `${base}_model`, board, report.model));
      exports.push(f);
    }
    if (values['export-zip']) {
      const f = path.join(outDir, `${base}_sources.zip`);
      await fs.writeFile(f, await sourcesZip(path.join(outDir, 'src'), `${base}_sources`));
      exports.push(f);
    }
    if (values.json) {
      ctx.io.out(jsonDocument({ ...report, exports }));
      return 0;
    }
    const lines = [
      `${report.model} for ${report.boardName}: ${report.sources.length} source files in ${path.join(outDir, 'src')}`,
      `  arena ${report.arena.ours} B, kernel scratch planned inside it (${report.arena.scratch} B over all layers, largest ${report.arena.largestScratch} B) (TFLM greedy ${report.arena.tflmGreedy} B, lower bound ${report.arena.lowerBound} B), constants ${report.weightBytes} B, model hash 0x${report.modelHash.toString(16).padStart(8, '0')}`,
    ];
    if (report.elf) lines.push(`  ELF ${report.elf}`, `  bin ${report.bin ?? '-'}`, `  built in ${report.seconds.toFixed(1)} s (-${report.optimization}, ${report.dsp ? 'DSP kernels' : 'portable kernels'})`);
    if (report.size) lines.push('', formatSizeReport(report.size));
    if (report.note) lines.push('', report.note);
    for (const e of exports) lines.push(`  exported ${e}`);
    ctx.io.out(`${lines.join('\n')}\n`);
    return report.size && !report.size.fits ? 1 : 0;
  },
};
