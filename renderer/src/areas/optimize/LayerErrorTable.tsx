// The per-layer quantization error: SQNR (dB, with a bar) and cosine of each int8 activation against its float
// twin, the worst layer flagged, and a tick box per layer to keep it in float on the next run (mixed precision).
import { formatError, formatSqnr, keepFloatKey, sqnrBand, sqnrBar } from './optimize-format';

export interface LayerErrorLike {
  opIndex: number;
  opType: string;
  tensor: string;
  sqnrDb: number | null;
  cosine: number;
  maxAbsError?: number;
}

export function LayerErrorTable({ rows, worst, keep, onToggle }: { rows: LayerErrorLike[]; worst: string | null; keep: ReadonlySet<string>; onToggle(key: string): void }) {
  return (
    <table className="data-table opt-layer-table" aria-label="Per-layer quantization error">
      <thead>
        <tr>
          <th className="num">#</th>
          <th>operator</th>
          <th>output tensor</th>
          <th className="opt-sqnr-col">SQNR</th>
          <th className="num">cosine</th>
          <th className="num">max |err|</th>
          <th title="Keep this layer in float32 on the next run">float</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((l) => {
          const isWorst = worst !== null && l.tensor === worst;
          const key = keepFloatKey(l);
          const input = l.opType === 'INPUT';
          const band = sqnrBand(l.sqnrDb);
          return (
            <tr key={`${l.opIndex}:${l.tensor}`} className={isWorst ? 'opt-worst' : undefined} data-layer={l.tensor}>
              <td className="num">{l.opIndex < 0 ? '' : l.opIndex}</td>
              <td>{l.opType}</td>
              <td className="opt-mono opt-ellipsis" title={l.tensor}>
                {l.tensor}
                {isWorst && <span className="tag opt-worst-tag">this layer loses most</span>}
              </td>
              <td className="opt-sqnr-col">
                <span className="opt-sqnr">
                  <span className="opt-sqnr-track">
                    <span className={`opt-sqnr-fill ${band}`} style={{ width: `${sqnrBar(l.sqnrDb) * 100}%` }} />
                  </span>
                  <span className="num">{formatSqnr(l.sqnrDb)}</span>
                </span>
              </td>
              <td className="num">{l.cosine.toFixed(5)}</td>
              <td className="num">{l.maxAbsError === undefined ? '—' : formatError(l.maxAbsError)}</td>
              <td>{!input && <input type="checkbox" aria-label={`Keep ${l.tensor} in float`} checked={keep.has(key)} onChange={() => onToggle(key)} />}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
