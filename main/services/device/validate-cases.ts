// Where "Validate on target" gets its cases: a folder of raw tensor files, <case>.in0.bin (+ .in1.bin … for
// models with more inputs) — the golden corpus's layout and `tinyml run`'s. Labels come from a CSV
// (`file,ignored,label_index`, the MLPerf Tiny y_labels layout) or, for a golden folder, from its manifest's
// per-case `top1_label` names mapped onto the model's labels.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { userError } from '../../../shared/api/errors';
import type { Graph } from '../../../shared/ir/graph';
import { tensorBytes } from '../../../shared/ir/tensor';

export interface ValidateCase {
  name: string;
  inputs: Uint8Array[];
  label?: number;
}

export interface LoadCasesOptions {
  /** CSV: file,ignored,label_index (file may carry the .in0.bin suffix or not). */
  labelsFile?: string;
  /** Class names (the project's model labels): a golden manifest's top1_label names map onto these. */
  labelNames?: readonly string[];
  /** Run only the first N cases (sorted: real_* samples first, then seeds). */
  limit?: number;
}

export async function loadCases(dir: string, graph: Graph, options: LoadCasesOptions = {}): Promise<ValidateCase[]> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    throw userError(`Cannot read the cases folder ${dir}.`, 'Point at a folder holding <case>.in0.bin files (raw input tensors).');
  }
  const names = entries.filter((f) => f.endsWith('.in0.bin')).map((f) => f.slice(0, -'.in0.bin'.length));
  // Real recorded samples first: a short run (limit) then still covers the meaningful ones.
  names.sort((a, b) => Number(b.startsWith('real')) - Number(a.startsWith('real')) || a.localeCompare(b));
  if (!names.length) throw userError(`No cases in ${dir}.`, 'A case is a file named <case>.in0.bin holding the raw bytes of the model input.');
  const chosen = options.limit ? names.slice(0, options.limit) : names;
  const labels = await readLabels(dir, options);
  const cases: ValidateCase[] = [];
  for (const name of chosen) {
    const inputs: Uint8Array[] = [];
    for (let k = 0; k < graph.inputs.length; k++) {
      const t = graph.tensors[graph.inputs[k]];
      const file = path.join(dir, `${name}.in${k}.bin`);
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await fs.readFile(file));
      } catch {
        throw userError(`Case "${name}" has no ${path.basename(file)}.`, `The model has ${graph.inputs.length} inputs: give one file per input.`);
      }
      if (bytes.length !== tensorBytes(t)) {
        throw userError(`Case "${name}" input ${k} has ${bytes.length} bytes; the model's input "${t.name}" needs ${tensorBytes(t)}.`, `Give ${t.dtype} [${t.shape.join(', ')}] as raw little-endian bytes — were these cases made for another model?`);
      }
      inputs.push(bytes);
    }
    const c: ValidateCase = { name, inputs };
    const label = labels.get(name);
    if (label !== undefined) c.label = label;
    cases.push(c);
  }
  return cases;
}

async function readLabels(dir: string, options: LoadCasesOptions): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (options.labelsFile) {
    let text: string;
    try {
      text = await fs.readFile(options.labelsFile, 'utf8');
    } catch {
      throw userError(`Cannot read the labels file ${options.labelsFile}.`, 'Give a CSV with rows: file,ignored,label_index.');
    }
    for (const [i, line] of text.split(/\r?\n/).entries()) {
      if (!line.trim()) continue;
      const cols = line.split(',').map((c) => c.trim());
      const idx = Number(cols[cols.length - 1]);
      if (cols.length < 2 || !Number.isInteger(idx)) {
        if (i === 0) continue; // a header row
        throw userError(`Line ${i + 1} of ${path.basename(options.labelsFile)} is not "file,ignored,label_index": ${line.slice(0, 80)}`, 'Fix the line or leave --labels out.');
      }
      out.set(path.basename(cols[0]).replace(/(\.in0)?\.bin$/, '').replace(/\.(wav|png|jpg|npy)$/, ''), idx);
    }
    return out;
  }
  // A golden folder: its manifest names each real sample's class.
  if (options.labelNames?.length) {
    try {
      const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as { cases?: { name: string; kind?: string; expected_label?: string }[] };
      for (const c of manifest.cases ?? []) {
        const idx = c.expected_label ? options.labelNames.indexOf(c.expected_label) : -1;
        if (idx >= 0) out.set(c.name, idx);
      }
    } catch {
      /* no manifest: unlabelled */
    }
  }
  return out;
}
