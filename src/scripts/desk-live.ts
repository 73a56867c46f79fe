/**
 * Live view counts in the staff navigation: one EventSource per desk tab on
 * /staff/api/events; each `counts` event updates the numbers (and announces nothing: the
 * counts are glanceable, not interrupting). Without JavaScript the counts are as rendered.
 */
const nav = document.querySelector('[data-views]');
if (nav && 'EventSource' in window) {
  const source = new EventSource('/staff/api/events');
  source.addEventListener('counts', (event) => {
    const counts = JSON.parse((event as MessageEvent<string>).data) as Record<string, number>;
    for (const [view, count] of Object.entries(counts)) {
      const cell = nav.querySelector<HTMLElement>(`[data-view-count="${CSS.escape(view)}"]`);
      if (!cell) continue;
      const number = cell.lastChild;
      if (number && number.nodeType === Node.TEXT_NODE) number.textContent = String(count);
      cell.dataset.count = String(count);
    }
  });
  window.addEventListener('pagehide', () => source.close());
}
