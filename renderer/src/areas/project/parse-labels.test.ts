import { describe, expect, it } from 'vitest';
import { formatLabels, parseLabels } from './parse-labels';

describe('parseLabels', () => {
  it('splits one line on commas and trims', () => {
    expect(parseLabels(' yes, no ,unknown,, silence ')).toEqual(['yes', 'no', 'unknown', 'silence']);
  });
  it('uses one label per line when there are several lines, keeping commas inside a label', () => {
    expect(parseLabels('cat, tabby\ndog\r\n\n bird \n')).toEqual(['cat, tabby', 'dog', 'bird']);
  });
  it('gives no labels for blank text and round-trips the editable form', () => {
    expect(parseLabels('  \n ')).toEqual([]);
    expect(parseLabels(formatLabels(['a', 'b, c']))).toEqual(['a', 'b, c']);
  });
});
