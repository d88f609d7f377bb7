// Everything about the selected node: operator type and attributes, each input and output with shape, dtype and
// quantization (per-channel scales as a count plus a small plot), a histogram of its weights, and its cost.
import { useMemo } from 'react';
import type { Graph } from '../../../../../shared/ir/graph';
import { attrsWithDefaults } from '../../../../../shared/ir/shape-inference';
import type { ModelStats } from '../../../../../shared/ir/stats';
import { operatorLabel, unsupportedOperators } from '../../../../../shared/ir/support';
import { tensorBytes, type Tensor } from '../../../../../shared/ir/tensor';
import { dims, inputName } from '../graph/graph-view-model';
import { histogram, tensorValues } from './tensor-values';

const fmtNum = (n: number) => n.toLocaleString('en-US');
export function fmtBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(2)} MB`;
}
const fmtScale = (s: number) => (s === 0 ? '0' : Math.abs(s) < 1e-3 || Math.abs(s) >= 1e4 ? s.toExponential(3) : s.toPrecision(4));

export function NodeInspector({ graph, stats, nodeId, onClose }: { graph: Graph; stats: ModelStats; nodeId: string; onClose(): void }) {
  const [kind, refStr] = nodeId.split(':');
  const ref = Number(refStr);
  if (kind !== 'op') {
    const t = graph.tensors[ref];
    return (
      <aside className="inspector" data-testid="inspector">
        <InspectorHeader title={kind === 'in' ? 'Model input' : 'Model output'} subtitle={t.name} onClose={onClose} />
        <TensorCard label={kind === 'in' ? 'input' : 'output'} t={t} />
      </aside>
    );
  }
  const op = graph.operators[ref];
  const st = stats.ops[ref];
  const problem = unsupportedOperators({ ...graph, operators: [op] })[0];
  const attrs = attrsWithDefaults(op.type, op.attrs);
  const weight = op.inputs.map((t) => (t >= 0 ? graph.tensors[t] : undefined)).find((t, k) => k > 0 && t?.data && t.shape.length > 1);
  return (
    <aside className="inspector" data-testid="inspector">
      <InspectorHeader title={operatorLabel(op)} subtitle={`#${op.id}${op.name ? ` · ${op.name}` : ''}${op.version ? ` · v${op.version}` : ''}`} onClose={onClose} />
      {problem && (
        <div className="inspector-warning" role="note">
          View only: {problem.reason}. The model can be inspected but not compiled until this op is replaced.
        </div>
      )}
      <section>
        <h3>Cost</h3>
        <dl className="kv" data-testid="inspector-cost">
          <dt>Parameters</dt>
          <dd>{fmtNum(st?.params ?? 0)}</dd>
          <dt>MACs</dt>
          <dd>{fmtNum(st?.macs ?? 0)}</dd>
          <dt>Weight bytes</dt>
          <dd>{fmtBytes(st?.weightBytes ?? 0)}</dd>
          <dt>Activation bytes</dt>
          <dd>{fmtBytes(st?.activationBytes ?? 0)}</dd>
        </dl>
      </section>
      {Object.keys(attrs).length > 0 && (
        <section>
          <h3>Attributes</h3>
          <dl className="kv" data-testid="inspector-attrs">
            {Object.entries(attrs).map(([k, v]) => (
              <FragmentKV key={k} k={k} v={Array.isArray(v) ? `[${v.join(', ')}]` : String(v)} />
            ))}
          </dl>
        </section>
      )}
      <section>
        <h3>Inputs</h3>
        {op.inputs.map((t, k) => (t < 0 ? <div key={k} className="tensor-card muted">{inputName(op.type, k)}: (none)</div> : <TensorCard key={k} label={inputName(op.type, k)} t={graph.tensors[t]} />))}
      </section>
      <section>
        <h3>Outputs</h3>
        {op.outputs.map((t, k) => (
          <TensorCard key={k} label={op.outputs.length > 1 ? `output ${k}` : 'output'} t={graph.tensors[t]} />
        ))}
      </section>
      {weight && <WeightHistogram t={weight} />}
    </aside>
  );
}

