// Turns gcc / ld output lines into structured diagnostics the Output panel can make clickable.
// gcc:  "src/model.c:12:5: error: 'x' undeclared"   (also "warning", "note", "fatal error")
// ld:   "…/ld: firmware.elf section `.bss' will not fit in region `RAM'", "…: undefined reference to `foo'"
export interface Diagnostic {
  file: string | null;
  line: number | null;
  column: number | null;
  severity: 'error' | 'warning' | 'note';
  message: string;
}

const GCC_RE = /^(.+?):(\d+):(?:(\d+):)?\s+(fatal error|error|warning|note):\s+(.*)$/;
const LD_RE = /(?:^|\/)ld(?:\.bfd)?(?:\.exe)?:\s+(.*)$/;

export function parseDiagnostic(line: string): Diagnostic | null {
  const m = GCC_RE.exec(line.trim());
  if (m) {
    const sev = m[4] === 'note' ? 'note' : m[4] === 'warning' ? 'warning' : 'error';
    return { file: m[1], line: Number(m[2]), column: m[3] ? Number(m[3]) : null, severity: sev, message: m[5] };
  }
  const l = LD_RE.exec(line.trim());
  if (l) {
    const msg = l[1];
    const severity = /warning:/i.test(msg) ? 'warning' : 'error';
    return { file: null, line: null, column: null, severity, message: msg.replace(/^warning:\s*/i, '') };
  }
  if (/undefined reference to|region `?\w+'? overflowed|will not fit in region/.test(line)) {
    return { file: null, line: null, column: null, severity: 'error', message: line.trim() };
  }
  return null;
}

export function parseDiagnostics(text: string): Diagnostic[] {
  return text.split(/\r?\n/).map(parseDiagnostic).filter((d): d is Diagnostic => d !== null);
}
