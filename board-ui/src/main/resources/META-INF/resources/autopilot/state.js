// What the board and the drawer share: the page's state, toasts and issue moves. The board
// registers how to re-read itself, so the drawer never imports the board (no module cycle).
import { api, Problem } from './api.js';
import { el } from './markdown.js';

export const state = {
  me: null,
  projects: [],
  canWrite: false,
  columns: {},
  selected: null,
  dragging: false,
  stale: false,
};

let reread = async () => {};

export function toast(text) {
  const t = el('div', text, 'toast');
  document.getElementById('toasts').appendChild(t);
  setTimeout(() => t.remove(), 5000);
}

/** The board's re-read: (issue id, whether the columns must reload too). */
export function onChange(fn) {
  reread = fn;
}

/** Something changed issue {@code id}: the board and an open drawer re-read it. */
export async function changed(id, columnsToo = true) {
  await reread(id, columnsToo);
}

export async function move(id, status, extra = {}) {
  try {
    await api(`/issues/${id}/status`, { method: 'POST', body: { status, ...extra } });
  } catch (e) {
    // Refused: the card never left its column, so there is nothing to snap back (re-rendering
    // here would pull the board out from under the user's next drag).
    toast(e instanceof Problem ? e.message : String(e));
    const stale = state.stale;
    state.stale = false;
    await changed(id, stale);
    return;
  }
  await changed(id);
}
