// Issue-4 benchmark: for every model in ../shared/models the code generator supports — arena (ours / TFLM greedy /
// lower bound), flash of the built ELF (text + rodata + data), instructions per inference on the virtual board for
// the portable C kernels and the DSP (SMLAD) kernels, MACs, instructions per MAC, and generate+build seconds.
// Instructions: QEMU -icount shift=0 runs one instruction per ns of virtual time while SysTick counts at 168 MHz,
// so instructions = ticks × 1e9 / 168e6. Target (issue 4): DSP ≤ 2.0 instructions/MAC on person_detect
// (TFLM reference kernels 13.4, CMSIS-NN 3.20). Rows "<model> / <op type>" break person_detect and micro_speech
// down per op type (main/services/codegen/layer-profile.ts; CONV_2D split by filter size).
// Arena columns come from the planner itself, so they are filled for every model, also those that cannot be
// compiled or linked; every arena figure includes the kernels' scratch buffers (arena_scratch_bytes = their sum).
// non_model_flash_bytes = the ELF's flash (text + data, portable kernels) minus the model's constant bytes
// (weights, biases, requantization tables in model_data.c): kernels, runtime, libc and model.c's calls.
// The tflm_* columns are NOT our measurements: they are the figures measured by the issue author with an
// instruction-counting QEMU plugin (TFLM reference kernels and TFLM + CMSIS-NN), quoted for comparison.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTflite } from '../shared/formats/tflite/reader';
import { computeStats } from '../shared/ir/stats';
import { findUnsupportedOps } from '../main/services/codegen/generate-c';
import { planArena } from '../shared/planner/tinyml-planner';
import { loadGoldenCases, loadGoldenModel } from '../main/services/golden-corpus';
import { VirtualBoardEngine } from '../main/services/engines/virtual-board';
import { profileByOpType, profileLayers } from '../main/services/codegen/layer-profile';

// Models broken down per op type (layer-profile.ts: one bare ELF per kernel set, SysTick read after every layer).
const PER_OP_MODELS = ['tflm_person_detect', 'tflm_micro_speech_quantized'];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelsRoot = path.resolve(repoRoot, '../shared/models');

type Row = Record<string, number | string | null>;

const TFLM_SOURCE = 'measured by the issue author with an instruction-counting QEMU plugin (not by us)';
/** Issue 4's TFLM figures, on the two models it measured. */
const TFLM: Record<string, Row> = {
  tflm_person_detect: {
    tflm_ref_instr: 95_600_000, tflm_ref_instr_per_mac: 13.4, tflm_cmsis_instr: 22_900_000, tflm_cmsis_instr_per_mac: 3.2,
    tflm_non_model_flash_ref: '34–46 KB', tflm_non_model_flash_cmsis: '58–85 KB', tflm_arena_used_bytes: 82_292, tflm_source: TFLM_SOURCE,
  },
  tflm_micro_speech_quantized: {
    tflm_ref_instr: null, tflm_ref_instr_per_mac: 27.7, tflm_cmsis_instr: null, tflm_cmsis_instr_per_mac: 4.45,
    tflm_non_model_flash_ref: '34–46 KB', tflm_non_model_flash_cmsis: '58–85 KB', tflm_arena_used_bytes: 6_788, tflm_source: TFLM_SOURCE,
  },
};

/** The planner's figures, which need no compiler: ours, the greedy baseline and the bound, all with scratch. */
function arenaColumns(graph: ReturnType<typeof readTflite>): Row {
  const plan = planArena(graph, { depthwise: false });
  return {
    arena_ours: plan.totalBytes, arena_tflm_greedy: plan.greedyBytes, arena_lower_bound: plan.lowerBoundBytes,
    arena_scratch_bytes: plan.scratchBytes, arena_largest_scratch: Math.max(0, ...plan.scratch.map((x) => x.size)),
  };
}

async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  const files = readdirSync(path.join(modelsRoot, 'models')).filter((f) => f.endsWith('.tflite')).sort();
  for (const file of files) {
    const id = file.replace(/\.tflite$/, '');
    const bytes = new Uint8Array(readFileSync(path.join(modelsRoot, 'models', file)));
    const graph = readTflite(bytes);
    if (findUnsupportedOps(graph).length) {
      rows.push({ model: id, ...arenaColumns(graph), note: `not compiled: ${[...new Set(findUnsupportedOps(graph).map((u) => u.type))].join(', ')}` });
      continue;
    }
    // One golden case (the first) as the input; every case of a model costs the same instructions ±0.1 %.
    const { cases } = await loadGoldenCases(await loadGoldenModel(modelsRoot, id));
    const macs = computeStats(graph).totalMacs;
    const row: Row = { model: id, macs, ...arenaColumns(graph) };
    for (const dsp of [false, true]) {
      const engine = new VirtualBoardEngine({ dsp });
      const t0 = Date.now();
      let r;
      try {
        r = await engine.runDetailed({ graph, bytes, name: file }, cases.slice(0, 1));
      } catch (e) {
        row.note = `not run on the virtual board: ${(e as Error).message}`;
        break;
      }
      const tag = dsp ? 'dsp' : 'portable';
      row[`instr_${tag}`] = r.results[0].instructions;
      row[`instr_per_mac_${tag}`] = macs ? Math.round((r.results[0].instructions / macs) * 100) / 100 : null;
      if (dsp) row.flash_bytes_dsp = r.build.size ? r.build.size.text + r.build.size.data : null;
      if (!dsp) {
        // The build's plan is the planner's: the same figures as arenaColumns (checked, not assumed).
        // (The generated arena is at least 16 B, generate-c.ts.)
        if (r.build.arena.ours !== Math.max(Number(row.arena_ours), 16)) throw new Error(`${id}: build arena ${r.build.arena.ours} B, planner ${row.arena_ours} B`);
        row.flash_bytes = r.build.size ? r.build.size.text + r.build.size.data : null;
        row.non_model_flash_bytes = r.build.size ? r.build.size.text + r.build.size.data - r.build.weightBytes : null;
        row.build_seconds = Math.round(r.build.seconds * 10) / 10;
      }
      console.error(`${id} ${tag}: ${r.results[0].instructions} instructions (${((Date.now() - t0) / 1000).toFixed(1)} s with build and QEMU)`);
    }
    Object.assign(row, TFLM[id] ?? {});
    rows.push(row);
    if (PER_OP_MODELS.includes(id) && !row.note) {
      // One row per op type: "<model> / <op>" with the instructions of those layers on both kernel sets, plus the
      // kernels' static .bss outside the arena on the model row (0: their scratch is planned in the arena).
      const [portable, dsp] = [await profileLayers(graph, { dsp: false }), await profileLayers(graph, { dsp: true })];
      row.kernel_bss_bytes_dsp = dsp.kernelBssBytes;
      const byP = new Map(profileByOpType(graph, portable).map((r) => [r.type, r]));
      for (const r of profileByOpType(graph, dsp)) {
        const p = byP.get(r.type)!;
        rows.push({
          model: `${id} / ${r.type}`, macs: r.macs, instr_portable: p.instructions, instr_per_mac_portable: p.perMac,
          instr_dsp: r.instructions, instr_per_mac_dsp: r.perMac,
        });
      }
    }
  }
  return rows;
}

export const bench = { name: 'compile', run };
