/**
 * Log-out removes what this browser keeps of a call in progress (the caller's name, address
 * and question in localStorage), so that nothing of a caller stays on a shared desk PC.
 * Unsaved article and training drafts stay on purpose: they hold no caller data, and an
 * expired session must not lose them.
 */
export function clearCallsOnLogout(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[action="/staff/logout"]')) {
    form.addEventListener('submit', () => {
      // The call page saves on pagehide; this tells it not to write the call back.
      document.documentElement.dataset.loggingOut = 'true';
      try {
        for (const key of Object.keys(window.localStorage)) {
          if (key.startsWith('tierzero:call:')) window.localStorage.removeItem(key);
        }
      } catch {
        // Storage blocked: there is nothing kept to remove.
      }
    });
  }
}
