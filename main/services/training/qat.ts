// Quantization-aware fine-tuning (QAT): a few epochs at a low learning rate in which the forward pass sees int8
// rounding, so the weights move to where int8 loses less. Weights are fake-quantized on our quantizer's grid
// (symmetric, per output channel for convolutions, per tensor for Dense as quantizeModel does by default); every
// activation that becomes an int8 tensor is fake-quantized with asymmetric parameters from a running (EMA) min /
// max, started from a min/max pass over the first training samples like calibration. Gradients use the
// straight-through estimator (fake-quant.ts).
//
// Weights use the "shadow" form of the STE: the float weights stay the master copy; for each batch the variables
// are set to their fake-quantized values, the gradient is taken there, the float weights are restored and the
// gradient applied to them. That is exactly w + stopGradient(fq(w) − w) without rewriting the layers' kernels.
// The result is a float model; the caller runs the normal PTQ (quantizeModel) on it and measures the int8 graph
// in the reference interpreter, so the reported accuracy is the int8 model's, not the fake-quant model's.
import type * as tfTypes from '@tensorflow/tfjs';
import { fakeQuantActivation, fakeQuantWeights, type ActivationRange } from './fake-quant';
import { seededRandom } from '../../../shared/designer/seeded-random';

export interface QatOptions {
  epochs: number;
  /** Low: the weights are already trained, QAT only nudges them (default 3e-4). */
  learningRate?: number;
  batchSize?: number;
  /** Weight of the old range in the running min / max (default 0.95). */
  emaDecay?: number;
  /** Samples of the first min / max pass (default 256). */
  rangeSamples?: number;
  /** Per-channel Dense weights (quantizeModel's perChannelFc); default per tensor, as the quantizer's default. */
  perChannelFc?: boolean;
  seed?: number;
}

export interface QatEpoch {
  epoch: number;
  /** Training loss and accuracy of the fake-quantized model. */
  loss: number;
  accuracy: number;
}

export interface QatResult {
  history: QatEpoch[];
  cancelled: boolean;
  /** Layer name → activation range seen at the end (what the fake quantizer used). */
  ranges: Map<string, ActivationRange>;
}

/** Layers whose output keeps its input's int8 parameters in TFLite (no requantization), so they add no rounding. */
const PASS_THROUGH = new Set(['Flatten', 'Reshape', 'Dropout', 'MaxPooling2D', 'MaxPool2D', 'InputLayer']);

interface KernelSpec {
  variable: tfTypes.Variable;
  perChannel: boolean;
  channelAxes: number;
}

