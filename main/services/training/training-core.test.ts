// Real tfjs (WASM backend), real designer conversion, real reference interpreter: no mocks.
import { describe, expect, it } from 'vitest';
import type * as tfTypes from '@tensorflow/tfjs';
import { Interpreter } from '../../../shared/interp/interpreter';
import { designToTfjs } from '../../../shared/designer/to-tfjs';
import { seededRandom } from '../../../shared/designer/seeded-random';
import { mnistDesign } from './mnist-proof';
import { readLayerWeights, writeLayerWeights, type LayerWeights } from './layer-weights';
import { structuredPrune, filtersToKeep } from './structured-prune';
import { polynomialSparsity, magnitudeMasks } from './magnitude-prune';
import { tfjsWasm } from './tfjs-wasm';
import { trainClassifier } from './train-loop';
import { randomShift } from './augment';
import { trainedGraph } from './trained-graph';
import { computeStats } from '../../../shared/ir/stats';

async function modelOf(tf: typeof tfTypes, doc = mnistDesign()) {
  return tf.models.modelFromJSON({ modelTopology: designToTfjs(doc).modelTopology as unknown as tfTypes.io.ModelJSON['modelTopology'] });
}

function randomImages(n: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n * 784 }, () => r());
}

function runGraph(g: ReturnType<typeof trainedGraph>, img: Float32Array): Float32Array {
  const out = new Interpreter(g).run([new Uint8Array(img.slice().buffer)])[0];
  return new Float32Array(out.slice().buffer);
}

/** A learnable toy task: the label says which half of the (random) image is brighter. */
function toyTask(n: number, seed: number): { imgs: Float32Array; labels: Float32Array } {
  const imgs = randomImages(n, seed);
  const labels = Float32Array.from({ length: n }, (_, k) => {
    let top = 0;
    for (let i = 0; i < 392; i++) top += imgs[k * 784 + i] - imgs[k * 784 + 392 + i];
    return top > 0 ? 1 : 0;
  });
  return { imgs, labels };
}

