// One input sample drawn the way its kind reads best, from props alone: an image (HWC, values 0..1) on a
// canvas, an audio clip or sensor window as one curve per axis, a tabular row as its feature values. Used by the
// Optimize area's dataset preview and the Live area's validation report.
import { useEffect, useMemo, useRef } from 'react';
import { LineChart } from './LineChart';
import './sample-view.css';

const AXIS_COLORS = ['#4fc1ff', '#f5a623', '#50c878', '#e05d5d', '#b57edc', '#3cc7c7'];

export type SampleKind = 'image' | 'audio' | 'sensor' | 'tabular' | string;

/** [T, A] or [T] sensor/audio values → one series per axis (columns of a C-order matrix). */
export function axisSeries(shape: readonly number[], values: ArrayLike<number>): number[][] {
  const axes = shape.length >= 2 ? shape[shape.length - 1] : 1;
  const steps = Math.floor(values.length / axes);
  return Array.from({ length: axes }, (_, a) => Array.from({ length: steps }, (_, t) => values[t * axes + a]));
}

/** How to draw values of this shape when the kind is not known (a raw input tensor): [H, W, C≤4] reads as an image. */
export function kindForShape(shape: readonly number[]): SampleKind {
  const s = shape[0] === 1 && shape.length === 4 ? shape.slice(1) : shape;
  if (s.length === 3 && s[2] <= 4 && s[0] > 1 && s[1] > 1) return 'image';
  return 'sensor';
}

export function SampleView({ kind, shape, values, axes, ariaLabel = 'Sample' }: { kind: SampleKind; shape: readonly number[]; values: ArrayLike<number>; axes?: readonly string[]; ariaLabel?: string }) {
  if (kind === 'image') return <ImageView shape={shape[0] === 1 && shape.length === 4 ? shape.slice(1) : shape} values={values} ariaLabel={ariaLabel} />;
  if (kind === 'tabular') return <Features names={axes} values={values} />;
  return <Waveform shape={shape} values={values} axes={axes} ariaLabel={ariaLabel} />;
}

function ImageView({ shape, values, ariaLabel }: { shape: readonly number[]; values: ArrayLike<number>; ariaLabel: string }) {
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
  return <canvas ref={ref} width={w} height={h} role="img" aria-label={ariaLabel} style={{ width: w * scale, height: h * scale, imageRendering: 'pixelated' }} className="sample-image" />;
}

function Waveform({ shape, values, axes, ariaLabel }: { shape: readonly number[]; values: ArrayLike<number>; axes?: readonly string[]; ariaLabel: string }) {
  const cols = useMemo(() => axisSeries(shape, values), [shape, values]);
  const x = useMemo(() => (cols[0] ?? []).map((_, i) => i), [cols]);
  const series = useMemo(() => cols.map((v, i) => ({ label: axes?.[i] ?? (cols.length === 1 ? 'value' : `axis ${i}`), color: AXIS_COLORS[i % AXIS_COLORS.length], values: v })), [cols, axes]);
  return <LineChart ariaLabel={`${ariaLabel} waveform`} x={x} series={series} height={150} xLabel="step" />;
}

function Features({ names, values }: { names?: readonly string[]; values: ArrayLike<number> }) {
  return (
    <table className="data-table sample-features">
      <tbody>
        {Array.from(values, (v, i) => (
          <tr key={i}>
            <td>{names?.[i] ?? `f${i}`}</td>
            <td className="num">{v.toFixed(4)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
