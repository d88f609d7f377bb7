// One dataset sample drawn the way its kind reads best: an image (HWC, 0..1) on a canvas, an audio clip as a
// waveform, a sensor window as one curve per axis, a tabular row as its feature values.
import { useEffect, useMemo, useRef, useState } from 'react';
import { LineChart } from '../../components/LineChart';
import { useWorkbench } from '../../workbench-context';
import { valueStats } from './optimize-format';

const AXIS_COLORS = ['#4fc1ff', '#f5a623', '#50c878', '#e05d5d', '#b57edc', '#3cc7c7'];

interface Sample {
  id: string;
  shape: number[];
  values: number[];
}

/** [T, A] or [T] sensor/audio values → one series per axis (columns of a C-order matrix). */
export function axisSeries(shape: readonly number[], values: readonly number[]): number[][] {
  const axes = shape.length >= 2 ? shape[shape.length - 1] : 1;
  const steps = Math.floor(values.length / axes);
  return Array.from({ length: axes }, (_, a) => Array.from({ length: steps }, (_, t) => values[t * axes + a]));
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
      {kind === 'image' ? <ImageView shape={s.shape} values={s.values} /> : kind === 'tabular' ? <Features names={axes} values={s.values} /> : <Waveform shape={s.shape} values={s.values} axes={axes} />}
      <figcaption className="opt-muted opt-small">
        {id} · [{s.shape.join('×')}] · min {st.min.toFixed(3)} · max {st.max.toFixed(3)} · mean {st.mean.toFixed(3)}
      </figcaption>
    </figure>
  );
}

function ImageView({ shape, values }: { shape: number[]; values: number[] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [h, w, c] = [shape[0] ?? 1, shape[1] ?? 1, shape[2] ?? 1];
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(w, h);
    for (let i = 0; i < w * h; i++) {
      const px = (k: number) => Math.round(Math.max(0, Math.min(1, values[i * c + Math.min(k, c - 1)])) * 255);
      img.data.set([px(0), px(1), px(2), 255], i * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [values, w, h, c]);
  const scale = Math.max(1, Math.floor(160 / Math.max(w, h)));
  return <canvas ref={ref} width={w} height={h} style={{ width: w * scale, height: h * scale, imageRendering: 'pixelated' }} className="opt-image" />;
}

function Waveform({ shape, values, axes }: { shape: number[]; values: number[]; axes?: string[] }) {
  const cols = useMemo(() => axisSeries(shape, values), [shape, values]);
  const x = useMemo(() => (cols[0] ?? []).map((_, i) => i), [cols]);
  const series = useMemo(() => cols.map((v, i) => ({ label: axes?.[i] ?? (cols.length === 1 ? 'value' : `axis ${i}`), color: AXIS_COLORS[i % AXIS_COLORS.length], values: v })), [cols, axes]);
  return <LineChart ariaLabel="Sample waveform" x={x} series={series} height={150} xLabel="step" />;
}

function Features({ names, values }: { names?: string[]; values: number[] }) {
  return (
    <table className="data-table opt-features">
      <tbody>
        {values.map((v, i) => (
          <tr key={i}>
            <td>{names?.[i] ?? `f${i}`}</td>
            <td className="num">{v.toFixed(4)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
