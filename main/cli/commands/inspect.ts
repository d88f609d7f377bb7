// `tinyml inspect MODEL`: what a model file holds — operators in order with shapes, tensors, parameters, MACs,
// and which operators block compilation. Reads any file on disk; no project needed.
import path from 'node:path';
import type { ModelSummaryData } from '../../../shared/api/model-service';
import { summarizeGraph } from '../../../shared/ir/summary';
import { loadModelFile } from '../../services/import/load-model-file';
import { jsonDocument, parseCommandArgs } from '../args';
import type { CliCommand } from '../command';

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'Show a model\'s operators, shapes, tensors, parameters and MACs',
  help: `Usage: tinyml inspect MODEL [--json] [--tensors]

Reads a .tflite model, a TensorFlow.js model.json (weights beside it) or a TinyML Studio IR .json, and prints its inputs and outputs,
every operator in execution order with its output shape, parameters and MACs, the
totals, and the operators TinyML Studio cannot compile (custom or unsupported ops).

Options:
  --json      print the summary as one JSON document
              { name, source, inputs, outputs, operators: [{ index, type, customCode?,
                inputs, outputs, attrs, params, macs, activationBytes, supported }],
                tensors, totals, unsupported, shapeErrors }
  --tensors   also list every tensor (dtype, shape, bytes, quantization)

Exit code: 0 when the model was read (even with unsupported operators),
1 when the file is missing or is not a valid model.

Example:
  tinyml inspect models/person_detect.tflite
`,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('inspect', args, { json: { type: 'boolean' }, tensors: { type: 'boolean' } }, { min: 1, max: 1 });
    const file = path.resolve(ctx.cwd, positionals[0]);
    // .tflite, a TensorFlow.js model.json (its weight files beside it) or TinyML Studio IR JSON.
    const summary = summarizeGraph((await loadModelFile(file)).graph);
    ctx.io.out(values.json ? jsonDocument(summary) : formatSummary(summary, path.basename(file), !!values.tensors));
    return 0;
  },
};

const shape = (s: readonly number[]) => `[${s.join(',')}]`;
const quant = (t: { scale?: number; zeroPoint?: number }) => (t.scale !== undefined ? ` s=${t.scale} zp=${t.zeroPoint}` : '');

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

export function formatSummary(s: ModelSummaryData, fileName: string, withTensors: boolean): string {
  const L: string[] = [`${fileName}: ${s.name} — ${s.source}`, ''];
  for (const t of s.inputs) L.push(`  input  ${t.name} ${t.dtype} ${shape(t.shape)}${quant(t)}`);
  for (const t of s.outputs) L.push(`  output ${t.name} ${t.dtype} ${shape(t.shape)}${quant(t)}`);
  L.push('', 'Operators:');
  const typeWidth = Math.max(4, ...s.operators.map((o) => (o.customCode ?? o.type).length));
  for (const o of s.operators) {
    const label = (o.customCode ?? o.type).padEnd(typeWidth);
    const outs = o.outputs.map((t) => `${t.dtype}${shape(t.shape)}`).join(' ');
    const cost = `${formatCount(o.params).padStart(8)} params ${formatCount(o.macs).padStart(9)} MACs`;
    L.push(`  #${String(o.index).padEnd(3)} ${label} → ${outs.padEnd(22)} ${cost}${o.supported ? '' : '  (unsupported)'}`);
  }
  const t = s.totals;
  L.push('', `Totals: ${t.operators} operators, ${t.tensors} tensors, ${t.params.toLocaleString('en-US')} parameters (${t.weightBytes.toLocaleString('en-US')} bytes of constants), ${t.macs.toLocaleString('en-US')} MACs, activations ${t.activationBytes.toLocaleString('en-US')} bytes in all (largest single op ${t.peakOpActivationBytes.toLocaleString('en-US')}).`);
  if (withTensors) {
    L.push('', 'Tensors:');
    for (const x of s.tensors) {
      const q = x.quant ? (x.quant.scale.length > 1 ? ` per-channel(axis ${x.quant.axis}, ${x.quant.scale.length} scales)` : quant(x)) : '';
      L.push(`  %${String(x.id).padEnd(4)} ${x.dtype.padEnd(7)} ${shape(x.shape).padEnd(16)} ${String(x.bytes).padStart(8)} B ${x.constant ? 'const' : 'act  '} ${x.name}${q}`);
    }
  }
  if (s.unsupported.length) {
    L.push('', `Cannot compile: ${s.unsupported.length} unsupported operator${s.unsupported.length === 1 ? '' : 's'}:`);
    for (const u of s.unsupported) L.push(`  #${u.index} ${u.customCode ?? u.type}: ${u.reason}`);
  }
  if (s.shapeErrors.length) {
    L.push('', 'Shape problems:');
    for (const e of s.shapeErrors) L.push(`  ${e.message}`);
  }
  return `${L.join('\n')}\n`;
}
