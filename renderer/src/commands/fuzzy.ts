// Fuzzy matching for the command palette: every query character must appear in order; contiguous runs,
// word starts and an early first match score higher. Returns null when the query does not match.

export interface FuzzyMatch {
  score: number;
  /** Indices of matched characters, for highlighting. */
  positions: number[];
}

export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = query.trim().toLowerCase();
  if (!q) return { score: 0, positions: [] };
  const t = text.toLowerCase();
  const positions: number[] = [];
  let score = 0;
  let ti = 0;
  let prev = -2;
  for (const ch of q) {
    if (ch === ' ') continue;
    const i = t.indexOf(ch, ti);
    if (i < 0) return null;
    const wordStart = i === 0 || /[\s:.\-_/(]/.test(t[i - 1]);
    score += 1 + (i === prev + 1 ? 5 : 0) + (wordStart ? 3 : 0);
    positions.push(i);
    prev = i;
    ti = i + 1;
  }
  score -= positions[0] * 0.1;
  // A literal substring beats a scattered match.
  if (t.includes(q)) score += 10;
  return { score, positions };
}
