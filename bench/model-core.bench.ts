// Issue-3 benchmark: the reference interpreter against TFLite's own outputs (share of values identical to the
// golden, share equal to TFLM, largest difference, per model), the same for the single-op conformance families
// (main/testing/op-conformance.ts: ops no golden model exercises, run live in TFLite 2.9), the graph layout of a
// 3,000-node synthetic graph (target < 2 s), and 10,000 mutated models through the .tflite reader (each must
// load or fail cleanly).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fuzzReader } from '../shared/formats/tflite/fuzz';
import { listGoldenModels, scoreOnGolden } from '../main/services/golden-corpus';
import { ReferenceEngine } from '../main/services/engines/reference';
import { benchmarkLayout } from '../renderer/src/areas/model/graph/graph-layout';
import { ensureTfliteRuntime } from '../main/services/tflite-runtime/ensure-runtime';
import { conformanceFamilies, pct, runFamily } from '../main/testing/op-conformance';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelsRoot = path.resolve(repoRoot, '../shared/models');
type Row = Record<string, number | string | null>;

/**
 * One row per conformance family: the interpreter's share of values identical to TFLite 2.9 and the largest
 * difference. (Host-C equality with the interpreter is asserted by op-conformance.slow.test.ts, not timed here.)
 */
export async function opConformanceRows(): Promise<Row[]> {
  const runtime = ensureTfliteRuntime(repoRoot);
  if (!runtime.libPath) return [{ bench: 'op conformance vs TFLite 2.9', model: `skipped: ${runtime.skipReason}` }];
  const rows: Row[] = [];
  for (const family of conformanceFamilies()) {
    const r = await runFamily(family, runtime.libPath, {}, () => []);
    const v = r.vsTflite;
    rows.push({
      bench: 'op conformance vs TFLite 2.9',
      model: family.name,
      rule: family.rule,
      values: v.values,
      identical_to_tflite: pct(v),
      max_abs_diff: family.rule === 'float' ? v.maxAbsDiff.toExponential(2) : v.maxAbsDiff,
      max_rel_diff: family.rule === 'float' ? v.maxRelDiff.toExponential(2) : null,
    });
  }
  return rows;
}

async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const id of await listGoldenModels(modelsRoot)) {
    const r = await scoreOnGolden(new ReferenceEngine(), modelsRoot, id);
    const s = r.stats;
    rows.push({
      bench: 'reference vs TFLite golden',
      model: id,
      dtype: s.dtype,
      cases: s.cases,
      values: s.values,
      identical_to_golden: `${((100 * s.identical) / s.values).toFixed(3)} %`,
      equal_to_tflm: s.dtype === 'float32' ? null : `${((100 * s.equalToTflm) / s.values).toFixed(3)} %`,
      passing: `${((100 * s.passing) / s.values).toFixed(3)} %`,
      // Float differences are tiny: print them in exponent form so the table does not round them to 0.00.
      max_abs_diff: s.dtype === 'float32' ? s.maxAbsDiff.toExponential(2) : s.maxAbsDiff,
      max_rel_diff: s.dtype === 'float32' ? s.maxRelDiff.toExponential(2) : null,
      ms_per_case: Number(r.msPerCase.toFixed(2)),
    });
  }
  rows.push(...(await opConformanceRows()));
  // Layout: best of three, as the first run pays for JIT warm-up.
  const layouts = [benchmarkLayout(3000), benchmarkLayout(3000), benchmarkLayout(3000)];
  const best = layouts.reduce((a, b) => (b.ms < a.ms ? b : a));
  rows.push({ bench: 'graph layout (3,000-node synthetic graph)', model: `${best.nodes} nodes, ${best.edges} edges`, ms: Number(best.ms.toFixed(1)), ms_first_run: Number(layouts[0].ms.toFixed(1)), target_ms: 2000 });
  // Fuzz: 10,000 truncated / mutated copies of every model.
  const models = readdirSync(path.join(modelsRoot, 'models'))
    .filter((f) => f.endsWith('.tflite'))
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(path.join(modelsRoot, 'models', f))) }));
  const fz = fuzzReader(models, 10_000, 2026);
  rows.push({ bench: '.tflite reader fuzz', model: `${models.length} models`, cases: fz.cases, loaded: fz.loaded, rejected_cleanly: fz.rejected, crashes: fz.crashes.length, slowest_ms: Number(fz.slowestMs.toFixed(1)), total_ms: Math.round(fz.totalMs) });
  return rows;
}

export const bench = { name: 'model-core', run };
