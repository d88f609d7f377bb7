// Class labels as the user types them: one per line, or comma-separated on one line. A label may itself hold a
// comma ("cat, tabby") when the list is one per line, which is why a newline anywhere switches the separator.
export function parseLabels(text: string): string[] {
  const parts = /\r?\n/.test(text.trim()) ? text.split(/\r?\n/) : text.split(',');
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** The editable text for labels: one per line. */
export function formatLabels(labels: readonly string[] | undefined): string {
  return (labels ?? []).join('\n');
}
