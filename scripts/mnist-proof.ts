// The MNIST proof, full size: `node --import tsx scripts/mnist-proof.ts [--quick]`. Trains the designer CNN on
// the `mnist` package's digits with tfjs (WASM), quantizes it to int8 (run in our reference interpreter), prunes
// 50% of the filters and fine-tunes, prints a table and merges the figures into bench/results.json under
// "mnistProof". Exit code 1 when a target is missed: ≥97% float, int8 loses ≤1 point, pruned+int8 ≤1.5 points
// (--quick: ≥90%, ≤2 and ≤4 points). Training is seeded, so a rerun gives the same figures.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../main/services/atomic-write';
import { runMnistProof } from '../main/services/training/mnist-proof';

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const started = Date.now();
  const r = await runMnistProof(quick ? { maxSamples: 3000, epochs: 3, fineTuneEpochs: 1 } : { epochs: 15, fineTuneEpochs: 3, sparsityCurve: [0.5, 0.75, 0.9], log: console.log });
  const [f32, i8, , pi8] = r.variants;
  const pts = (a: number) => (a * 100).toFixed(2);
  console.log('\nvariant                 accuracy   weights   arena   MACs     est. ms (F446RE)');
  for (const v of r.variants) console.log(`${v.name.padEnd(22)} ${pts(v.accuracy).padStart(7)}%  ${String(v.metrics.weightBytes).padStart(7)}  ${String(v.metrics.arenaBytes).padStart(6)}  ${String(v.metrics.macs).padStart(7)}  ${v.metrics.latencyMs?.toFixed(2)}`);
  // Quick mode (3,000 digits, 3 epochs, 1 fine-tune epoch) has its own, lower bars, the same as the reduced
  // slow test (main/services/training/mnist-proof.slow.test.ts): it must still be able to fail.
  const bar = quick ? { float: 0.9, int8: 2, pruned: 4 } : { float: 0.97, int8: 1, pruned: 1.5 };
  const checks = [
    { what: `float accuracy ≥ ${bar.float * 100}%`, ok: f32.accuracy >= bar.float },
    { what: `int8 loses ≤ ${bar.int8} point${bar.int8 === 1 ? '' : 's'}`, ok: (f32.accuracy - i8.accuracy) * 100 <= bar.int8 },
    { what: `pruned + int8 loses ≤ ${bar.pruned} points`, ok: (f32.accuracy - pi8.accuracy) * 100 <= bar.pruned },
    { what: 'pruned + int8 has fewer MACs and bytes', ok: pi8.metrics.macs < i8.metrics.macs && pi8.metrics.weightBytes < i8.metrics.weightBytes && pi8.metrics.arenaBytes <= i8.metrics.arenaBytes },
  ];
  for (const c of checks) console.log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.what}`);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const file = path.join(root, 'bench', 'results.json');
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    // First run, or a file from an older harness: start a fresh object.
  }
  existing.mnistProof = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`,
    quick,
    wallSeconds: (Date.now() - started) / 1000,
    ...r,
    checks,
  };
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, JSON.stringify(existing, null, 2) + '\n');
  console.log(`figures written to ${path.relative(process.cwd(), file)}`);
  if (checks.some((c) => !c.ok)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