function kernelsOf(model: tfTypes.LayersModel, perChannelFc: boolean): KernelSpec[] {
  const out: KernelSpec[] = [];
  for (const layer of model.layers) {
    const ws = layer.trainableWeights.map((w) => w.read() as tfTypes.Variable);
    switch (layer.getClassName()) {
      case 'Conv2D':
        out.push({ variable: ws[0], perChannel: true, channelAxes: 1 });
        break;
      case 'Dense':
        out.push({ variable: ws[0], perChannel: perChannelFc, channelAxes: 1 });
        break;
      case 'DepthwiseConv2D':
        out.push({ variable: ws[0], perChannel: true, channelAxes: 2 });
        break;
      case 'SeparableConv2D':
        out.push({ variable: ws[0], perChannel: true, channelAxes: 2 }, { variable: ws[1], perChannel: true, channelAxes: 1 });
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * The model's forward pass layer by layer (model.layers is in topological order), fake-quantizing the input and
 * each requantized layer output. `observe` updates the running ranges from this batch first.
 */
export function fakeQuantForward(
  tf: typeof tfTypes,
  model: tfTypes.LayersModel,
  x: tfTypes.Tensor,
  ranges: Map<string, ActivationRange>,
  o: { training: boolean; observe: boolean; decay: number },
): tfTypes.Tensor {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new Error('Quantization-aware training supports models with one input and one output.');
  const outputLayer = model.outputs[0].sourceLayer.name;
  const values = new Map<string, tfTypes.Tensor>();
  const quantize = (name: string, t: tfTypes.Tensor): tfTypes.Tensor => {
    if (o.observe) {
      const [lo, hi] = tf.tidy(() => [t.min().dataSync()[0], t.max().dataSync()[0]]);
      const r = ranges.get(name);
      ranges.set(name, r ? { min: o.decay * r.min + (1 - o.decay) * lo, max: o.decay * r.max + (1 - o.decay) * hi } : { min: lo, max: hi });
    }
    const r = ranges.get(name);
    return r ? fakeQuantActivation(tf, t, r) : t;
  };
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls === 'InputLayer') {
      values.set(layer.name, quantize(layer.name, x));
      continue;
    }
    const ins = layer.inboundNodes[0].inboundLayers.map((l) => {
      const v = values.get(l.name);
      if (!v) throw new Error(`Layer ${layer.name} reads ${l.name}, which has not been computed.`);
      return v;
    });
    let y = layer.apply(ins.length === 1 ? ins[0] : ins, { training: o.training }) as tfTypes.Tensor;
    // The output layer is left alone: a Softmax output has fixed int8 parameters and is read by argmax anyway.
    if (!PASS_THROUGH.has(cls) && layer.name !== outputLayer) y = quantize(layer.name, y);
    values.set(layer.name, y);
  }
  const out = values.get(outputLayer);
  if (!out) throw new Error('The model output was not computed.');
  return out;
}

/** Mean sparse categorical cross-entropy of probabilities (the designs end in a softmax, as train-loop assumes). */
function crossEntropy(tf: typeof tfTypes, probs: tfTypes.Tensor, labels: tfTypes.Tensor): tfTypes.Scalar {
  const classes = probs.shape[probs.shape.length - 1]!;
  const onehot = tf.oneHot(tf.cast(labels, 'int32') as tfTypes.Tensor1D, classes);
  const p = tf.sum(tf.mul(probs, onehot), -1);
  return tf.neg(tf.mean(tf.log(tf.clipByValue(p, 1e-7, 1)))) as tfTypes.Scalar;
}

export async function qatFineTune(
  tf: typeof tfTypes,
  model: tfTypes.LayersModel,
  data: { x: tfTypes.Tensor; y: tfTypes.Tensor },
  opts: QatOptions,
  hooks: { signal?: AbortSignal; onEpoch?: (m: QatEpoch) => void } = {},
): Promise<QatResult> {
  const batchSize = opts.batchSize ?? 64;
  const decay = opts.emaDecay ?? 0.95;
  const optimizer = tf.train.adam(opts.learningRate ?? 3e-4);
  const kernels = kernelsOf(model, opts.perChannelFc ?? false);
  const vars = model.trainableWeights.map((w) => w.read() as tfTypes.Variable);
  const ranges = new Map<string, ActivationRange>();
  const n = data.x.shape[0];
  const history: QatEpoch[] = [];
  const rand = seededRandom(opts.seed ?? 7);
  let cancelled = false;

  // Starting ranges: min / max over the first samples with the float weights, as calibration would see them.
  tf.tidy(() => {
    const first = data.x.slice(0, Math.min(n, opts.rangeSamples ?? 256));
    fakeQuantForward(tf, model, first, ranges, { training: false, observe: true, decay: 0 });
  });
  // observe with decay 0 set each range from the pass; fix them as the starting point.
  try {
    for (let epoch = 0; epoch < opts.epochs && !cancelled; epoch++) {
      const order = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      let lossSum = 0;
      let correct = 0;
      for (let b = 0; b < n; b += batchSize) {
        if (hooks.signal?.aborted) {
          cancelled = true;
          break;
        }
        const idx = tf.tensor1d(Int32Array.from(order.slice(b, b + batchSize)), 'int32');
        const xb = tf.gather(data.x, idx);
        const yb = tf.gather(data.y, idx);
        const masters = kernels.map((k) => k.variable.clone());
        kernels.forEach((k, i) => k.variable.assign(tf.tidy(() => fakeQuantWeights(tf, masters[i], k.perChannel, k.channelAxes))));
        let probs: tfTypes.Tensor | null = null;
        const { value, grads } = optimizer.computeGradients(() => {
          const p = fakeQuantForward(tf, model, xb, ranges, { training: true, observe: true, decay });
          probs = tf.keep(p);
          return crossEntropy(tf, p, yb);
        }, vars);
        // Straight-through for the weights: the gradient taken at fq(w) is applied to the float w.
        kernels.forEach((k, i) => k.variable.assign(masters[i]));
        optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
        lossSum += value.dataSync()[0] * (idx.shape[0]);
        correct += tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(probs!, -1), tf.cast(yb, 'int32')), 'float32')).dataSync()[0]);
        tf.dispose([value, idx, xb, yb, probs!, ...masters, ...Object.values(grads)]);
        await new Promise((r) => setImmediate(r));
      }
      if (cancelled) break;
      const m = { epoch, loss: lossSum / n, accuracy: correct / n };
      history.push(m);
      hooks.onEpoch?.(m);
    }
  } finally {
    optimizer.dispose();
  }
  return { history, cancelled, ranges };
}
