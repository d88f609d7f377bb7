// Tabular import: one CSV row is one sample; numeric feature columns plus one label column (any text).
// The first row must be a header so the user can pick the label column by name.
export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): CsvTable {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === ';' || c === '\t') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  if (rows.length < 2) throw new Error('The CSV file needs a header row and at least one data row.');
  return { header: rows[0].map((h) => h.trim()), rows: rows.slice(1) };
}

export interface CsvSamples {
  featureNames: string[];
  classes: string[];
  features: Float32Array[];
  labels: number[];
}

export function csvToSamples(table: CsvTable, labelColumn: string): CsvSamples {
  const li = table.header.indexOf(labelColumn);
  if (li < 0) throw new Error(`The CSV has no column "${labelColumn}"; its columns are: ${table.header.join(', ')}.`);
  const featureIdx = table.header.map((_, i) => i).filter((i) => i !== li);
  if (!featureIdx.length) throw new Error('The CSV has only the label column; add at least one numeric feature column.');
  const classes: string[] = [];
  const features: Float32Array[] = [];
  const labels: number[] = [];
  table.rows.forEach((r, n) => {
    if (r.length !== table.header.length) throw new Error(`CSV row ${n + 2} has ${r.length} fields but the header has ${table.header.length}.`);
    const name = r[li].trim();
    let label = classes.indexOf(name);
    if (label < 0) label = classes.push(name) - 1;
    const f = new Float32Array(featureIdx.length);
    featureIdx.forEach((col, k) => {
      const v = Number(r[col]);
      if (r[col].trim() === '' || !Number.isFinite(v)) throw new Error(`CSV row ${n + 2}, column "${table.header[col]}": "${r[col]}" is not a number.`);
      f[k] = v;
    });
    features.push(f);
    labels.push(label);
  });
  return { featureNames: featureIdx.map((i) => table.header[i]), classes, features, labels };
}
