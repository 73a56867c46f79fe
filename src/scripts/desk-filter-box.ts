/**
 * On a phone a view's filters start folded, so the tickets come first, unless a filter is set
 * or the "save as a view" form has something to say. Without JavaScript, and on a larger
 * screen, they stay open (their summary line is hidden there, so a window made wider opens them).
 */
const box = document.querySelector<HTMLDetailsElement>('[data-filter-box]');
const phone = matchMedia('(max-width: 48rem)');
if (box) {
  if (!box.dataset.keepOpen && phone.matches) box.open = false;
  phone.addEventListener('change', () => {
    if (!phone.matches) box.open = true;
  });
}
