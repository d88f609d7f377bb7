// What the linked firmware.elf measured: section totals and the largest symbols, so "where did my flash go"
// has an answer down to the array or function.
import { useState } from 'react';
import type { BuildReportData } from '../../../../shared/api/build-service';
import { formatBytes } from './memory-budget';

const SHOWN = 12;

export function ElfDetails({ report }: { report: BuildReportData }) {
  const [all, setAll] = useState(false);
  const size = report.size;
  if (!size) return null;
  const symbols = all ? size.symbols : size.symbols.slice(0, SHOWN);
  return (
    <section className="card" data-testid="elf-details">
      <div className="card-title-row">
        <h2 className="card-title">firmware.elf</h2>
        <div className="arena-figures">
          <span>
            text <strong data-testid="elf-text">{size.text.toLocaleString('en-US')} B</strong>
          </span>
          <span>
            data <strong>{size.data.toLocaleString('en-US')} B</strong>
          </span>
          <span>
            bss <strong>{size.bss.toLocaleString('en-US')} B</strong>
          </span>
          <span className="dim">
            -{report.optimization}
            {report.dsp ? ', DSP kernels' : ', portable kernels'} · built in {report.seconds.toFixed(1)} s
          </span>
        </div>
      </div>
      <table className="data-table memory-layers memory-symbols">
        <thead>
          <tr>
            <th>Symbol</th>
            <th>Group</th>
            <th>Region</th>
            <th className="num">Size</th>
          </tr>
        </thead>
        <tbody>
          {symbols.map((s) => (
            <tr key={`${s.region}:${s.name}`}>
              <td>
                <span className="op-name">{s.name}</span>
              </td>
              <td className="dim">{s.group}</td>
              <td className="dim">{s.region}</td>
              <td className="num">{formatBytes(s.size)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {size.symbols.length > SHOWN && (
        <button className="link-btn memory-more" onClick={() => setAll((v) => !v)}>
          {all ? 'Show fewer' : `Show all ${size.symbols.length} symbols`}
        </button>
      )}
    </section>
  );
}
