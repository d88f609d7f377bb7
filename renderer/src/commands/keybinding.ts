// Key bindings as strings ("Ctrl+Shift+P"). "Ctrl" is the primary modifier: Control on Windows/Linux,
// Command on macOS, as users of VS Code and Arduino IDE expect.

export interface KeyEventLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

interface Parsed {
  primary: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

function parse(kb: string): Parsed {
  const parts = kb.split('+');
  const key = parts.pop()!.toLowerCase();
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return { primary: mods.has('ctrl') || mods.has('cmd'), shift: mods.has('shift'), alt: mods.has('alt'), key };
}

/** The key a KeyboardEvent names, layout-independent for letters and digits (Shift+1 reports "!"). */
function eventKey(ev: KeyEventLike): string {
  if (ev.code?.startsWith('Key')) return ev.code.slice(3).toLowerCase();
  if (ev.code?.startsWith('Digit')) return ev.code.slice(5);
  // The key left of 1 (VS Code's Ctrl+` panel toggle) types other characters on many layouts.
  if (ev.code === 'Backquote') return '`';
  return ev.key.toLowerCase();
}

export function matchesKeybinding(ev: KeyEventLike, kb: string, isMac: boolean): boolean {
  const p = parse(kb);
  const primary = isMac ? ev.metaKey : ev.ctrlKey;
  const other = isMac ? ev.ctrlKey : ev.metaKey;
  return primary === p.primary && !other && ev.shiftKey === p.shift && ev.altKey === p.alt && eventKey(ev) === p.key;
}

const MAC_SYMBOLS: Record<string, string> = { ctrl: '⌘', cmd: '⌘', shift: '⇧', alt: '⌥' };

export function formatKeybinding(kb: string, isMac: boolean): string {
  const parts = kb.split('+');
  if (!isMac) return parts.map((p) => (p.length === 1 ? p.toUpperCase() : p)).join('+');
  const key = parts.pop()!;
  const mods = parts.map((m) => MAC_SYMBOLS[m.toLowerCase()] ?? m);
  // macOS orders modifiers ⌥⇧⌘.
  const order = ['⌥', '⇧', '⌘'];
  mods.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return mods.join('') + (key.length === 1 ? key.toUpperCase() : key);
}

export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}
