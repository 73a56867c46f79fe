/**
 * Alt+N (by physical key, without Ctrl, Meta or Shift) opens the call page (the call in
 * progress, or a new one) from every desk page whose header has the call link. A bundled
 * script rather than an inline one, so the Content-Security-Policy needs no exception.
 */
export function callShortcut(): void {
  if (!document.querySelector('[data-new-call-link]')) return;
  document.addEventListener('keydown', (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.code !== 'KeyN') return;
    const link = document.querySelector<HTMLAnchorElement>('[data-new-call-link]');
    if (!link) return;
    event.preventDefault();
    window.location.assign(link.href);
  });
}
