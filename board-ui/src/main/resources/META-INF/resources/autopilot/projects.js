// The Projects page (a dialog): every project the caller sees, with its settings. Admins create
// projects and change settings (JSON merge patches: an empty field goes back to the runner's own
// setting); everyone else reads them, with no write controls. The webhook secret is write-only.
import { api } from './api.js';
import { el } from './markdown.js';
import { toast } from './state.js';

let dialog;
let admin = false;

// [field, label, kind]: text, list (comma-separated), number, or a choice of values.
const FIELDS = [
  ['name', 'Name', 'text'],
  ['repository', 'Repository (clone URL or path)', 'text'],
  ['base_branch', 'Base branch', 'text'],
  ['push_target', 'Push', ['origin', 'fork', 'off']],
  ['push_fork', 'Push fork (clone URL)', 'text'],
  ['agent_kind', 'Agent', ['claude', 'codex']],
  ['model', 'Model', 'text'],
  ['max_turns', 'Max turns', 'number'],
  ['bash_mode', 'Bash', ['allow-listed', 'sandboxed']],
  ['allowed_domains', 'Allowed hosts', 'list'],
  ['issue_cap_usd', 'Cap per issue (USD)', 'number'],
  ['day_cap_usd', 'Cap per day (USD)', 'number'],
  ['github_repository', 'GitHub repository (owner/name)', 'text'],
  ['feedback_origins', 'Feedback origins', 'list'],
];

export function initProjects(isAdmin) {
  admin = isAdmin;
  const open = el('button', 'Projects', 'link');
  open.id = 'projects-open';
  open.addEventListener('click', show);
  document.getElementById('me').before(open);
  dialog = el('dialog');
  dialog.id = 'projects';
  document.body.appendChild(dialog);
}

async function show() {
  await render();
  if (!dialog.open) dialog.showModal();
}

async function render() {
  const projects = await api('/projects');
  const close = el('button', 'Close', 'link');
  close.addEventListener('click', () => dialog.close());
  dialog.replaceChildren(el('h2', 'Projects'), close);
  const list = el('ul', null, 'project-list');
  for (const p of projects) list.appendChild(admin ? editor(p) : summary(p));
  dialog.appendChild(list);
  if (admin) dialog.appendChild(creator());
}

function shown(value) {
  if (value === null || value === undefined || value === '') return 'runner default';
  return Array.isArray(value) ? value.join(', ') || 'none' : String(value);
}

// Read only: what a reviewer or viewer sees.
function summary(p) {
  const li = el('li', null, 'project');
  li.dataset.key = p.key;
  li.appendChild(el('h3', `${p.name} (${p.key.toUpperCase()}), ${p.issues} issue(s)`));
  const dl = el('dl');
  for (const [field, label] of FIELDS.slice(1))
    dl.append(el('dt', label), el('dd', shown(p[field])));
  dl.append(el('dt', 'Webhook secret'), el('dd', p.github_webhook_secret_set ? 'set' : 'not set'));
  li.appendChild(dl);
  return li;
}

function input(field, kind, value) {
  let control;
  if (Array.isArray(kind)) {
    control = el('select');
    control.appendChild(el('option', 'runner default')).value = '';
    for (const v of kind) control.appendChild(el('option', v)).value = v;
  } else {
    control = el('input');
    control.type = kind === 'number' ? 'number' : 'text';
    if (kind === 'number') control.step = 'any';
  }
  control.name = field;
  control.value =
    value === null || value === undefined ? '' : Array.isArray(value) ? value.join(', ') : value;
  return control;
}

// What a form says, as a merge patch: blank is null (the runner's own), lists split on commas.
function patchOf(form, fields) {
  const patch = {};
  for (const [field, , kind] of fields) {
    const raw = form.elements[field].value.trim();
    if (kind === 'list')
      patch[field] = raw
        ? raw
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : null;
    else if (kind === 'number') patch[field] = raw === '' ? null : Number(raw);
    else patch[field] = raw === '' ? null : raw;
  }
  return patch;
}

function editor(p) {
  const li = el('li', null, 'project');
  li.dataset.key = p.key;
  li.appendChild(el('h3', `${p.key.toUpperCase()}, ${p.issues} issue(s)`));
  const form = el('form', null, 'project-form');
  for (const [field, label, kind] of FIELDS) {
    const l = el('label', label);
    l.appendChild(input(field, kind, p[field]));
    form.appendChild(l);
  }
  const secret = el(
    'label',
    p.github_webhook_secret_set ? 'Webhook secret (set; blank keeps it)' : 'Webhook secret',
  );
  const s = el('input');
  s.type = 'password';
  s.name = 'github_webhook_secret';
  s.autocomplete = 'new-password';
  secret.appendChild(s);
  form.appendChild(secret);
  const save = el('button', 'Save', 'primary');
  save.type = 'submit';
  form.appendChild(save);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const patch = patchOf(form, FIELDS);
    if (s.value) patch.github_webhook_secret = s.value;
    try {
      await api(`/projects/${p.key}`, { method: 'PATCH', body: patch });
      toast(`Saved ${p.key.toUpperCase()}`);
      await render();
    } catch (err) {
      toast(err.message);
    }
  });
  li.appendChild(form);
  return li;
}

function creator() {
  const form = el('form', null, 'project-new');
  form.appendChild(el('h3', 'New project'));
  for (const [field, label] of [
    ['key', 'Key (2-10 letters and digits)'],
    ['name', 'Name'],
    ['repository', 'Repository'],
  ]) {
    const l = el('label', label);
    const i = el('input');
    i.name = field;
    if (field !== 'repository') i.required = true;
    l.appendChild(i);
    form.appendChild(l);
  }
  const create = el('button', 'Create', 'primary');
  create.type = 'submit';
  form.appendChild(create);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { key: form.elements.key.value.trim(), name: form.elements.name.value.trim() };
    if (form.elements.repository.value.trim())
      body.repository = form.elements.repository.value.trim();
    try {
      await api('/projects', { method: 'POST', body });
      toast(`Created ${body.key.toUpperCase()}`);
      await render();
    } catch (err) {
      toast(err.message);
    }
  });
  return form;
}
