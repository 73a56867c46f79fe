/** Browser helper: renders highlighted search text segments as text and <mark> elements. */
import type { Segment } from '../lib/search/highlight.ts';

/** Appends segments to an element; never parses HTML. */
export function appendSegments(parent: HTMLElement, segments: Segment[]): void {
  for (const segment of segments) {
    if (segment.mark) {
      const mark = document.createElement('mark');
      mark.textContent = segment.text;
      parent.append(mark);
    } else parent.append(segment.text);
  }
}
