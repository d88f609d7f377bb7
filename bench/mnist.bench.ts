// Benchmark rows for scripts/bench.mjs: the reduced MNIST pipeline (3,000 digits, 3 epochs) timed end to end,
// with its accuracies and sizes. The full-size figures come from scripts/mnist-proof.ts (bench/results.json "mnistProof").
import { runMnistProof } from '../main/services/training/mnist-proof';

export const name = 'mnist';

export async function run(): Promise<Record<string, number | string>[]> {
  const r = await runMnistProof({ maxSamples: 3000, epochs: 3, fineTuneEpochs: 1, maxTestSamples: 600 });
  return r.variants.map((v) => ({
    name: `mnist ${v.name}`,
    accuracyPct: Math.round(v.accuracy * 10000) / 100,
    weightBytes: v.metrics.weightBytes,
    arenaBytes: v.metrics.arenaBytes,
    macs: v.metrics.macs,
    estLatencyMsF446: Math.round((v.metrics.latencyMs ?? 0) * 1000) / 1000,
    pipelineSeconds: r.seconds.total,
  }));
}

export default { name, run };
