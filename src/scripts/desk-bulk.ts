/**
 * A view's bulk selection in the browser: shows the "select all on this page" box in the list
 * header and keeps it in step with the rows' boxes (also after the live list swapped in new
 * rows). Without JavaScript each row's box is ticked on its own.
 */
function wire(): void {
  const all = document.querySelector<HTMLInputElement>('[data-select-all]');
  if (!all) return;
  all.hidden = false;
  const boxes = (): HTMLInputElement[] => [...document.querySelectorAll<HTMLInputElement>('input[type=checkbox][name=ticket]')];
  const sync = (): void => {
    const list = boxes();
    const ticked = list.filter((box) => box.checked).length;
    all.checked = list.length > 0 && ticked === list.length;
    all.indeterminate = ticked > 0 && ticked < list.length;
  };
  all.onchange = () => {
    for (const box of boxes()) box.checked = all.checked;
  };
  for (const box of boxes()) box.addEventListener('change', sync);
  sync();
}

wire();
document.addEventListener('desk:list-updated', wire);
