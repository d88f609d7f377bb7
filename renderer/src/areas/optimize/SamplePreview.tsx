// One dataset sample drawn the way its kind reads best: an image (HWC, 0..1) on a canvas, an audio clip as a
// waveform, a sensor window as one curve per axis, a tabular row as its feature values.
import { useEffect, useState } from 'react';
import { SampleView } from '../../components/SampleView';
import { useWorkbench } from '../../workbench-context';
import { valueStats } from './optimize-format';

interface Sample {
  id: string;
  shape: number[];
  values: number[];
}

export function SamplePreview({ dataset, id, kind, axes }: { dataset: string; id: string; kind: string; axes?: string[] }) {
  const { api } = useWorkbench();
  const [s, setS] = useState<Sample | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setErr(null);
    api.dataset.sample(dataset, id).then((r) => live && setS(r), (e: Error) => live && setErr(e.message));
    return () => {
      live = false;
    };
  }, [api, dataset, id]);
  if (err) return <div className="inline-error">{err}</div>;
  if (!s || s.id !== id) return <div className="opt-muted">Loading {id}…</div>;
  const st = valueStats(s.values);
  return (
    <figure className="opt-sample-preview" aria-label={`Sample ${id}`}>
      <SampleView kind={kind} shape={s.shape} values={s.values} axes={axes} ariaLabel={`Sample ${id}`} />
      <figcaption className="opt-muted opt-small">
        {id} · [{s.shape.join('×')}] · min {st.min.toFixed(3)} · max {st.max.toFixed(3)} · mean {st.mean.toFixed(3)}
      </figcaption>
    </figure>
  );
}
