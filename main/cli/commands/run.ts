// `tinyml run MODEL`: run inference on raw tensor files with one engine (today: the reference interpreter).
// Cases are files named <case>.in<K>.bin (raw little-endian bytes of input K in its dtype, no header); the
// outputs are written as <case>.out<K>.bin, the golden corpus's own layout, so results diff byte for byte.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { userError } from '../../../shared/api/errors';
import type { Graph } from '../../../shared/ir/graph';
import { elementCount, tensorBytes } from '../../../shared/ir/tensor';
import type { EngineCase } from '../../services/engines/engine';
import { createEngines, engineByName } from '../../services/engines/index';
import { loadModelFile } from '../../services/import/load-model-file';
import { jsonDocument, parseCommandArgs } from '../args';
import type { CliCommand } from '../command';

const HELP = `Usage:
  tinyml run MODEL --cases DIR --out-dir DIR [--engine NAME] [--json]
  tinyml run MODEL --input FILE[,FILE…] --output FILE[,FILE…] [--engine NAME] [--json]

Runs MODEL (.tflite, or a TensorFlow.js model.json) on raw input tensors and writes raw output tensors.

Options:
  --engine NAME   inference engine (default: reference, the built-in interpreter,
                  bit-exact with TFLite Micro's reference kernels for int8)
  --cases DIR     run every <case>.in0.bin in DIR (plus <case>.in1.bin … for models
                  with more inputs); each file holds the input's raw little-endian
                  bytes in its dtype, C order, no header
  --out-dir DIR   where to write <case>.out0.bin (.out1.bin …); created if missing
  --input FILES   one case: comma-separated input files, one per model input
  --output FILES  one case: comma-separated output files, one per model output
  --json          print one JSON document: { model, engine, inputs, outputs,
                  cases: [{ name, outputs: [file], top1?, ms }] }

Examples:
  tinyml run person_detect.tflite --cases ./golden/person --out-dir ./out
  tinyml run hello_world.tflite --input x.bin --output y.bin --json
`;

interface CaseFiles {
  name: string;
  inputs: string[];
  outputs: string[];
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run a model on raw tensor files (--engine reference)',
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      'run',
      args,
      { engine: { type: 'string' }, cases: { type: 'string' }, 'out-dir': { type: 'string' }, input: { type: 'string' }, output: { type: 'string' }, json: { type: 'boolean' } },
      { min: 1, max: 1 },
    );
    const modelPath = path.resolve(ctx.cwd, positionals[0]);
    const engine = engineByName(createEngines(), values.engine ?? 'reference');
    // .tflite, or a TensorFlow.js model.json (weights beside it), or TinyML Studio IR JSON.
    const { graph, bytes } = await loadModelFile(modelPath);
    const model = { graph, bytes, name: path.basename(modelPath) };
    // An unsupported model fails here, before any input file is looked at.
    engine.validate(model);

    let files: CaseFiles[];
    if (values.cases !== undefined || values['out-dir'] !== undefined) {
      if (values.cases === undefined || values['out-dir'] === undefined) throw userError('--cases and --out-dir go together.', 'Run "tinyml run --help" for usage.');
      if (values.input !== undefined || values.output !== undefined) throw userError('Use either --cases/--out-dir or --input/--output, not both.', 'Run "tinyml run --help" for usage.');
      files = await casesInDir(path.resolve(ctx.cwd, values.cases), path.resolve(ctx.cwd, values['out-dir']), graph);
    } else if (values.input !== undefined && values.output !== undefined) {
      const inputs = values.input.split(',').map((f) => path.resolve(ctx.cwd, f));
      const outputs = values.output.split(',').map((f) => path.resolve(ctx.cwd, f));
      if (inputs.length !== graph.inputs.length) throw userError(`The model has ${graph.inputs.length} input(s); --input names ${inputs.length} file(s).`, 'Give one file per model input, separated by commas, in input order.');
      if (outputs.length !== graph.outputs.length) throw userError(`The model has ${graph.outputs.length} output(s); --output names ${outputs.length} file(s).`, 'Give one file per model output, separated by commas, in output order.');
      files = [{ name: path.basename(inputs[0]).replace(/(\.in0)?\.bin$/, ''), inputs, outputs }];
    } else {
      throw userError('"tinyml run" needs --cases DIR --out-dir DIR, or --input FILE --output FILE.', 'Run "tinyml run --help" for usage.');
    }

    const cases: EngineCase[] = [];
    for (const f of files) {
      const inputs: Uint8Array[] = [];
      for (let k = 0; k < f.inputs.length; k++) {
        const data = await readFileOrFail(f.inputs[k], `input ${k} of case "${f.name}"`);
        const t = graph.tensors[graph.inputs[k]];
        const want = tensorBytes(t);
        if (data.byteLength !== want) {
          throw userError(
            `${f.inputs[k]} has ${data.byteLength} bytes, but input ${k} ("${t.name}", ${t.dtype}[${t.shape.join(',')}]) needs ${want}.`,
            `Write ${elementCount(t.shape)} raw little-endian ${t.dtype} values with no header (see "tinyml inspect ${path.basename(modelPath)}").`,
          );
        }
        inputs.push(data);
      }
      cases.push({ name: f.name, inputs });
    }

    const results = await engine.run(model, cases);
    for (let i = 0; i < results.length; i++) {
      for (let k = 0; k < results[i].outputs.length; k++) {
        await fs.mkdir(path.dirname(files[i].outputs[k]), { recursive: true });
        await fs.writeFile(files[i].outputs[k], results[i].outputs[k]);
      }
    }

    const summary = {
      model: modelPath,
      engine: engine.name,
      inputs: graph.inputs.map((id) => describeTensor(graph, id)),
      outputs: graph.outputs.map((id) => describeTensor(graph, id)),
      cases: results.map((r, i) => ({ name: r.name, outputs: files[i].outputs, top1: top1(graph, r.outputs[0]), ms: Math.round(r.ms * 1000) / 1000 })),
    };
    if (values.json) ctx.io.out(jsonDocument(summary));
    else {
      const lines = summary.cases.map((c) => `  ${c.name}: ${c.outputs.map((o) => path.relative(ctx.cwd, o) || o).join(', ')}${c.top1 !== undefined ? `  (top-1 index ${c.top1})` : ''}  ${c.ms.toFixed(1)} ms`);
      ctx.io.out(`Ran ${results.length} case(s) of ${path.basename(modelPath)} with the ${engine.name} engine:\n${lines.join('\n')}\n`);
    }
    return 0;
  },
};

