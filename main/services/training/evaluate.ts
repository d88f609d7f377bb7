// Accuracy of a classifier on labelled samples, three ways that must agree on what "accuracy" means: the
// float tfjs model, the float IR graph and the int8 IR graph in the reference interpreter (what the board runs).
import type * as tfTypes from '@tensorflow/tfjs';
import type { Graph } from '../../../shared/ir/graph';
import { Interpreter } from '../../../shared/interp/interpreter';
import { quantizeInputs } from '../../../shared/quantize/layer-error';

export interface Accuracy {
  accuracy: number;
  correct: number;
  count: number;
  /** Accuracy per class (NaN when the class has no samples). */
  perClass: number[];
  /** confusion[true][predicted] */
  confusion: number[][];
}

export function scorePredictions(predicted: ArrayLike<number>, labels: ArrayLike<number>, classes: number): Accuracy {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    confusion[labels[i]][predicted[i]]++;
    if (predicted[i] === labels[i]) correct++;
  }
  const perClass = confusion.map((row, c) => {
    const n = row.reduce((a, b) => a + b, 0);
    return n ? row[c] / n : NaN;
  });
  return { accuracy: labels.length ? correct / labels.length : NaN, correct, count: labels.length, perClass, confusion };
}

function argmax(v: ArrayLike<number>, from = 0, n = v.length): number {
  let best = from;
  for (let i = from + 1; i < from + n; i++) if (v[i] > v[best]) best = i;
  return best - from;
}

export function tfjsAccuracy(tf: typeof tfTypes, model: tfTypes.LayersModel, x: tfTypes.Tensor, labels: ArrayLike<number>, classes: number): Accuracy {
  const pred = tf.tidy(() => (model.predict(x, { batchSize: 256 }) as tfTypes.Tensor).argMax(-1).dataSync());
  return scorePredictions(pred, labels, classes);
}

/** Runs a float or int8 graph (single input, single output) over float samples in the reference interpreter. */
export function graphAccuracy(graph: Graph, samples: readonly Float32Array[], labels: ArrayLike<number>, classes: number, signal?: AbortSignal): Accuracy {
  const interp = new Interpreter(graph);
  const out = graph.tensors[graph.outputs[0]];
  const pred = new Int32Array(samples.length);
  samples.forEach((s, i) => {
    if (signal?.aborted) throw signal.reason;
    const bytes = new Uint8Array(s.buffer, s.byteOffset, s.byteLength);
    const inputs = graph.tensors[graph.inputs[0]].dtype === 'float32' ? [bytes] : quantizeInputs(graph, [bytes]);
    const y = interp.run(inputs)[0];
    // Argmax on raw int8 is argmax on the dequantized values: the scale is positive, so the order is the same.
    pred[i] = out.dtype === 'int8' ? argmax(new Int8Array(y.buffer, y.byteOffset, y.byteLength)) : argmax(new Float32Array(y.slice().buffer));
  });
  return scorePredictions(pred, labels, classes);
}
