// `tinyml quantize MODEL --calib DIR --out FILE.tflite`: post-training int8 quantization of a float .tflite on
// disk (no project needed). Prints the per-layer error table and, with --labels, float vs int8 accuracy.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { userError } from '../../../shared/api/errors';
import type { QuantizeReport } from '../../../shared/api/quantize-service';
import { readTflite } from '../../../shared/formats/tflite/reader';
import type { CalibrationMethod } from '../../../shared/quantize/calibrate';
import { loadCases } from '../../services/device/validate-cases';
import { quantizeCases } from '../../services/quantize-service';
import { jsonDocument, parseCommandArgs } from '../args';
import type { CliCommand } from '../command';

const METHODS: CalibrationMethod[] = ['minmax', 'percentile', 'mse'];

export const quantizeCommand: CliCommand = {
  name: 'quantize',
  summary: 'Quantize a float .tflite model to int8 (post-training, calibrated)',
  help: `Usage: tinyml quantize MODEL --calib DIR --out FILE.tflite [options]

Post-training int8 quantization as the TFLite int8 spec defines it: int8 symmetric
weights (per channel for CONV_2D / DEPTHWISE_CONV_2D), int32 biases, int8 asymmetric
activations calibrated on your samples, int8 model input and output.

Options:
  --calib DIR         folder of <case>.in0.bin files: raw float32 model inputs
                      (little-endian, no header; .in1.bin … for more inputs)
  --out FILE          where to write the int8 .tflite
  --method M          minmax (default), percentile (clips outliers at 99.99 %),
                      or mse (clipping range with the least squared error)
  --count N           use at most N calibration samples
  --per-tensor        one scale per weight tensor (also for convolutions)
  --per-channel-fc    per-channel FULLY_CONNECTED weights (TFLite 2.9 ignores them:
                      only for runtimes that support it)
  --float-io          keep float32 input/output (QUANTIZE / DEQUANTIZE at the ends)
  --keep-float LIST   comma-separated ops to leave in float: op name, output
                      tensor name or #index (mixed precision)
  --labels FILE       CSV file,ignored,label_index for the samples: prints float
                      vs int8 accuracy
  --json              print the report as one JSON document

Exit code: 0 when the int8 model was written, 1 on a problem to fix.

Example:
  tinyml quantize model_float.tflite --calib data/calib --out model_int8.tflite --method percentile
`,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      'quantize',
      args,
      {
        calib: { type: 'string' },
        out: { type: 'string' },
        method: { type: 'string' },
        count: { type: 'string' },
        'per-tensor': { type: 'boolean' },
        'per-channel-fc': { type: 'boolean' },
        'float-io': { type: 'boolean' },
        'keep-float': { type: 'string' },
        labels: { type: 'string' },
        json: { type: 'boolean' },
      },
      { min: 1, max: 1 },
    );
    if (!values.calib) throw userError('"tinyml quantize" needs --calib DIR.', 'Point --calib at a folder of <case>.in0.bin files (raw float32 inputs).');
    if (!values.out) throw userError('"tinyml quantize" needs --out FILE.tflite.', 'Say where to write the int8 model.');
    const method = (values.method ?? 'minmax') as CalibrationMethod;
    if (!METHODS.includes(method)) throw userError(`Unknown calibration method "${values.method}".`, `Use one of ${METHODS.join(', ')}.`);
    const count = values.count === undefined ? undefined : Number(values.count);
    if (count !== undefined && !(Number.isInteger(count) && count > 0)) throw userError(`--count must be a positive integer, got "${values.count}".`);

    const modelFile = path.resolve(ctx.cwd, positionals[0]);
    const bytes = await fs.readFile(modelFile).catch((e: NodeJS.ErrnoException) => {
      throw userError(`Cannot read ${modelFile}: ${e.code === 'ENOENT' ? 'no such file' : e.message}.`, 'Check the path to the float model.');
    });
    const graph = readTflite(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const cases = await loadCases(path.resolve(ctx.cwd, values.calib), graph, { labelsFile: values.labels ? path.resolve(ctx.cwd, values.labels) : undefined, limit: count });
    let last = -1;
    const { tflite, report } = await quantizeCases(graph, cases, {
      method,
      perTensor: values['per-tensor'],
      perChannelFc: values['per-channel-fc'],
      keepFloatIO: values['float-io'],
      keepFloat: values['keep-float']?.split(',').map((s) => s.trim()).filter(Boolean),
      onProgress: (f, m) => {
        const pctNow = Math.floor(f * 10);
        if (!values.json && pctNow !== last) ctx.io.err(`${m} ${Math.round(f * 100)} %\n`);
        last = pctNow;
      },
    });
    const outFile = path.resolve(ctx.cwd, values.out);
    await fs.mkdir(path.dirname(outFile), { recursive: true });
    await fs.writeFile(outFile, tflite);
    const full: QuantizeReport = { ...report, outputPath: outFile, floatBytes: bytes.length };
    ctx.io.out(values.json ? jsonDocument(full) : formatReport(full));
    return 0;
  },
};

export function formatReport(r: QuantizeReport): string {
  const L: string[] = [];
  L.push(`Wrote ${r.outputPath}: ${r.int8Bytes.toLocaleString('en-US')} bytes (float model ${r.floatBytes.toLocaleString('en-US')}), calibrated on ${r.samples} samples (${r.method}).`);
  if (r.folded.length) L.push(`Folded: ${r.folded.join('; ')}`);
  for (const f of r.floatOps) L.push(`Kept in float: #${f.index} ${f.type} (${f.reason})`);
  L.push('', 'Per-layer error (int8 dequantized vs float, over the calibration samples):');
  L.push(`  ${'op'.padEnd(5)} ${'type'.padEnd(18)} ${'SQNR dB'.padStart(8)} ${'cosine'.padStart(8)} ${'max |err|'.padStart(10)}  tensor`);
  for (const l of r.layers) {
    const mark = r.worst && l.opIndex === r.worst.opIndex && l.tensor === r.worst.tensor ? '  ← worst' : '';
    L.push(`  ${(l.opIndex < 0 ? 'in' : `#${l.opIndex}`).padEnd(5)} ${l.opType.padEnd(18)} ${(l.sqnrDb === null ? 'exact' : l.sqnrDb.toFixed(1)).padStart(8)} ${l.cosine.toFixed(5).padStart(8)} ${l.maxAbsError.toPrecision(3).padStart(10)}  ${l.tensor.slice(0, 60)}${mark}`);
  }
  const e = r.outputError;
  L.push('', `Model output vs float: max |err| ${e.maxAbs.toPrecision(3)}, mean ${e.meanAbs.toPrecision(3)}, RMSE ${e.rmse.toPrecision(3)}.`);
  if (r.top1Agreement !== null) L.push(`Top-1 class agrees with the float model on ${(100 * r.top1Agreement).toFixed(1)} % of the samples.`);
  if (r.accuracy) L.push(`Accuracy on ${r.accuracy.labelled} labelled samples: float ${(100 * r.accuracy.float).toFixed(1)} %, int8 ${(100 * r.accuracy.int8).toFixed(1)} %.`);
  return `${L.join('\n')}\n`;
}
