// Inference-time simplifications a TFLite converter also makes, so an imported Keras model costs what the same
// model converted to .tflite would: per-channel MUL/ADD constants (BatchNormalization) fold into the conv or
// dense weights before them, and RELU/RELU6 fold into the op before them as a fused activation. A fold
// only happens when the intermediate tensor has no other reader and is not a model output.
import type { FusedActivation, Graph, Operator } from '../../ir/graph';
import { compact } from '../../ir/compact';
import { asFloat32, elementCount, type Tensor } from '../../ir/tensor';

const LINEAR = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED']);
const TAKES_ACTIVATION = new Set([...LINEAR, 'ADD']);
// Only clamping activations: kernels implement a fused activation as a clamp (TANH would not be).
const FUSED_FOR: Record<string, FusedActivation> = { RELU: 'RELU', RELU6: 'RELU6' };

/** Output channel of flat element i of a linear op's weights (the dim the per-channel constant scales). */
function channelOf(op: Operator, w: Tensor): (i: number) => number {
  if (op.type === 'DEPTHWISE_CONV_2D') {
    const c = w.shape[3];
    return (i) => i % c;
  }
  const inner = elementCount(w.shape.slice(1));
  return (i) => Math.floor(i / inner);
}

function outChannels(op: Operator, w: Tensor): number {
  return op.type === 'DEPTHWISE_CONV_2D' ? w.shape[3] : w.shape[0];
}

function floatConst(t: Tensor | undefined): Float32Array | undefined {
  return t?.data && t.dtype === 'float32' ? asFloat32(t.data).slice() : undefined;
}

export function fuseForInference(g: Graph): Graph {
  const dead = new Set<Operator>();
  const live = () => g.operators.filter((o) => !dead.has(o));
  const readers = (t: number) => live().reduce((n, o) => n + o.inputs.filter((i) => i === t).length, 0) + g.outputs.filter((o) => o === t).length;
  const producer = (t: number) => live().find((o) => o.outputs.includes(t));
  // Constants are copied before a fold rewrites them, since a shared layer's ops share one weight tensor.
  const ownData = (op: Operator, slot: number, values: Float32Array, name: string, shape: number[]) => {
    const id = g.tensors.length;
    g.tensors.push({ id, name, dtype: 'float32', shape, data: new Uint8Array(values.buffer) });
    op.inputs[slot] = id;
  };

  for (const op of g.operators) {
    if (dead.has(op) || op.inputs.length < 1) continue;
    const x = op.inputs[0];
    const p = producer(x);
    if (!p || readers(x) !== 1) continue;
    const pAct = (p.attrs.activation ?? 'NONE') as FusedActivation;

    if ((op.type === 'MUL' || op.type === 'ADD') && LINEAR.has(p.type) && pAct === 'NONE' && op.attrs.activation === 'NONE') {
      const k = floatConst(g.tensors[op.inputs[1]]);
      const w = g.tensors[p.inputs[1]];
      const wv = floatConst(w);
      const c = wv ? outChannels(p, w) : -1;
      if (!k || !wv || k.length !== c || g.tensors[op.inputs[1]].shape.length !== 1) continue;
      const bias = p.inputs[2] !== undefined && p.inputs[2] >= 0 ? floatConst(g.tensors[p.inputs[2]]) : undefined;
      const b = bias ?? new Float32Array(c);
      if (op.type === 'MUL') {
        const ch = channelOf(p, w);
        for (let i = 0; i < wv.length; i++) wv[i] *= k[ch(i)];
        for (let o = 0; o < c; o++) b[o] *= k[o];
        ownData(p, 1, wv, w.name, w.shape.slice());
      } else {
        for (let o = 0; o < c; o++) b[o] += k[o];
      }
      if (bias || op.type === 'ADD') {
        if (p.inputs.length < 3) p.inputs.push(-1);
        ownData(p, 2, b, `${p.name ?? 'op'}/bias`, [c]);
      }
    } else if (op.type in FUSED_FOR && TAKES_ACTIVATION.has(p.type) && pAct === 'NONE') {
      p.attrs = { ...p.attrs, activation: FUSED_FOR[op.type] };
    } else continue;
    p.outputs = op.outputs.slice();
    dead.add(op);
  }
  return compact({ ...g, operators: live() }).graph;
}
