import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import { modelSummary } from '../../shared/api/model-service';
import { deserializeGraph } from '../../shared/ir/serialize';
import { EventHub } from './event-hub';
import { ModelServiceImpl, safeModelFileName } from './model-service';
import { ProjectServiceImpl } from './project-service';

const repoRoot = path.resolve(__dirname, '../..');
const modelsDir = path.resolve(repoRoot, '../shared/models/models');
const b64 = (f: string) => readFileSync(path.join(modelsDir, f)).toString('base64');

describe('ModelServiceImpl', () => {
  let tmp: string;
  let projects: ProjectServiceImpl;
  let models: ModelServiceImpl;

  beforeEach(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-model-'));
    projects = new ProjectServiceImpl(path.join(tmp, 'home'), new EventHub());
    models = new ModelServiceImpl(projects);
    await projects.create(path.join(tmp, 'proj'), 'proj');
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('imports a .tflite into models/, adds a manifest entry, and inspects it', async () => {
    const r = await models.importModel('C:\\Users\\me\\tflm_micro_speech_quantized.tflite', b64('tflm_micro_speech_quantized.tflite'));
    expect(r.path).toBe('models/tflm_micro_speech_quantized.tflite');
    expect(readFileSync(path.join(tmp, 'proj', r.path)).equals(readFileSync(path.join(modelsDir, 'tflm_micro_speech_quantized.tflite')))).toBe(true);
    const info = await projects.current();
    expect(info!.manifest.models).toEqual([{ id: 'tflm_micro_speech_quantized', path: r.path, kind: 'tflite' }]);
    expect(info!.manifest.activeModel).toBe('tflm_micro_speech_quantized');
    // The summary matches the API schema the hosts validate against.
    expect(modelSummary.safeParse(r.summary).success).toBe(true);
    const s = await models.inspect(r.path);
    expect(s.operators.map((o) => o.type)).toEqual(['RESHAPE', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'SOFTMAX']);
    expect(s.inputs[0]).toMatchObject({ dtype: 'int8', shape: [1, 1960] });
    // DW conv: 10x8 filter, 8 channels; output [1,25,20,8] → 25*20*8*80 MACs. FC: 4000 inputs x 4.
    expect(s.operators[1].macs).toBe(25 * 20 * 8 * 10 * 8);
    expect(s.operators[2].macs).toBe(4000 * 4);
    expect(s.operators[2].params).toBe(4000 * 4 + 4);
    expect(s.unsupported).toEqual([]);
    expect(s.shapeErrors).toEqual([]);
  });

  it('re-importing the same file replaces its entry instead of duplicating it', async () => {
    await models.importModel('hello.tflite', b64('tflm_hello_world_int8.tflite'));
    await models.importModel('hello.tflite', b64('tflm_hello_world_float.tflite'));
    const info = await projects.current();
    expect(info!.manifest.models.map((m) => m.id)).toEqual(['hello']);
    expect((await models.inspect('models/hello.tflite')).inputs[0].dtype).toBe('float32');
  });

  it('loads IR JSON that deserializes to the same graph', async () => {
    await models.importModel('pd.tflite', b64('tflm_person_detect.tflite'));
    const json = JSON.parse(JSON.stringify(await models.load('models/pd.tflite')));
    expect(json).toMatchObject({ format: 'tinyml-ir', version: 1 });
    const g = deserializeGraph(json);
    expect(g.operators.length).toBe(31);
    const w = g.tensors[g.operators[0].inputs[1]];
    expect(w.data!.byteLength).toBe(3 * 3 * 8);
  });

  it('refuses a malformed model and writes nothing', async () => {
    const bad = readFileSync(path.join(modelsDir, 'tflm_hello_world_int8.tflite')).subarray(0, 600).toString('base64');
    const err = await models.importModel('broken.tflite', bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('USER_ERROR');
    expect((err as ApiError).message).toMatch(/^Cannot import broken\.tflite: Not a valid \.tflite model: /);
    expect(existsSync(path.join(tmp, 'proj', 'models', 'broken.tflite'))).toBe(false);
    expect((await projects.current())!.manifest.models).toEqual([]);
  });

  it('lists unsupported operators of the audio preprocessor in the summary', async () => {
    const r = await models.importModel('audio.tflite', b64('tflm_audio_preprocessor_int8.tflite'));
    expect(r.summary.unsupported[0]).toMatchObject({ index: 0, customCode: 'SignalWindow' });
    expect(r.summary.operators[0].supported).toBe(false);
  });

  it('rejects non-.tflite names and needs an open project', async () => {
    expect(() => safeModelFileName('model.onnx')).toThrow(/not a \.tflite file/);
    expect(safeModelFileName('../../etc/my model.tflite')).toBe('my_model.tflite');
    const fresh = new ModelServiceImpl(new ProjectServiceImpl(path.join(tmp, 'home2'), new EventHub()));
    await expect(fresh.importModel('a.tflite', b64('tflm_hello_world_int8.tflite'))).rejects.toThrow(/No project is open/);
  });
});
