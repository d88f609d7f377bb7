// @vitest-environment happy-dom
// The disagreeing-sample dialog's input view: a golden case's raw tensor (person_detect, made by TFLite 2.9)
// drawn as the 96×96 image the model saw, a dataset sample through the dataset API, and a clear note for a
// cases folder outside the project. The back end is a stand-in that serves the real case file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { Api } from '../../../../shared/api/api';
import type { DeviceModelInfo } from '../../../../shared/api/device-service';
import { reactRootPerTest } from '../../components/react-test-root';
import { kindForShape } from '../../components/SampleView';
import { WorkbenchContext } from '../../workbench-context';
import { CaseInput, caseFileInProject, decodeCaseInput, type CaseSource } from './CaseInput';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const golden = path.resolve(repoRoot, '../shared/models/golden/tflm_person_detect');
const manifest = JSON.parse(readFileSync(path.join(golden, 'manifest.json'), 'utf8')) as { inputs: { name: string; dtype: string; shape: number[] }[] };
const model: DeviceModelInfo = { name: 'person_detect', inputs: manifest.inputs.map((i) => ({ ...i, bytes: 9216 })), outputs: [] };
const dom = reactRootPerTest();
// happy-dom has no canvas; the views only need a 2d context that accepts their calls (pixels are not read here).
HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
  const ctx: Record<string | symbol, unknown> = { canvas: this, measureText: () => ({ width: 10 }), createImageData: (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }) };
  return new Proxy(ctx, { get: (t, k) => (k in t ? t[k] : () => {}), set: (t, k, v) => ((t[k] = v), true) });
} as never;
(globalThis as { Path2D?: unknown }).Path2D ??= class {
  moveTo() {}
  lineTo() {}
  rect() {}
  arc() {}
  closePath() {}
  bezierCurveTo() {}
  addPath() {}
};

async function render(source: CaseSource, name: string, api: Partial<Api>) {
  await act(async () => {
    dom.root.render(
      <WorkbenchContext.Provider value={{ api: api as Api, commands: {} as never }}>
        <CaseInput name={name} source={source} model={model} />
      </WorkbenchContext.Provider>,
    );
    await new Promise((r) => setTimeout(r, 20));
  });
}

describe('a case input', () => {
  it('draws a golden person_detect case as the 96×96 image the model saw', async () => {
    const bytes = readFileSync(path.join(golden, 'real_person.in0.bin'));
    const asked: string[] = [];
    const api = { project: { readBinary: async (p: string) => (asked.push(p), bytes.toString('base64')) } } as unknown as Api;
    await render({ kind: 'folder', dir: '/home/u/proj/cases/person', projectDir: '/home/u/proj' }, 'real_person', api);
    expect(asked).toEqual(['cases/person/real_person.in0.bin']);
    const canvas = dom.host.querySelector<HTMLCanvasElement>('canvas[aria-label="Input of real_person"]');
    expect(canvas).not.toBeNull();
    expect([canvas!.width, canvas!.height]).toEqual([96, 96]);
    expect(dom.host.querySelector('[data-testid="case-input"] figcaption')!.textContent).toBe('Input · [1×96×96×1] · int8 input tensor, shown as (q + 128) / 255');

    // The values drawn are the file's int8 bytes, mapped onto 0..1.
    const shown = decodeCaseInput(new Uint8Array(bytes), model.inputs[0]);
    const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(shown.values.length).toBe(96 * 96);
    for (const i of [0, 1234, 9215]) expect(shown.values[i]).toBeCloseTo((q[i] + 128) / 255, 12);
  });

  it('shows a dataset sample through the dataset API', async () => {
    const asked: string[][] = [];
    const api = { dataset: { sample: async (d: string, id: string) => (asked.push([d, id]), { id, label: 0, split: 'test', shape: [4, 2], values: [0, 1, 2, 3, 4, 5, 6, 7] }) } } as unknown as Api;
    await render({ kind: 'dataset', dataset: 'wand', sampleKind: 'sensor' }, 'wave_017', api);
    expect(asked).toEqual([['wand', 'wave_017']]);
    expect(dom.host.querySelector('[role="img"][aria-label="Input of wave_017 waveform"]')).not.toBeNull();
    expect(dom.host.querySelector('[data-testid="case-input"] figcaption')!.textContent).toBe('Input · [4×2] · sample wave_017 of dataset "wand"');
  });

  it('says why a case outside the project cannot be shown', async () => {
    const api = { project: { readBinary: async () => { throw new Error('must not be asked'); } } } as unknown as Api;
    await render({ kind: 'folder', dir: '/data/golden/kws', projectDir: '/home/u/proj' }, 'seed01', api);
    expect(dom.host.textContent).toContain('The input /data/golden/kws/seed01.in0.bin lies outside the project folder');
  });
});

describe('case paths and shapes', () => {
  it('maps a folder case onto a project-relative path, or refuses', () => {
    expect(caseFileInProject('cases', 'a', '/p')).toBe('cases/a.in0.bin');
    expect(caseFileInProject('/p/cases/', 'a', '/p')).toBe('cases/a.in0.bin');
    expect(caseFileInProject('C:\\p\\cases', 'a', 'C:\\p')).toBe('cases/a.in0.bin');
    expect(caseFileInProject('/p2/cases', 'a', '/p')).toBeNull();
    expect(caseFileInProject('../outside', 'a', '/p')).toBeNull();
    expect(caseFileInProject('/p/cases', 'a', null)).toBeNull();
  });

  it('reads [1,H,W,C≤4] and [H,W,C] as images, anything else as curves', () => {
    expect(kindForShape([1, 96, 96, 1])).toBe('image');
    expect(kindForShape([49, 40, 1])).toBe('image');
    expect(kindForShape([1, 1960])).toBe('sensor');
    expect(kindForShape([128, 3])).toBe('sensor');
  });
});
