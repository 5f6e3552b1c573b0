// The integrations dialog: incident projects with their DSN keys (a new key is shown once), and
// notification deliveries that failed. Everything shown comes from the API as text.
import { api } from './api.js';
import { el } from './markdown.js';
import { toast } from './state.js';

let dialog;
let canWrite = false;

export function initIntegrations(writer) {
  canWrite = writer;
  const open = el('button', 'Integrations', 'link');
  open.id = 'integrations-open';
  open.addEventListener('click', show);
  document.getElementById('me').before(open);
  dialog = el('dialog');
  dialog.id = 'integrations';
  document.body.appendChild(dialog);
}

async function show() {
  await render();
  if (!dialog.open) dialog.showModal();
}

async function render(fresh) {
  const [projects, failed] = await Promise.all([
    api('/incident-projects'),
    api('/notifications?state=failed&limit=50'),
  ]);
  const close = el('button', 'Close', 'link');
  close.addEventListener('click', () => dialog.close());
  dialog.replaceChildren(el('h2', 'Integrations'), close);
  if (fresh) dialog.appendChild(secret(fresh));
  dialog.appendChild(el('h3', 'Incident projects (Sentry SDK DSNs)'));
  const list = el('ul', null, 'projects');
  for (const p of projects) list.appendChild(project(p));
  dialog.appendChild(list);
  if (canWrite) dialog.appendChild(newProject());
  dialog.appendChild(el('h3', `Failed notifications (${failed.length})`));
  const deliveries = el('ul', null, 'deliveries');
  for (const d of failed) {
    const ref = d.issue_id ? ` #${d.issue_id}` : '';
    deliveries.appendChild(
      el(
        'li',
        `${d.endpoint}: ${d.event_type}${ref}, ${d.attempts} attempt(s): ${d.last_error || ''}`,
      ),
    );
  }
  if (!failed.length) deliveries.appendChild(el('li', 'None'));
  dialog.appendChild(deliveries);
}

function project(p) {
  const li = el('li', null, 'project');
  li.appendChild(el('strong', p.name));
  if (p.auto_ready_events) {
    li.appendChild(
      el(
        'span',
        ` · to agents at ${p.auto_ready_events} events in ${p.auto_ready_window_seconds} s`,
      ),
    );
  }
  const keys = el('ul', null, 'keys');
  for (const k of p.keys) {
    const item = el('li', `${k.hint}… ${k.label || ''} ${k.revoked_at ? '(revoked)' : ''}`);
    if (canWrite && !k.revoked_at) {
      const revoke = el('button', 'Revoke', 'link');
      revoke.addEventListener('click', () =>
        act(() => api(`/incident-projects/${p.id}/keys/${k.id}`, { method: 'DELETE' })),
      );
      item.appendChild(revoke);
    }
    keys.appendChild(item);
  }
  li.appendChild(keys);
  if (canWrite && p.name !== 'autopilot-api') {
    const add = el('button', 'New key', 'link');
    add.addEventListener('click', () =>
      act(() => api(`/incident-projects/${p.id}/keys`, { method: 'POST', body: {} })),
    );
    li.appendChild(add);
  }
  return li;
}

function newProject() {
  const form = el('form', null, 'row');
  const name = el('input');
  name.placeholder = 'New project name';
  name.required = true;
  name.maxLength = 200;
  form.append(name, el('button', 'Create project', 'primary'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    act(
      async () =>
        (await api('/incident-projects', { method: 'POST', body: { name: name.value } })).key,
    );
  });
  return form;
}

// The key and its DSN, shown this once: the server keeps only a hash.
function secret(key) {
  const box = el('div', null, 'secret');
  box.appendChild(el('p', 'Copy this DSN now; the key is not shown again:'));
  const dsn = el('input', null, 'dsn');
  dsn.readOnly = true;
  dsn.value = key.dsn;
  box.appendChild(dsn);
  return box;
}

async function act(call) {
  try {
    const result = await call();
    await render(result && result.dsn ? result : null);
  } catch (e) {
    toast(e.message);
  }
}
