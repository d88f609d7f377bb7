// Per-layer cost table: op, output shape, MACs, weight and activation bytes, estimated cycles. Click a header
// to sort (again to reverse); the heaviest layer by cycles is marked.
import { useMemo, useState } from 'react';
import { formatBytes, formatCount, formatDuration, sortLayers, type LayerRow, type LayerSortKey } from './memory-budget';

const COLUMNS: { key: LayerSortKey; label: string; num: boolean; title?: string }[] = [
  { key: 'index', label: '#', num: true },
  { key: 'op', label: 'Operator', num: false },
  { key: 'macs', label: 'MACs', num: true },
  { key: 'weightBytes', label: 'Weights', num: true },
  { key: 'activationBytes', label: 'Activations', num: true, title: 'Bytes of the non-constant tensors the layer reads and writes' },
  { key: 'cycles', label: 'Est. cycles', num: true, title: 'MACs × cycles per MAC of our kernels on this core' },
];


export function LayerTable({ rows, clockMHz }: { rows: readonly LayerRow[]; clockMHz: number }) {
  const [sort, setSort] = useState<{ key: LayerSortKey; desc: boolean }>({ key: 'index', desc: false });
  const sorted = useMemo(() => sortLayers(rows, sort.key, sort.desc), [rows, sort]);
  const maxCycles = Math.max(1, ...rows.map((r) => r.cycles));
  const totalCycles = rows.reduce((n, r) => n + r.cycles, 0);
  return (
    <table className="data-table memory-layers" data-testid="layer-table">
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th
              key={c.key}
              className={`${c.num ? 'num' : ''} sortable${sort.key === c.key ? ' sorted' : ''}`}
              title={c.title}
              aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
              onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : c.num && c.key !== 'index' }))}
              data-testid={`sort-${c.key}`}
            >
              {c.label}
              {sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}
            </th>
          ))}
          <th className="num" title={`At ${clockMHz} MHz`}>
            Time
          </th>
          <th>Share of cycles</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={r.index} data-testid="layer-row">
            <td className="num dim">{r.index}</td>
            <td>
              <span className="op-name">{r.op}</span>
              <span className="dim shape">
                {r.dtype} [{r.outShape.join('×')}]
              </span>
            </td>
            <td className="num">{r.macs ? formatCount(r.macs) : '—'}</td>
            <td className="num">{r.weightBytes ? formatBytes(r.weightBytes) : '—'}</td>
            <td className="num">{formatBytes(r.activationBytes)}</td>
            <td className="num">{r.cycles ? formatCount(r.cycles) : '—'}</td>
            <td className="num">{formatDuration(r.micros / 1e6)}</td>
            <td className="share">
              <span className="share-bar" style={{ width: `${(100 * r.cycles) / maxCycles}%` }} />
              <span className="dim">{totalCycles ? `${((100 * r.cycles) / totalCycles).toFixed(1)}%` : ''}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
