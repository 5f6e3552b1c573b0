// The board's theme: system (default), light or dark, kept in localStorage. A classic script in
// <head>, so the stored theme applies before the first paint (no flash of the wrong theme).
(function () {
  const KEY = 'autopilot-theme';
  const ORDER = ['system', 'light', 'dark'];
  const LABEL = { system: '◐ system', light: '☀ light', dark: '☾ dark' };
  function stored() {
    try {
      return ORDER.includes(localStorage.getItem(KEY)) ? localStorage.getItem(KEY) : 'system';
    } catch (e) {
      return 'system';
    }
  }
  function apply(theme) {
    if (theme === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', theme);
    const button = document.getElementById('theme');
    if (button) button.textContent = LABEL[theme];
  }
  function cycle() {
    const next = ORDER[(ORDER.indexOf(stored()) + 1) % ORDER.length];
    try {
      localStorage.setItem(KEY, next);
    } catch (e) {
      /* private mode: this page only */
    }
    apply(next);
    return next;
  }
  apply(stored());
  document.addEventListener('DOMContentLoaded', () => {
    apply(stored());
    const button = document.getElementById('theme');
    if (button) button.addEventListener('click', cycle);
  });
  window.autopilotTheme = { cycle };
})();
