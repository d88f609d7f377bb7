// The designer's inspector: the selected layer's name and parameters, one input per parameter of its kind.
import { useEffect, useState } from 'react';
import type { DesignLayer } from '../../../../../shared/designer/design-document';
import { layerCatalog, param, type ParamSpec } from '../../../../../shared/designer/layer-catalog';
import type { LayerReport } from '../../../../../shared/designer/shape-inference';
import { formatShape } from '../../../../../shared/designer/shape-inference';

type Value = number | string | boolean | number[];

function parseList(s: string): number[] | null {
  const parts = s.replace(/[[\]\s]/g, '').split(/[,x×]/).filter(Boolean);
  const nums = parts.map(Number);
  return nums.length && nums.every((n) => Number.isFinite(n)) ? nums : null;
}

/** A text input that commits on blur or Enter, so typing "1" on the way to "128" does not reflow the model. */
function ListInput({ value, onCommit, testId }: { value: number[]; onCommit(v: number[]): void; testId: string }) {
  const [text, setText] = useState(value.join(', '));
  useEffect(() => setText(value.join(', ')), [value]);
  const commit = () => {
    const v = parseList(text);
    if (v) onCommit(v);
    else setText(value.join(', '));
  };
  return <input data-testid={testId} value={text} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />;
}

function Field({ spec, value, onChange }: { spec: ParamSpec; value: Value; onChange(v: Value): void }) {
  const testId = `param-${spec.key}`;
  switch (spec.type) {
    case 'int':
    case 'float':
      return (
        <input
          data-testid={testId}
          type="number"
          step={spec.type === 'int' ? 1 : 'any'}
          min={spec.min}
          max={spec.max}
          value={String(value)}
          onChange={(e) => {
            const n = Number(e.target.value);
            if (e.target.value !== '' && Number.isFinite(n)) onChange(spec.type === 'int' ? Math.round(n) : n);
          }}
        />
      );
    case 'pair':
    case 'shape':
      return <ListInput testId={testId} value={value as number[]} onCommit={onChange} />;
    case 'enum':
      return (
        <select data-testid={testId} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {spec.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      );
    case 'bool':
      return <input data-testid={testId} type="checkbox" checked={Boolean(value)} onChange={(e) => onChange(e.target.checked)} />;
  }
}

export function LayerForm({ layer, report, onParam, onRename }: { layer: DesignLayer; report: LayerReport; onParam(key: string, v: Value): void; onRename(name: string): void }) {
  const info = layerCatalog[layer.kind];
  const [name, setName] = useState(layer.name);
  useEffect(() => setName(layer.name), [layer.name]);
  return (
    <aside className="inspector designer-inspector" data-testid="layer-inspector">
      <header className="inspector-header">
        <div>
          <h2>{layer.kind}</h2>
          <div className="inspector-subtitle">{info.doc}</div>
        </div>
      </header>
      <label className="form-row">
        <span>Name</span>
        <input data-testid="param-name" value={name} onChange={(e) => setName(e.target.value)} onBlur={() => onRename(name)} onKeyDown={(e) => e.key === 'Enter' && onRename(name)} />
      </label>
      {info.params.map((spec) => (
        <label key={spec.key} className="form-row">
          <span>{spec.label}</span>
          <Field spec={spec} value={param(layer.kind, layer.params, spec.key)} onChange={(v) => onParam(spec.key, v)} />
        </label>
      ))}
      <section>
        <h3>Result</h3>
        <dl className="kv">
          <dt>Output shape</dt>
          <dd>{report.shape ? formatShape(report.shape) : '—'}</dd>
          <dt>Parameters</dt>
          <dd>{report.params.toLocaleString('en-US')}</dd>
          <dt>MACs</dt>
          <dd>{report.macs.toLocaleString('en-US')}</dd>
        </dl>
        {report.error && <div className="inspector-warning">{report.error}</div>}
      </section>
    </aside>
  );
}
