// Arduino serial-plotter lines: "1.5 2 3" / "1.5,2,3" (series named by position) or "temp:21.5,hum:40"
// (named). Anything else — a log line, a half-written number — is not a plot line.
export interface PlotValue {
  name: string;
  value: number;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function parsePlotLine(line: string): PlotValue[] | null {
  const text = line.trim();
  if (!text) return null;
  const parts = text.split(/[\s,;\t]+/).filter(Boolean);
  const out: PlotValue[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const colon = p.lastIndexOf(':');
    if (colon > 0) {
      const v = p.slice(colon + 1);
      if (!NUMBER.test(v)) return null;
      out.push({ name: p.slice(0, colon), value: Number(v) });
    } else {
      if (!NUMBER.test(p)) return null;
      out.push({ name: `value ${i + 1}`, value: Number(p) });
    }
  }
  return out.length ? out : null;
}
