// Operator conformance (main/testing/op-conformance.ts): single-op models with seeded random quantization and
// inputs, for the ops no golden model exercises, run in real TFLite 2.9, in the reference interpreter and in
// the host-C engine (portable and DSP paths emulated). The interpreter must match TFLite exactly where both
// runtimes compute the same integer steps and within 1 where TFLite uses another algorithm (each family says
// which and why); the generated C must equal the interpreter byte for byte on every int8 value.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findUnsupportedOps } from '../codegen/generate-c';
import { ensureTfliteRuntime } from '../tflite-runtime/ensure-runtime';
import { missingPrerequisite } from '../../testing/prerequisite';
import { conformanceFamilies, pct, runFamily } from '../../testing/op-conformance';
import { HostCEngine } from './host-c';

const repoRoot = path.resolve(__dirname, '../../..');
const kernelsDir = path.join(repoRoot, 'firmware-templates/kernels');
const runtime = ensureTfliteRuntime(repoRoot);

// As host-c.golden.slow.test.ts: a gcc wrapper that builds the DSP-extension kernel paths with the instructions
// emulated in C (TML_DSP_EMULATE), so those paths are held to the same byte-exact rule.
const wrapDir = mkdtempSync(path.join(tmpdir(), 'tml-gcc-dsp-'));
writeFileSync(path.join(wrapDir, 'gcc-tml-dsp'), '#!/bin/sh\nexec gcc -DTML_DSP_EMULATE "$@"\n');
chmodSync(path.join(wrapDir, 'gcc-tml-dsp'), 0o755);
process.env.PATH = `${wrapDir}${path.delimiter}${process.env.PATH ?? ''}`;
afterAll(() => rmSync(wrapDir, { recursive: true, force: true }));

describe.skipIf(missingPrerequisite(runtime.skipReason))('operator conformance: TFLite 2.9 vs reference interpreter vs host C', () => {
  const engines = { portable: new HostCEngine({ kernelsDir }), 'DSP paths emulated': new HostCEngine({ kernelsDir, cc: 'gcc-tml-dsp' }) };
  for (const family of conformanceFamilies()) {
    it(`${family.name}: ${family.rule}`, async () => {
      const r = await runFamily(family, runtime.libPath!, engines, (g) => findUnsupportedOps(g).map((u) => u.type));
      const per = r.perOutput.map((o) => `#${o.index} ${o.op} ${pct(o.agreement)} max ${family.rule === 'float' ? o.agreement.maxRelDiff.toExponential(1) : o.agreement.maxAbsDiff}`).join(', ');
      const c = r.hostC.map((h) => `${h.variant} ${h.identical}/${h.values} identical`).join('; ') || r.hostCSkipped;
      console.log(`${family.name}: ${r.vsTflite.identical}/${r.vsTflite.values} identical to TFLite (${pct(r.vsTflite)}), max |diff| ${r.vsTflite.maxAbsDiff}; ${per}; host-C vs interpreter: ${c}`);
      expect(r.vsTflite.values).toBeGreaterThan(0);
      // Every op in the suite has a C kernel: a family that silently skipped host C would hide a missing one.
      expect(r.hostCSkipped).toBeUndefined();
      // Each int8 output must spread over several values: a saturated output would agree trivially.
      for (const o of r.perOutput) if (o.agreement.distinct.size) expect(o.agreement.distinct.size, `output #${o.index} ${o.op}`).toBeGreaterThanOrEqual(5);
      const v = r.vsTflite;
      if (family.rule === 'exact') expect(v.identical).toBe(v.values);
      else if (family.rule === 'within1') expect(v.maxAbsDiff).toBeLessThanOrEqual(1);
      else if (family.rule === 'ties') expect(v.identical + v.refOneAbove).toBe(v.values);
      else expect(v.maxRelDiff).toBeLessThanOrEqual(1e-5);
      for (const h of r.hostC) {
        if (family.rule === 'float') expect(h.maxRelDiff, h.variant).toBeLessThanOrEqual(1e-5);
        else expect(h.identical, h.variant).toBe(h.values);
      }
    });
  }
});
