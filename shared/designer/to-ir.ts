// Converts a designer document into the model IR: float32 tensors with weights initialised by Glorot-uniform
// from a PRNG seeded by the layer name, so the same design always gives the same graph. Op types and
// attribute keys are the IR's (TFLite's), see shared/ir/ops.
import type { FusedActivation, Graph, OpAttrs, Operator } from '../ir/graph';
import type { Tensor } from '../ir/tensor';
import type { DesignDocument, DesignLayer } from './design-document';
import { param } from './layer-catalog';
import { inferDesign } from './shape-inference';
import { hashString, seededRandom } from '../util/seeded-random';

function f32(values: Float32Array): Uint8Array {
  // Typed arrays use the platform byte order; every platform we run on is little-endian, as the IR requires.
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function i32(values: number[]): Uint8Array {
  return new Uint8Array(Int32Array.from(values).buffer);
}

function glorot(seedName: string, n: number, fanIn: number, fanOut: number): Float32Array {
  const rand = seededRandom(hashString(seedName));
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (rand() * 2 - 1) * limit;
  return out;
}

export interface DesignToIrOptions {
  /** Mixed into every layer's seed; change it to draw a different initialisation. */
  seed?: number;
}

export function designToIr(doc: DesignDocument, opts: DesignToIrOptions = {}): Graph {
  const report = inferDesign(doc);
  const bad = doc.layers.find((l) => report.layers[l.id].error);
  if (bad) throw new Error(`Layer "${bad.name}" has a problem: ${report.layers[bad.id].error}`);
  if (report.designErrors.length) throw new Error(report.designErrors[0]);
  if (report.order.length !== doc.layers.length) throw new Error('The design has a cycle; remove one connection in the loop.');

  const seed = opts.seed ?? 0;
  const tensors: Tensor[] = [];
  const operators: Operator[] = [];
  const byId = new Map(doc.layers.map((l) => [l.id, l]));
  /** The IR tensor holding each layer's output. */
  const out = new Map<string, number>();

  const tensor = (name: string, shape: number[], data?: Uint8Array, dtype: Tensor['dtype'] = 'float32'): number => {
    const id = tensors.length;
    tensors.push({ id, name, dtype, shape, ...(data ? { data } : {}) });
    return id;
  };
  const op = (type: string, inputs: number[], outputs: number[], attrs: OpAttrs, name: string): void => {
    operators.push({ id: operators.length, type, inputs, outputs, attrs, name });
  };
  const batched = (l: DesignLayer) => [1, ...report.layers[l.id].shape!];
  const fused = (l: DesignLayer): FusedActivation => {
    const a = param<string>(l.kind, l.params, 'activation');
    return a === 'relu' ? 'RELU' : a === 'relu6' ? 'RELU6' : 'NONE';
  };
  /** Activations TFLite cannot fuse into the op become their own op after it. */
  const trailing = (l: DesignLayer, t: number): number => {
    const a = param<string>(l.kind, l.params, 'activation');
    const type = a === 'sigmoid' ? 'LOGISTIC' : a === 'tanh' ? 'TANH' : a === 'softmax' ? 'SOFTMAX' : undefined;
    if (!type) return t;
    const o = tensor(`${l.name}/${a}`, tensors[t].shape.slice());
    op(type, [t], [o], type === 'SOFTMAX' ? { beta: 1 } : {}, `${l.name}/${a}`);
    return o;
  };
  const bias = (l: DesignLayer, n: number): number => (param<boolean>(l.kind, l.params, 'useBias') ? tensor(`${l.name}/bias`, [n], f32(new Float32Array(n))) : -1);
  const seedName = (l: DesignLayer, what: string) => `${seed}:${l.name}/${what}`;
  const window = (l: DesignLayer) => {
    const s = param<number[]>(l.kind, l.params, 'strides');
    return { padding: param<string>(l.kind, l.params, 'padding') === 'same' ? 'SAME' : 'VALID', strideH: s[0], strideW: s[1] };
  };

  for (const id of report.order) {
    const l = byId.get(id)!;
    const ins = report.inputsOf[id].map((f) => out.get(f)!);
    const x = ins[0];
    const xs = x === undefined ? [] : tensors[x].shape;
    const shape = batched(l);
    let result: number;
    switch (l.kind) {
      case 'Input':
        result = tensor(l.name, shape);
        break;
      case 'Conv2D': {
        const [kh, kw] = param<number[]>(l.kind, l.params, 'kernel');
        const f = param<number>(l.kind, l.params, 'filters');
        const cin = xs[3];
        const w = tensor(`${l.name}/kernel`, [f, kh, kw, cin], f32(glorot(seedName(l, 'kernel'), f * kh * kw * cin, kh * kw * cin, kh * kw * f)));
        const conv = tensor(l.name, shape);
        op('CONV_2D', [x, w, bias(l, f)], [conv], { ...window(l), dilationH: 1, dilationW: 1, activation: fused(l) }, l.name);
        result = trailing(l, conv);
        break;
      }
      case 'DepthwiseConv2D':
      case 'SeparableConv2D': {
        const [kh, kw] = param<number[]>(l.kind, l.params, 'kernel');
        const dm = param<number>(l.kind, l.params, 'depthMultiplier');
        const cin = xs[3];
        const sep = l.kind === 'SeparableConv2D';
        const w = tensor(`${l.name}/depthwise_kernel`, [1, kh, kw, cin * dm], f32(glorot(seedName(l, 'depthwise_kernel'), kh * kw * cin * dm, kh * kw * cin, kh * kw * dm)));
        const dwShape = [...shape.slice(0, 3), cin * dm];
        const dw = tensor(sep ? `${l.name}/depthwise` : l.name, dwShape);
        op('DEPTHWISE_CONV_2D', [x, w, sep ? -1 : bias(l, cin * dm)], [dw], { ...window(l), dilationH: 1, dilationW: 1, depthMultiplier: dm, activation: sep ? 'NONE' : fused(l) }, sep ? `${l.name}/depthwise` : l.name);
        if (!sep) {
          result = trailing(l, dw);
          break;
        }
        const f = param<number>(l.kind, l.params, 'filters');
        const pw = tensor(`${l.name}/pointwise_kernel`, [f, 1, 1, cin * dm], f32(glorot(seedName(l, 'pointwise_kernel'), f * cin * dm, cin * dm, f)));
        const conv = tensor(l.name, shape);
        op('CONV_2D', [dw, pw, bias(l, f)], [conv], { padding: 'VALID', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: fused(l) }, `${l.name}/pointwise`);
        result = trailing(l, conv);
        break;
      }
      case 'Dense': {
        const u = param<number>(l.kind, l.params, 'units');
        const k = xs[xs.length - 1];
        const w = tensor(`${l.name}/kernel`, [u, k], f32(glorot(seedName(l, 'kernel'), u * k, k, u)));
        const fc = tensor(l.name, shape);
        op('FULLY_CONNECTED', [x, w, bias(l, u)], [fc], { activation: fused(l), keepNumDims: false, weightsFormat: 'DEFAULT' }, l.name);
        result = trailing(l, fc);
        break;
      }
      case 'MaxPool':
      case 'AvgPool': {
        const [ph, pw] = param<number[]>(l.kind, l.params, 'pool');
        result = tensor(l.name, shape);
        op(l.kind === 'MaxPool' ? 'MAX_POOL_2D' : 'AVERAGE_POOL_2D', [x], [result], { ...window(l), filterH: ph, filterW: pw, activation: 'NONE' }, l.name);
        break;
      }
      case 'GlobalAvgPool': {
        const axes = tensor(`${l.name}/axes`, [2], i32([1, 2]), 'int32');
        result = tensor(l.name, shape);
        op('MEAN', [x, axes], [result], { keepDims: false }, l.name);
        break;
      }
      case 'Flatten':
      case 'Reshape': {
        const s = tensor(`${l.name}/shape`, [shape.length], i32(shape), 'int32');
        result = tensor(l.name, shape);
        op('RESHAPE', [x, s], [result], { newShape: shape }, l.name);
        break;
      }
      case 'Add': {
        result = x;
        for (let i = 1; i < ins.length; i++) {
          const o = tensor(i === ins.length - 1 ? l.name : `${l.name}/partial_${i}`, shape);
          op('ADD', [result, ins[i]], [o], { activation: 'NONE' }, i === ins.length - 1 ? l.name : `${l.name}/partial_${i}`);
          result = o;
        }
        break;
      }
      case 'Concatenate': {
        const a = param<number>(l.kind, l.params, 'axis');
        const rank = shape.length - 1;
        result = tensor(l.name, shape);
        op('CONCATENATION', ins, [result], { axis: (a < 0 ? a + rank : a) + 1, activation: 'NONE' }, l.name);
        break;
      }
      case 'BatchNorm': {
        // Inference-time batch norm with fresh statistics (mean 0, variance 1, gamma 1, beta 0): x * 1/sqrt(1+eps) + 0.
        const c = shape[shape.length - 1];
        const eps = param<number>(l.kind, l.params, 'epsilon');
        const scale = tensor(`${l.name}/scale`, [c], f32(new Float32Array(c).fill(1 / Math.sqrt(1 + eps))));
        const offset = tensor(`${l.name}/offset`, [c], f32(new Float32Array(c)));
        const mul = tensor(`${l.name}/mul`, shape);
        op('MUL', [x, scale], [mul], { activation: 'NONE' }, `${l.name}/mul`);
        result = tensor(l.name, shape);
        op('ADD', [mul, offset], [result], { activation: 'NONE' }, l.name);
        break;
      }
      case 'Dropout':
        result = x; // identity at inference
        break;
      case 'ReLU':
      case 'ReLU6':
      case 'Softmax':
      case 'Sigmoid':
      case 'Tanh': {
        const type = { ReLU: 'RELU', ReLU6: 'RELU6', Softmax: 'SOFTMAX', Sigmoid: 'LOGISTIC', Tanh: 'TANH' }[l.kind];
        result = tensor(l.name, shape);
        op(type, [x], [result], l.kind === 'Softmax' ? { beta: 1 } : {}, l.name);
        break;
      }
    }
    out.set(id, result);
  }

  return {
    name: doc.name,
    tensors,
    operators,
    inputs: doc.layers.filter((l) => l.kind === 'Input').map((l) => out.get(l.id)!),
    outputs: report.outputs.map((id) => out.get(id)!),
    source: 'designer',
  };
}