function FragmentKV({ k, v }: { k: string; v: string }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </>
  );
}

function InspectorHeader({ title, subtitle, onClose }: { title: string; subtitle: string; onClose(): void }) {
  return (
    <header className="inspector-header">
      <div>
        <h2 data-testid="inspector-title">{title}</h2>
        <div className="inspector-subtitle">{subtitle}</div>
      </div>
      <button className="icon-button" title="Close (Esc)" onClick={onClose}>
        ×
      </button>
    </header>
  );
}

function TensorCard({ label, t }: { label: string; t: Tensor }) {
  const q = t.quant;
  return (
    <div className="tensor-card" data-testid="tensor-card" data-tensor-role={label}>
      <div className="tensor-card-head">
        <span className="tensor-role">{label}</span>
        <span className="tensor-shape" data-testid="tensor-shape">
          {dims(t.shape)}
        </span>
        <span className="tensor-dtype">{t.dtype}</span>
        {t.data && <span className="tensor-const">const · {fmtBytes(tensorBytes(t))}</span>}
      </div>
      <div className="tensor-name" title={t.name}>
        {t.name}
      </div>
      {q && q.scale.length === 1 && (
        <div className="tensor-quant" data-testid="tensor-quant">
          scale {fmtScale(q.scale[0])} · zero point {q.zeroPoint[0]}
        </div>
      )}
      {q && q.scale.length > 1 && <PerChannel scales={q.scale} zeroPoints={q.zeroPoint} axis={q.axis} />}
    </div>
  );
}

function PerChannel({ scales, zeroPoints, axis }: { scales: number[]; zeroPoints: number[]; axis: number }) {
  const max = Math.max(...scales);
  const min = Math.min(...scales);
  const W = 250;
  const H = 40;
  const bw = W / scales.length;
  const zpAllZero = zeroPoints.every((z) => z === 0);
  return (
    <div className="tensor-quant per-channel" data-testid="per-channel-scales">
      <div>
        per-channel (axis {axis}): <b>{scales.length} scales</b>, {fmtScale(min)} … {fmtScale(max)}
        {zpAllZero ? ' · zero points 0' : ` · zero points ${Math.min(...zeroPoints)}…${Math.max(...zeroPoints)}`}
      </div>
      <svg width={W} height={H} className="scale-plot" aria-label="per-channel scales">
        {scales.map((s, i) => (
          <rect key={i} x={i * bw} y={H - (s / max) * H} width={Math.max(1, bw - (bw > 3 ? 1 : 0))} height={(s / max) * H}>
            <title>
              channel {i}: scale {fmtScale(s)}, zero point {zeroPoints[i] ?? zeroPoints[0]}
            </title>
          </rect>
        ))}
      </svg>
      <div className="scale-list">{scales.slice(0, 8).map(fmtScale).join(', ')}{scales.length > 8 ? `, … (${scales.length - 8} more)` : ''}</div>
    </div>
  );
}

function WeightHistogram({ t }: { t: Tensor }) {
  const h = useMemo(() => {
    const v = tensorValues(t);
    return v && v.length ? histogram(v) : null;
  }, [t]);
  if (!h) return null;
  const W = 260;
  const H = 80;
  const peak = Math.max(...h.counts);
  const bw = W / h.counts.length;
  return (
    <section>
      <h3>Weights ({t.dtype}, stored values)</h3>
      <svg width={W} height={H + 16} className="histogram" data-testid="weight-histogram">
        {h.counts.map((c, i) => (
          <rect key={i} x={i * bw} y={H - (c / peak) * H} width={bw - 1} height={(c / peak) * H}>
            <title>{c} values</title>
          </rect>
        ))}
        <text x={0} y={H + 13}>
          {fmtScale(h.min)}
        </text>
        <text x={W} y={H + 13} textAnchor="end">
          {fmtScale(h.max)}
        </text>
      </svg>
      <div className="muted small">
        mean {fmtScale(h.mean)} · {fmtNum(h.zeros)} zeros of {fmtNum(tensorValues(t)!.length)}
      </div>
    </section>
  );
}
