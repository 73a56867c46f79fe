/**
 * "Copy link" on article section headings. Without JavaScript each `[data-copy-link]` is a
 * plain `#section` link. With it, a click copies the section's full URL, puts the section in
 * the address bar (without jumping), and announces it in the page's `[data-copy-status]`
 * live region. When the clipboard is unavailable or refuses, the link simply does what a
 * link does.
 */

const liveStatus = document.querySelector<HTMLElement>('[data-copy-status]');

document.addEventListener('click', (event) => {
  if (!(event.target instanceof Element) || event.defaultPrevented) return;
  const link = event.target.closest<HTMLAnchorElement>('a[data-copy-link]');
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (!navigator.clipboard?.writeText) return;
  event.preventDefault();
  const url = new URL(link.getAttribute('href') ?? '', location.href);
  history.replaceState(history.state, '', url.hash);
  const heading = link.parentElement?.textContent?.replace(/#\s*$/, '').trim() ?? '';
  const template = link.closest<HTMLElement>('[data-copy-done]')?.dataset.copyDone ?? '{heading}';
  navigator.clipboard.writeText(url.href).then(
    () => {
      if (!liveStatus) return;
      // Emptied first, so copying the same link twice is announced twice.
      liveStatus.textContent = '';
      window.setTimeout(() => (liveStatus.textContent = template.replace('{heading}', heading)), 50);
    },
    () => {
      location.hash = url.hash;
    },
  );
});
export {};
