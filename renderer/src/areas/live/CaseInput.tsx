// The input of one validation case, drawn beside its two outputs: a dataset sample as the dataset stores it
// (image, waveform or features), or a folder case's raw input tensor (<case>.in0.bin) in the flashed model's
// input shape.
import { useEffect, useState } from 'react';
import type { DeviceModelInfo } from '../../../../shared/api/device-service';
import { kindForShape, SampleView, type SampleKind } from '../../components/SampleView';
import { useWorkbench } from '../../workbench-context';

/** Where the validation run took its cases from, remembered when it started (the form may change later). */
export type CaseSource = { kind: 'dataset'; dataset: string; sampleKind: SampleKind } | { kind: 'folder'; dir: string; projectDir: string | null };

interface Shown {
  kind: SampleKind;
  shape: number[];
  values: ArrayLike<number>;
  caption: string;
}

/** A folder case path as the project API takes it (relative), or null when the folder lies outside the project. */
export function caseFileInProject(dir: string, name: string, projectDir: string | null): string | null {
  const clean = dir.replace(/\\/g, '/').replace(/\/+$/, '');
  let rel = clean;
  if (clean.startsWith('/') || /^[a-z]:\//i.test(clean)) {
    const root = projectDir?.replace(/\\/g, '/').replace(/\/+$/, '');
    if (!root || !clean.startsWith(`${root}/`)) return null;
    rel = clean.slice(root.length + 1);
  }
  if (rel.split('/').includes('..')) return null;
  return `${rel ? `${rel}/` : ''}${name}.in0.bin`;
}

/**
 * Raw input bytes as numbers in the model's input dtype. An int8 image is shown as (q + 128) / 255, so its
 * full range maps onto black…white without needing the tensor's zero point.
 */
export function decodeCaseInput(bytes: Uint8Array, input: { dtype: string; shape: readonly number[] } | undefined): Shown {
  const shape = input?.shape.length ? [...input.shape] : [bytes.length];
  const kind = kindForShape(shape);
  if (input?.dtype === 'float32') {
    const f = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.byteLength & ~3)));
    return { kind, shape, values: f, caption: 'float32 input tensor' };
  }
  const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (kind === 'image') return { kind, shape, values: Array.from(q, (v) => (v + 128) / 255), caption: 'int8 input tensor, shown as (q + 128) / 255' };
  return { kind, shape, values: q, caption: 'int8 input tensor (raw quantized values)' };
}

export function CaseInput({ name, source, model }: { name: string; source: CaseSource; model: DeviceModelInfo | null }) {
  const { api } = useWorkbench();
  const [shown, setShown] = useState<Shown | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setShown(null);
    setNote(null);
    const fail = (e: unknown) => live && setNote(`The input could not be read: ${e instanceof Error ? e.message : String(e)}`);
    if (source.kind === 'dataset') {
      api.dataset.sample(source.dataset, name).then(
        (s) => live && setShown({ kind: source.sampleKind, shape: s.shape, values: s.values, caption: `sample ${s.id} of dataset "${source.dataset}"` }),
        fail,
      );
    } else {
      const rel = caseFileInProject(source.dir, name, source.projectDir);
      if (!rel) {
        setNote(`The input ${source.dir}/${name}.in0.bin lies outside the project folder, so it cannot be shown here. Copy the cases folder into the project to see inputs next to outputs.`);
      } else {
        api.project.readBinary(rel).then((b64) => {
          if (!live) return;
          const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
          setShown(decodeCaseInput(bytes, model?.inputs[0]));
        }, fail);
      }
    }
    return () => {
      live = false;
    };
  }, [api, name, source, model]);

  if (note) return <p className="muted small case-input-note">{note}</p>;
  if (!shown) return <p className="muted small">Loading the input of {name}…</p>;
  return (
    <figure className="case-input" data-testid="case-input">
      <SampleView kind={shown.kind} shape={shown.shape} values={shown.values} ariaLabel={`Input of ${name}`} />
      <figcaption className="muted small">
        Input · [{shown.shape.join('×')}] · {shown.caption}
      </figcaption>
    </figure>
  );
}
