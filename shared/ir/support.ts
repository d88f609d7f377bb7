// Which operators block compilation. Unsupported operators still import (the graph can be viewed), and this
// list is what the UI, `tinyml inspect` and the compiler show the user.
import type { Graph, Operator } from './graph';
import { opDef } from './ops/registry';
import type { Tensor } from './tensor';

/** Fused activations TFLM (and so our interpreter and C kernels) can apply; TANH and SIGN_BIT are not. */
const RUNNABLE_FUSED = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'];

/** int8 ops whose TFLM kernel only works with a fixed output quantization: [scale, zero point, scale as text]. */
const FIXED_OUTPUT: Record<string, [number, number, string]> = {
  SOFTMAX: [1 / 256, -128, '1/256'],
  LOGISTIC: [1 / 256, -128, '1/256'],
  TANH: [1 / 128, 0, '1/128'],
};

/** int8 ops that copy or compare raw values and so need the output's quantization on every input. */
const SAME_QUANT = new Set(['CONCATENATION', 'RELU6', 'MAX_POOL_2D', 'AVERAGE_POOL_2D']);

const fmtQuant = (t: Tensor) => `scale ${t.quant?.scale[0] ?? 'none'}, zero point ${t.quant?.zeroPoint[0] ?? 0}`;

/**
 * Why the kernels refuse this operator as configured (the same conditions the reference interpreter's prepare
 * and the code generator check), or undefined. Listed here so `tinyml inspect`, the UI and compile name them
 * up front instead of failing when the model runs.
 */
function kernelRefusal(graph: Graph, op: Operator): string | undefined {
  const activation = op.attrs.activation;
  if (typeof activation === 'string' && activation !== 'NONE') {
    if (op.type === 'CONCATENATION') return `fused activation ${activation} on CONCATENATION is not supported (TFLM's kernel has none)`;
    if (!RUNNABLE_FUSED.includes(activation)) return `fused activation ${activation} is not supported (TFLM runs ${RUNNABLE_FUSED.join(', ')}); put a separate ${activation} operator after it`;
  }
  const input = op.inputs[0] >= 0 ? graph.tensors[op.inputs[0]] : undefined;
  const output = graph.tensors[op.outputs[0]];
  if (!input || !output || input.dtype !== 'int8' || output.dtype !== 'int8') return undefined;
  const fixed = FIXED_OUTPUT[op.type];
  if (fixed && (output.quant?.scale[0] !== fixed[0] || (output.quant?.zeroPoint[0] ?? 0) !== fixed[1])) {
    return `int8 ${op.type} needs output scale ${fixed[2]} and zero point ${fixed[1]} (TFLM's kernel assumes them); output "${output.name}" has ${fmtQuant(output)}. Re-quantize the model with that output range`;
  }
  if (SAME_QUANT.has(op.type)) {
    const ins = op.type === 'CONCATENATION' ? op.inputs : [op.inputs[0]];
    for (const id of ins) {
      const t = graph.tensors[id];
      if (!t || t.dtype !== 'int8') continue;
      if (t.quant?.scale[0] !== output.quant?.scale[0] || (t.quant?.zeroPoint[0] ?? 0) !== (output.quant?.zeroPoint[0] ?? 0)) {
        return `int8 ${op.type} needs the output's quantization on its input${ins.length > 1 ? 's' : ''} (it copies raw values); input "${t.name}" has ${fmtQuant(t)}, output "${output.name}" has ${fmtQuant(output)}. Re-quantize so they share one scale and zero point`;
      }
    }
  }
  return undefined;
}

export interface UnsupportedOperator {
  /** Operator index (= execution order). */
  index: number;
  type: string;
  customCode?: string;
  reason: string;
}

export function operatorLabel(op: { type: string; customCode?: string }): string {
  return op.type === 'CUSTOM' && op.customCode ? op.customCode : op.type;
}

export function unsupportedOperators(graph: Graph): UnsupportedOperator[] {
  const out: UnsupportedOperator[] = [];
  for (const op of graph.operators) {
    const entry = (reason: string) => {
      const u: UnsupportedOperator = { index: op.id, type: op.type, reason };
      if (op.customCode !== undefined) u.customCode = op.customCode;
      out.push(u);
    };
    const def = opDef(op.type);
    if (!def) {
      entry(op.type === 'CUSTOM' ? `custom operator ${op.customCode || '(unnamed)'} has no implementation` : `operator ${op.type} is not supported`);
      continue;
    }
    if (op.type === 'FULLY_CONNECTED' && op.attrs.weightsFormat && op.attrs.weightsFormat !== 'DEFAULT') {
      entry(`FULLY_CONNECTED with ${String(op.attrs.weightsFormat)} weights is not supported`);
      continue;
    }
    const bad = [...op.inputs, ...op.outputs].filter((t) => t >= 0).map((t) => graph.tensors[t]).find((t) => !t || t.dtype === 'unknown' || t.dtype === 'string');
    if (bad) {
      entry(`tensor ${bad.name} has a data type we cannot compute with`);
      continue;
    }
    const refusal = kernelRefusal(graph, op);
    if (refusal) entry(refusal);
  }
  return out;
}
