// "Validate on target" from the project's own dataset: each stored sample (float values, as the dataset keeps
// them) becomes a case in the model's input encoding — quantized with the input tensor's scale and zero point
// for an int8 model, exactly as the wizard's evaluation feeds the reference interpreter — and its class is
// mapped onto the model's output index by NAME, because a dataset's class order (order of import) need not be
// the model's (micro_speech: silence, unknown, yes, no).
import { userError } from '../../../shared/api/errors';
import type { Graph } from '../../../shared/ir/graph';
import { quantizeInputs } from '../../../shared/quantize/layer-error';
import type { ValidateCase } from './validate-cases';

export interface DatasetSamples {
  name: string;
  classes: readonly string[];
  x: readonly Float32Array[];
  labels: readonly number[];
  ids: readonly string[];
}

export function datasetCases(data: DatasetSamples, graph: Graph, modelLabels: readonly string[] | undefined, limit?: number): ValidateCase[] {
  if (graph.inputs.length !== 1) {
    throw userError(`The model has ${graph.inputs.length} inputs; a dataset sample feeds one.`, 'Validate a multi-input model with a cases folder (<case>.in0.bin, .in1.bin, …).');
  }
  const input = graph.tensors[graph.inputs[0]];
  if (input.dtype !== 'float32' && input.dtype !== 'int8') {
    throw userError(`The model's input "${input.name}" is ${input.dtype}; dataset samples can feed float32 or int8 inputs.`, 'Validate with a cases folder of raw input tensors instead.');
  }
  const elements = input.shape.reduce((a, b) => a * b, 1);
  const outputs = graph.tensors[graph.outputs[0]].shape.reduce((a, b) => a * b, 1);
  const classIndex = mapClasses(data, modelLabels, outputs);
  if (!data.x.length) throw userError(`The dataset "${data.name}" has no samples in the chosen split.`, 'Pick another split, or re-split the dataset in Optimize → Data.');
  const chosen = limit ? data.x.slice(0, limit) : data.x;
  return chosen.map((x, i) => {
    if (x.length !== elements) {
      throw userError(
        `Sample "${data.ids[i]}" of dataset "${data.name}" has ${x.length} values; the model's input "${input.name}" [${input.shape.join(', ')}] takes ${elements}.`,
        'Validate with the dataset the model was trained on, or pick a cases folder.',
      );
    }
    const bytes = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
    const inputs = input.dtype === 'float32' ? [bytes.slice()] : quantizeInputs(graph, [bytes]);
    const label = classIndex[data.labels[i]];
    return { name: data.ids[i], inputs, ...(label !== undefined && label >= 0 ? { label } : {}) };
  });
}

/** dataset class index → model output index (−1 when the model has no class of that name). */
function mapClasses(data: DatasetSamples, modelLabels: readonly string[] | undefined, outputs: number): number[] {
  if (modelLabels?.length) {
    const norm = (s: string) => s.trim().toLowerCase();
    const map = data.classes.map((c) => modelLabels.findIndex((l) => norm(l) === norm(c)));
    if (map.every((m) => m < 0)) {
      throw userError(
        `None of the dataset's classes (${data.classes.join(', ')}) is one of the model's labels (${modelLabels.join(', ')}).`,
        'Name the model\'s labels like the dataset\'s classes (Project → model → Labels), or pick the matching dataset.',
      );
    }
    return map;
  }
  if (data.classes.length !== outputs) {
    throw userError(
      `The dataset "${data.name}" has ${data.classes.length} classes but the model has ${outputs} outputs and no labels to match them by name.`,
      'Give the model its labels (Project → model → Labels) so classes can be matched by name.',
    );
  }
  return data.classes.map((_, i) => i);
}
