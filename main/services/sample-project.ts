// The sample project a new user opens on first start: a tiny int8 sine-regression model targeting the virtual
// STM32F4 board, so every step (graph, memory map, compile, build, run in QEMU) works with no hardware and no files.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, MANIFEST_SCHEMA_VERSION, type ProjectManifest } from '../../shared/project/manifest';
import { formatManifest } from '../../shared/project/parse-manifest';
import { writeFileAtomic } from './atomic-write';
import { makeSampleModel } from './sample/sample-model';

export const SAMPLE_BOARD = 'virtual-stm32f4';
export const SAMPLE_MODEL_ID = 'sine';
export const SAMPLE_MODEL_PATH = 'models/sine_int8.tflite';

export interface SampleModel {
  tflite: Uint8Array;
  labels?: string[];
}

export function sampleManifest(model: SampleModel): ProjectManifest {
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    name: 'Sample: sine wave',
    board: SAMPLE_BOARD,
    models: [{ id: SAMPLE_MODEL_ID, path: SAMPLE_MODEL_PATH, kind: 'tflite', ...(model.labels ? { labels: model.labels } : {}) }],
    activeModel: SAMPLE_MODEL_ID,
    build: { optimization: 'O2', dsp: true },
  };
}

/**
 * Writes the sample project into `dir` (created if missing). The manifest is written last, so a crash half-way
 * leaves a folder without tinyml.json, which the next start simply fills again.
 */
export async function createSampleProject(dir: string, model: SampleModel = makeSampleModel()): Promise<ProjectManifest> {
  await fs.mkdir(path.join(dir, 'models'), { recursive: true });
  await writeFileAtomic(path.join(dir, SAMPLE_MODEL_PATH), model.tflite);
  await writeFileAtomic(path.join(dir, 'README.md'), SAMPLE_README);
  const manifest = sampleManifest(model);
  await writeFileAtomic(path.join(dir, MANIFEST_FILE), formatManifest(manifest));
  return manifest;
}

const SAMPLE_README = `# Sample project: sine wave

This project is created the first time you open TinyML Studio. It holds a tiny fully connected network that
approximates \`y = sin(x)\` for \`x\` in \`[0, 2π)\`, quantized to int8 (one float input, one float output,
int8 weights and activations inside).

| file | what it is |
| --- | --- |
| \`tinyml.json\` | the project manifest: board, models, build settings |
| \`${SAMPLE_MODEL_PATH}\` | the model, a TensorFlow Lite flatbuffer |

## Things to try

1. **Graph**: open the model to see its layers, tensor shapes and quantization parameters.
2. **Memory map**: see how much flash the weights take and how the activations share the RAM arena.
3. **Build**: compile the model to standalone C and build firmware for the \`${SAMPLE_BOARD}\` board with
   arm-none-eabi-gcc (\`tinyml doctor\` tells you whether it is installed).
4. **Run**: flash the virtual board (QEMU), feed inputs and watch live telemetry: latency per inference and
   the model's output next to \`sin(x)\`.

Nothing here is precious: delete this folder and TinyML Studio recreates it on the next start.
`;
