// A run's changes: the diff stat, the patch, and a warning when a file name holds characters that
// do not show. The server writes each such character out as it was committed (<U+202E>, <0xFF>);
// here every one is set apart in a <mark>, so that it never reads as part of the name.
import { el } from './markdown.js';

const MARK = /<U\+[0-9A-F]{4,6}>|<0x[0-9A-F]{2}>/g;

/** A {@code tag} element holding {@code text}, each written-out character marked (no innerHTML). */
export function marked(tag, text, className) {
  const node = el(tag, null, className);
  let at = 0;
  for (const m of text.matchAll(MARK)) {
    if (m.index > at) node.append(text.slice(at, m.index));
    const mark = el('mark', m[0], 'hidden-char');
    mark.title = 'A character that does not show, as committed: ' + m[0];
    node.append(mark);
    at = m.index + m[0].length;
  }
  if (at < text.length) node.append(text.slice(at));
  return node;
}

/** The badge a run with such file names carries in the runs table. */
export function suspiciousBadge(run) {
  const names = run.suspicious_names || [];
  if (!names.length) return null;
  const badge = el('span', 'suspicious file names', 'badge danger');
  badge.title = names.join('\n');
  return badge;
}

function warning(names) {
  const box = el('div', null, 'names-warning');
  box.setAttribute('role', 'alert');
  box.append(
    el('span', 'suspicious file names', 'badge danger'),
    el(
      'p',
      `${names.length} file name(s) hold invisible, bidirectional or control characters. They are ` +
        'shown marked, as committed: check them before accepting.',
    ),
  );
  const list = el('ul');
  for (const name of names) list.append(marked('li', name, 'name'));
  box.append(list);
  return box;
}

/** The Changes section's content for one run (the single-run view, with its patch). */
export function changesView(run) {
  const box = el('div');
  const names = run.suspicious_names || [];
  if (names.length) box.appendChild(warning(names));
  if (run.diff_stat) box.appendChild(marked('pre', run.diff_stat, 'stat'));
  const patch = el('div', null, 'patch');
  for (const line of (run.patch || '').split('\n')) {
    const cls = line.startsWith('diff --git')
      ? 'file'
      : line.startsWith('@@')
        ? 'hunk'
        : line.startsWith('+') && !line.startsWith('+++')
          ? 'add'
          : line.startsWith('-') && !line.startsWith('---')
            ? 'del'
            : '';
    patch.appendChild(marked('span', line + '\n', cls));
  }
  if (run.patch_truncated) box.appendChild(el('p', 'The patch was truncated.'));
  box.appendChild(patch);
  return box;
}