describe('training core', () => {
  it('the WASM Conv2DBackpropFilter shim gives the same gradient as the CPU backend', async () => {
    const tf = await tfjsWasm();
    const r = seededRandom(3);
    const xv = Float32Array.from({ length: 2 * 9 * 7 * 3 }, () => r() - 0.5);
    const wv = Float32Array.from({ length: 3 * 3 * 3 * 4 }, () => r() - 0.5);
    for (const strides of [[1, 1], [2, 1]] as [number, number][]) {
    const grad = () =>
      tf.tidy(() => {
        const x = tf.tensor4d(xv, [2, 9, 7, 3]);
        const w = tf.tensor4d(wv, [3, 3, 3, 4]);
        const g = tf.grad((k: tfTypes.Tensor) => tf.conv2d(x, k as tfTypes.Tensor4D, strides, 'same').square().sum())(w);
        return Array.from(g.dataSync());
      });
    const onWasm = grad();
    await tf.setBackend('cpu');
    const onCpu = grad();
    await tf.setBackend('wasm');
    expect(onWasm).toHaveLength(onCpu.length);
    onWasm.forEach((v, i) => expect(v).toBeCloseTo(onCpu[i], 3));
    }
  });

  it('exports trained weights to the IR so the interpreter matches tfjs', async () => {
    const tf = await tfjsWasm();
    const model = await modelOf(tf);
    const img = randomImages(1, 9);
    const expected = (model.predict(tf.tensor4d(img, [1, 28, 28, 1])) as tfTypes.Tensor).dataSync();
    const got = runGraph(trainedGraph(mnistDesign(), readLayerWeights(model)), img);
    Array.from(expected).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    model.dispose();
  });

  it('structured pruning removes the weakest filters and shrinks MACs and weights; zeroed filters give identical outputs', async () => {
    const tf = await tfjsWasm();
    // The narrow variant (8 and 16 filters), whose filter indices the zeroing below names.
    const doc = mnistDesign({ conv1: 8, conv2: 16 });
    const model = await modelOf(tf, doc);
    const w: LayerWeights = readLayerWeights(model);
    // Zero the 4 weakest-to-be filters of conv1 and 8 of conv2 (kernel and bias): with ReLU they output 0, so
    // removing them must not change the network's output at all.
    for (const [name, drop] of [['conv1', [1, 3, 4, 6]], ['conv2', [0, 2, 5, 7, 8, 11, 13, 15]]] as const) {
      const [k, b] = w.get(name)!;
      const f = k.shape[3];
      const kv = k.values.slice();
      for (let i = 0; i < kv.length; i++) if ((drop as readonly number[]).includes(i % f)) kv[i] = 0;
      const bv = b.values.slice();
      for (const d of drop) bv[d] = 0;
      w.set(name, [{ shape: k.shape, values: kv }, { shape: b.shape, values: bv }]);
    }
    expect(filtersToKeep(w.get('conv1')![0], 0.5)).toEqual([0, 2, 5, 7]);
    const pr = structuredPrune(doc, w, 0.5);
    expect(pr.pruned).toEqual([{ layer: 'conv1', before: 8, after: 4 }, { layer: 'conv2', before: 16, after: 8 }]);
    const full = trainedGraph(doc, w);
    const small = trainedGraph(pr.design, pr.weights);
    const img = randomImages(1, 5);
    const a = runGraph(full, img);
    const b = runGraph(small, img);
    Array.from(a).forEach((v, i) => expect(b[i]).toBeCloseTo(v, 5));
    const [sf, ss] = [computeStats(full), computeStats(small)];
    expect(ss.totalMacs).toBeLessThan(sf.totalMacs * 0.4);
    expect(ss.totalWeightBytes).toBeLessThan(sf.totalWeightBytes * 0.5);
    // And the smaller tfjs model takes the sliced weights.
    const pm = await modelOf(tf, pr.design);
    writeLayerWeights(tf, pm, pr.weights);
    const c = (pm.predict(tf.tensor4d(img, [1, 28, 28, 1])) as tfTypes.Tensor).dataSync();
    Array.from(a).forEach((v, i) => expect(c[i]).toBeCloseTo(v, 5));
    model.dispose();
    pm.dispose();
  });

  it('training is deterministic for a seed: same seed, same weights and history; another seed differs', async () => {
    const tf = await tfjsWasm();
    const n = 96;
    const { imgs, labels } = toyTask(n, 21);
    const doc = mnistDesign({ conv1: 8, conv2: 16 });
    const run = async (seed: number) => {
      const m = await tf.models.modelFromJSON({ modelTopology: designToTfjs(doc, { seed }).modelTopology as unknown as tfTypes.io.ModelJSON['modelTopology'] });
      const x = tf.tensor4d(imgs, [n, 28, 28, 1]);
      const y = tf.tensor1d(labels);
      const r = await trainClassifier(tf, m, { x, y }, { optimizer: 'adam', learningRate: 0.01, learningRateDecay: 0.5, epochs: 2, batchSize: 16, patience: 0, seed });
      const w = readLayerWeights(m);
      [x, y].forEach((t) => t.dispose());
      m.dispose();
      return { history: r.history, kernel: Array.from(w.get('conv2')![0].values), dense: Array.from(w.get('dense')![0].values) };
    };
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    expect(a.history).toHaveLength(2);
    expect(b.history).toEqual(a.history);
    expect(b.kernel).toEqual(a.kernel);
    expect(b.dense).toEqual(a.dense);
    expect(c.kernel).not.toEqual(a.kernel);
  });

  it('a cancel stops training after the batch it arrived in, records no partial epoch and keeps the start weights', async () => {
    const tf = await tfjsWasm();
    const n = 256;
    const { imgs, labels } = toyTask(n, 31);
    const m = await modelOf(tf, mnistDesign({ conv1: 8, conv2: 16 }));
    const start = readLayerWeights(m).get('dense')![0].values.slice();
    const x = tf.tensor4d(imgs, [n, 28, 28, 1]);
    const y = tf.tensor1d(labels);
    const ac = new AbortController();
    let batches = 0;
    let afterCancel = 0;
    const r = await trainClassifier(tf, m, { x, y }, { optimizer: 'adam', learningRate: 0.01, epochs: 5, batchSize: 16, patience: 0 }, {
      signal: ac.signal,
      batchIntervalMs: 0,
      onBatch: () => {
        if (ac.signal.aborted) afterCancel++;
        if (++batches === 3) ac.abort();
      },
    });
    [x, y].forEach((t) => t.dispose());
    expect(r.cancelled).toBe(true);
    // 16 batches per epoch, 80 in all: the loop stopped right after the batch the cancel arrived in.
    expect(batches).toBe(3);
    expect(afterCancel).toBe(0);
    expect(r.history).toEqual([]);
    expect(Array.from(readLayerWeights(m).get('dense')![0].values)).toEqual(Array.from(start));
    m.dispose();
  });

  it('early stopping ends before the last epoch once validation loss stops improving and restores the best epoch', async () => {
    const tf = await tfjsWasm();
    const { imgs, labels } = toyTask(128, 41);
    // Validation labels are coin flips: fitting the training set cannot lower their loss for long, so the
    // monitored loss turns upward and patience runs out.
    const coin = seededRandom(42);
    const valLabels = Float32Array.from({ length: 64 }, () => (coin() < 0.5 ? 0 : 1));
    const valImgs = randomImages(64, 43);
    const m = await modelOf(tf, mnistDesign({ conv1: 8, conv2: 16 }));
    const x = tf.tensor4d(imgs, [128, 28, 28, 1]);
    const y = tf.tensor1d(labels);
    const valX = tf.tensor4d(valImgs, [64, 28, 28, 1]);
    const valY = tf.tensor1d(valLabels);
    const r = await trainClassifier(tf, m, { x, y, valX, valY }, { optimizer: 'adam', learningRate: 0.01, epochs: 30, batchSize: 16, patience: 2, seed: 1 });
    expect(r.stoppedEarly).toBe(true);
    expect(r.history.length).toBeLessThan(30);
    // It stops exactly `patience` epochs after the best one, and the best one has the lowest validation loss.
    expect(r.history.length).toBe(r.bestEpoch + 1 + 2);
    const losses = r.history.map((h) => h.valLoss!);
    expect(Math.min(...losses)).toBe(losses[r.bestEpoch]);
    // The model holds the best epoch's weights again: its validation loss is that epoch's, not the last one's.
    const restored = (m.evaluate(valX, valY, { batchSize: 16 }) as tfTypes.Scalar[])[0].dataSync()[0];
    expect(restored).toBeCloseTo(losses[r.bestEpoch], 4);
    expect(Math.abs(restored - losses[losses.length - 1])).toBeGreaterThan(1e-3);
    [x, y, valX, valY].forEach((t) => t.dispose());
    m.dispose();
  });

  it('randomShift moves each image by whole pixels within ±max, filling with zeros', async () => {
    const tf = await tfjsWasm();
    const img = new Float32Array(2 * 28 * 28);
    img[10 * 28 + 10] = 1; // image 0: one lit pixel at row 10, column 10
    img[784 + 0] = 5; // image 1: the top-left corner
    const x = tf.tensor4d(img, [2, 28, 28, 1]);
    // rand() = 0 → shift −2 on both axes; 0.999 → +2.
    const draws = [0, 0.999, 0.999, 0.5];
    let k = 0;
    const y = randomShift(tf, 2)(x, () => draws[k++]);
    const v = y.dataSync();
    expect(Array.from(v.slice(0, 784)).reduce((a, b) => a + b, 0)).toBe(1);
    expect(v[(10 - 2) * 28 + (10 + 2)]).toBe(1); // dy −2, dx +2
    // Image 1: dy +2, dx 0 → corner moves down two rows; nothing else lit.
    expect(v[784 + 2 * 28]).toBe(5);
    expect(Array.from(v.slice(784)).filter((a) => a !== 0)).toEqual([5]);
    [x, y].forEach((t) => t.dispose());
  });

  it('magnitude pruning follows the cubic schedule and masks the smallest weights', () => {
    const s = { layers: ['d'], initialSparsity: 0, finalSparsity: 0.8, updateEvery: 1, endAt: 1 };
    expect(polynomialSparsity(s, 0)).toBe(0);
    expect(polynomialSparsity(s, 0.5)).toBeCloseTo(0.8 - 0.8 * 0.125, 6);
    expect(polynomialSparsity(s, 1)).toBeCloseTo(0.8, 6);
    const m = magnitudeMasks(new Map([['d', [{ shape: [5], values: Float32Array.from([0.5, -0.1, 3, 0.2, -2]) }]]]), ['d'], 0.6);
    expect(Array.from(m.get('d')!)).toEqual([0, 0, 1, 0, 1]);
  });
});
