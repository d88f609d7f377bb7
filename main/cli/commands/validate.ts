// `tinyml validate MODEL --board virtual-stm32f4 --cases DIR`: compile, build, flash the virtual board through
// its GDB stub, stream every <case>.in0.bin over the UART, and compare the device's outputs byte for byte with
// the reference interpreter. Exit 1 when any value differs by more than one quantization step.
import { mkdtemp, rm } from 'node:fs/promises';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { userError } from '../../../shared/api/errors';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { loadCases } from '../../services/device/validate-cases';
import { validateOnDevice } from '../../services/device/validate-run';
import { buildAndStartVirtualBoard } from '../../services/device/virtual-board-session';
import { jsonDocument, parseCommandArgs } from '../args';
import type { CliCommand } from '../command';

const HELP = `Usage:
  tinyml validate MODEL --board virtual-stm32f4 --cases DIR [--labels FILE] [--out-dir DIR] [--limit N] [--json]

Builds firmware for MODEL (.tflite), flashes the virtual board (QEMU) through its GDB server,
streams every <case>.in0.bin in DIR to the board over its serial port, runs the same input on
the reference interpreter and compares the raw output bytes.

Options:
  --board B      target board (only virtual-stm32f4 runs without hardware)
  --cases DIR    folder of <case>.in0.bin files (raw input tensor bytes; .in1.bin … for more inputs)
  --labels FILE  CSV rows "file,ignored,label_index" for top-1 accuracy
  --out-dir DIR  write the device's outputs as <case>.out0.bin (.out1.bin …)
  --limit N      validate only the first N cases (real_* samples first)
  --json         one JSON document: per-case device outputs, agreement, accuracy, latency

Exit code 1 when the device disagrees with the reference by more than ±1 on any value.
`;

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Flash the virtual board and compare its outputs with the reference',
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      'validate',
      args,
      { board: { type: 'string' }, cases: { type: 'string' }, labels: { type: 'string' }, 'out-dir': { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
      { min: 1, max: 1 },
    );
    const board = values.board ?? 'virtual-stm32f4';
    if (board !== 'virtual-stm32f4') throw userError(`"tinyml validate" runs on the virtual board only; ${board} needs the app's Device area.`, 'Use --board virtual-stm32f4, or flash the real board in TinyML Studio and validate there.');
    if (!values.cases) throw userError('"tinyml validate" needs --cases DIR.', 'Run "tinyml validate --help" for usage.');
    const modelPath = path.resolve(ctx.cwd, positionals[0]);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await fs.readFile(modelPath));
    } catch {
      throw userError(`Cannot read the model ${modelPath}.`, 'Check the path.');
    }
    const graph = readTflite(bytes);
    const limit = values.limit ? Number(values.limit) : undefined;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw userError(`--limit must be a positive integer, not "${values.limit}".`);
    const cases = await loadCases(path.resolve(ctx.cwd, values.cases), graph, { labelsFile: values.labels ? path.resolve(ctx.cwd, values.labels) : undefined, limit });
    const work = await mkdtemp(path.join(tmpdir(), 'tinyml-validate-'));
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      ctx.io.err(`Building ${path.basename(modelPath)} for ${board}…\n`);
      const { session } = await buildAndStartVirtualBoard(
        { graph, name: path.basename(modelPath), outDir: work },
        { signal: controller.signal, progress: () => {}, log: (t) => ctx.io.err(`${t}\n`) },
      );
      try {
        ctx.io.err(`Flashed ${session.flash.bytesWritten} bytes (verified); HELLO from ${session.hello.board}. Validating ${cases.length} case(s)…\n`);
        const run = await validateOnDevice({
          link: session.link, graph, cases, clockHz: session.hello.clockHz, signal: controller.signal,
          onCase: (c, i, n) => {
            if (!values.json) ctx.io.err(`  [${i + 1}/${n}] ${c.name}: ${c.comparison.worse ? 'DIFFERS' : c.comparison.withinOne ? 'within 1' : 'exact'}  ${c.cycles} cycles\n`);
          },
        });
        if (values['out-dir']) {
          const out = path.resolve(ctx.cwd, values['out-dir']);
          await fs.mkdir(out, { recursive: true });
          for (const c of run.cases) for (let k = 0; k < c.device.length; k++) await fs.writeFile(path.join(out, `${c.name}.out${k}.bin`), c.device[k]);
        }
        const s = run.summary;
        if (values.json) {
          ctx.io.out(jsonDocument({
            model: modelPath, board, cases: run.cases.map((c) => ({
              name: c.name, device: c.device.map((o) => Array.from(o)), exact: c.comparison.exact, withinOne: c.comparison.withinOne, worse: c.comparison.worse,
              deviceTop1: c.comparison.deviceTop1, hostTop1: c.comparison.hostTop1, label: c.label ?? null, cycles: c.cycles,
            })),
            agreement: { exact: s.exact, withinOne: s.withinOne, worse: s.worse, maxAbsDiff: s.maxAbsDiff, top1Agreement: s.top1Agreement },
            accuracy: { device: s.deviceAccuracy, host: s.hostAccuracy, labelledCases: s.labelledCases },
            rmse: s.rmse, mae: s.mae, cosine: s.cosine, confusion: s.confusion, latency: run.latency, passed: run.passed,
          }));
        } else {
          const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
          ctx.io.out(`${run.cases.length} cases: ${pct(s.exact)} exact, ${pct(s.withinOne)} within ±1, ${pct(s.worse)} worse (max |diff| ${s.maxAbsDiff}); top-1 agreement ${pct(s.top1Agreement)}`
            + `${s.deviceAccuracy !== null ? `; accuracy device ${pct(s.deviceAccuracy)} vs host ${pct(s.hostAccuracy!)} over ${s.labelledCases} labelled case(s)` : ''}`
            + `${run.latency ? `; latency p50 ${run.latency.p50} cycles (${run.latency.p50us.toFixed(0)} µs)` : ''}\n`);
        }
        return run.passed ? 0 : 1;
      } finally {
        await session.dispose();
      }
    } finally {
      process.off('SIGINT', onSigint);
      await rm(work, { recursive: true, force: true });
    }
  },
};
