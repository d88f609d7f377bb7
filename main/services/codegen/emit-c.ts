// Small helpers that turn numbers into C source text. Everything here is deterministic: the same values always
// give the same characters, so generated files can be diffed and cached.

/** float32 literal that parses back to exactly the same float (9 significant digits always suffice). */
export function cFloat(v: number): string {
  if (Number.isNaN(v)) return '(0.0f / 0.0f)';
  // Infinite activation bounds are emitted as the largest float: clamping against it is a no-op.
  if (v === Infinity) return '3.40282347e+38f';
  if (v === -Infinity) return '-3.40282347e+38f';
  const f = Math.fround(v);
  if (f === 0) return Object.is(f, -0) ? '-0.0f' : '0.0f';
  let s = f.toPrecision(9);
  if (!/[.e]/.test(s)) s += '.0';
  return `${s}f`;
}

/** An int32 literal; INT32_MIN cannot be written directly in C. */
export function cInt(v: number): string {
  if (!Number.isInteger(v)) throw new Error(`not an integer: ${v}`);
  if (v === -2147483648) return '(-2147483647 - 1)';
  return String(v);
}

/** Formats an array initializer body, `perLine` values to a line, indented by two spaces. */
export function cArrayBody(values: ArrayLike<number>, format: (v: number) => string, perLine: number): string {
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += perLine) {
    const parts: string[] = [];
    for (let j = i; j < Math.min(values.length, i + perLine); j++) parts.push(format(values[j]));
    lines.push(`  ${parts.join(', ')},`);
  }
  return lines.join('\n');
}

export type CElemType = 'int8_t' | 'uint8_t' | 'int16_t' | 'int32_t' | 'float';

/** A `const` array definition kept in flash, aligned for word (and SIMD) loads. */
export function cConstArray(name: string, type: CElemType, values: ArrayLike<number>, comment?: string): string {
  const perLine = type === 'float' ? 8 : type === 'int32_t' ? 10 : 20;
  const fmt = type === 'float' ? cFloat : cInt;
  const head = comment ? `/* ${comment} */\n` : '';
  const body = values.length ? cArrayBody(values, fmt, perLine) : '  0,';
  return `${head}const ${type} ${name}[${Math.max(1, values.length)}] TML_ALIGNED(16) = {\n${body}\n};\n`;
}

/** Escapes text for a C comment (no comment terminators). */
export function cComment(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/[\r\n]+/g, ' ');
}

/** Escapes text for a C string literal. */
export function cString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[^\x20-\x7e]/g, '?')}"`;
}

/** A C designated-initializer struct body from an object of already-formatted field values. */
export function cStruct(fields: Record<string, string>): string {
  return `{${Object.entries(fields).map(([k, v]) => `.${k} = ${v}`).join(', ')}}`;
}
