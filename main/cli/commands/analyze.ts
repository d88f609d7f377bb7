// `tinyml analyze MODEL [--board B]`: will the model fit the board, and where do the bytes and cycles go —
// MACs, parameters, arena (ours vs TFLM's greedy planner vs the lower bound), flash and RAM estimates, per layer.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { MemoryAnalysis } from '../../../shared/api/build-service';
import { userError } from '../../../shared/api/errors';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { analyzeModel } from '../../services/build/analyze-model';
import { boardOrFail } from '../../services/build/build-firmware';
import { jsonDocument, parseCommandArgs } from '../args';
import type { CliCommand } from '../command';

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'Memory and compute analysis of a model on a board (fits or not)',
  help: `Usage: tinyml analyze MODEL [--board BOARD] [--json]

Prints MACs, parameters, the activation arena (TinyML Studio's planner, TFLM's greedy
planner and the theoretical lower bound, each including the kernels' scratch buffers), flash (weights + code estimate) and RAM
(arena + runtime + stack) against the board, a per-layer table (MACs, weight bytes,
activation bytes, estimated cycles) and whether the model fits. Compiles nothing.

Options:
  --board BOARD   board id (default virtual-stm32f4); see "tinyml doctor" / docs/boards.md
  --json          one JSON document: { model, board, macs, params, arena: { ours, tflmGreedy,
                  lowerBound, scratch, largestScratch }, flash, ram, estimatedCycles, estimatedMs,
                  fits, problems, unsupported, layers: [...], timeline: [{ tensorId, name, first,
                  last, offset, size }] } (timeline entries with tensorId < 0 are kernel scratch)

Exit code 0 when the model was analysed (fitting or not); 1 for a bad path, model or board.

Example:
  tinyml analyze person_detect.tflite --board nucleo-f446re
`,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('analyze', args, { board: { type: 'string' }, json: { type: 'boolean' } }, { min: 1, max: 1 });
    const file = path.resolve(ctx.cwd, positionals[0]);
    const board = boardOrFail(values.board ?? 'virtual-stm32f4');
    const bytes = await fs.readFile(file).catch((e: NodeJS.ErrnoException) => {
      throw userError(`Cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}.`, 'Check the path to the model file.');
    });
    const a = analyzeModel(readTflite(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)), board, path.basename(file));
    ctx.io.out(values.json ? jsonDocument(a) : formatAnalysis(a));
    return 0;
  },
};

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;

export function formatAnalysis(a: MemoryAnalysis): string {
  const lines = [
    `${a.model} on ${a.boardName}: ${a.fits ? 'FITS' : 'DOES NOT FIT'}`,
    `  MACs ${a.macs.toLocaleString('en-US')}   parameters ${a.params.toLocaleString('en-US')}`,
    `  arena    ours ${a.arena.ours} B   TFLM greedy ${a.arena.tflmGreedy} B   lower bound ${a.arena.lowerBound} B${a.arena.scratch ? `   (each incl. the kernels' scratch: ${a.arena.scratch} B over all layers, largest ${a.arena.largestScratch} B, each alive during its layer)` : ''}`,
    `  flash    ${kb(a.flash.total)} of ${kb(a.flash.available)} (${pct(a.flash.total, a.flash.available)}): weights ${a.flash.weights} B + code ~${a.flash.code} B`,
    `  RAM      ${kb(a.ram.total)} of ${kb(a.ram.available)} (${pct(a.ram.total, a.ram.available)}): arena ${a.ram.arena} B + runtime ~${a.ram.runtime} B + stack ${a.ram.stack} B`,
    `  time     ~${a.estimatedCycles.toLocaleString('en-US')} cycles, ~${a.estimatedMs.toFixed(1)} ms at the board's nominal clock (estimate)`,
    ...a.problems.map((p) => `  problem: ${p}`),
    ...(a.unsupported.length ? [`  cannot compile: unsupported operators ${a.unsupported.join(', ')}`] : []),
    '',
    '    #  op                        MACs    weights B  activations B   est. cycles',
    ...a.layers.map((l) => `  ${String(l.index).padStart(3)}  ${l.type.padEnd(20)} ${String(l.macs).padStart(10)} ${String(l.weightBytes).padStart(12)} ${String(l.activationBytes).padStart(14)} ${String(l.estimatedCycles).padStart(13)}`),
  ];
  return `${lines.join('\n')}\n`;
}