async function readFileOrFail(file: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw userError(`Cannot read ${what} ${file}${code === 'ENOENT' ? ': no such file' : `: ${(e as Error).message}`}.`, 'Check the path.');
  }
}

/** Every <case>.in0.bin in dir, with its further inputs and the output paths in outDir. */
async function casesInDir(dir: string, outDir: string, graph: Graph): Promise<CaseFiles[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    throw userError(`Cannot read the cases folder ${dir}.`, 'Give a folder holding <case>.in0.bin files.');
  }
  const present = new Set(names);
  const cases = names
    .filter((n) => n.endsWith('.in0.bin'))
    .sort()
    .map((n) => {
      const name = n.slice(0, -'.in0.bin'.length);
      const inputs = graph.inputs.map((_, k) => `${name}.in${k}.bin`);
      const missing = inputs.filter((f) => !present.has(f));
      if (missing.length) throw userError(`Case "${name}" in ${dir} lacks ${missing.join(', ')}.`, `The model has ${graph.inputs.length} inputs; each case needs <case>.in0.bin … .in${graph.inputs.length - 1}.bin.`);
      return { name, inputs: inputs.map((f) => path.join(dir, f)), outputs: graph.outputs.map((_, k) => path.join(outDir, `${name}.out${k}.bin`)) };
    });
  if (!cases.length) throw userError(`No <case>.in0.bin files in ${dir}.`, 'Name input files <case>.in0.bin (and .in1.bin … for more inputs).');
  return cases;
}

function describeTensor(graph: Graph, id: number) {
  const t = graph.tensors[id];
  return { name: t.name, dtype: t.dtype, shape: t.shape, scale: t.quant?.scale[0] ?? null, zeroPoint: t.quant?.zeroPoint[0] ?? null };
}

/** Arg-max of a classifier-like output (a single row of 2–1000 scores), else undefined. */
function top1(graph: Graph, bytes: Uint8Array | undefined): number | undefined {
  const t = graph.tensors[graph.outputs[0]];
  const n = elementCount(t.shape);
  if (!bytes || n < 2 || n > 1000 || t.shape.slice(0, -1).some((d) => d !== 1)) return undefined;
  let v: ArrayLike<number>;
  if (t.dtype === 'int8') v = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  else if (t.dtype === 'float32') v = new Float32Array(bytes.slice().buffer);
  else return undefined;
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}
