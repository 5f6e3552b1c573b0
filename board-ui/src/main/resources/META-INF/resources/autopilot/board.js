// The reviewers' board: columns, drawer, live updates. All issue text goes into the page through
// textContent or the DOM-only markdown renderer, never innerHTML.
import { api } from './api.js';
import { renderMarkdown, el } from './markdown.js';
import { openDrawer, closeDrawer, refreshDrawer, drawerIssue } from './drawer.js';
import { state, toast, move, onChange } from './state.js';
import { cardMeta } from './cardmeta.js';
import { initIntegrations } from './integrations.js';
import { initProjects } from './projects.js';
import { showBudget } from './budget.js';

const COLUMNS = [
  ['backlog', 'Backlog'],
  ['ready', 'Ready'],
  ['in_progress', 'In progress'],
  ['blocked', 'Blocked'],
  ['in_review', 'In review'],
  ['done', 'Done'],
];
const PAGE = 30;
onChange(async (id, columnsToo) => {
  if (columnsToo) await load();
  if (drawerIssue() === id) await refreshDrawer();
});

const PROJECT_KEY = 'autopilot.project';
const project = () => document.getElementById('project-filter').value;

function filters() {
  const p = new URLSearchParams();
  if (project()) p.set('project', project());
  const q = document.getElementById('search').value.trim();
  const kind = document.getElementById('kind-filter').value;
  if (q) p.set('q', q);
  if (kind) p.set('kind', kind);
  const assignee = document.getElementById('assignee-filter').value.trim().replace(/^@/, '');
  if (document.getElementById('mine').checked && state.me) p.set('assignee', state.me.name);
  else if (assignee) p.set('assignee', assignee);
  return p;
}

async function load() {
  // Never re-render under a card being dragged: reload once it is dropped.
  if (state.dragging) {
    state.stale = true;
    return;
  }
  // Counts cover every column, so only the first request asks for them.
  const [results, queue] = await Promise.all([
    Promise.all(
      COLUMNS.map(([status], i) => {
        const p = filters();
        p.set('status', status);
        p.set('limit', PAGE);
        if (i > 0) p.set('counts', 'false');
        return api('/issues?' + p);
      }),
    ),
    // The warning is a nicety: never fail the board for it. Per project when the board shows one.
    api('/queue' + (project() ? '?project=' + encodeURIComponent(project()) : '')).catch(
      () => null,
    ),
    api('/budget').then(showBudget, () => null),
  ]);
  if (queue) unsandboxedWarning(queue.unsandboxed_runners || []);
  const board = document.getElementById('board');
  board.replaceChildren();
  COLUMNS.forEach(([status, label], i) => {
    state.columns[status] = results[i];
    const col = column(status, label, results[i], results[0].counts[status]);
    if (status === 'ready' && queue && queue.stalled)
      col.insertBefore(stallWarning(queue), col.children[1]);
    board.appendChild(col);
  });
}

// Ready work that nobody takes usually means no runner is running: say so where it waits.
function stallWarning(queue) {
  const minutes = Math.max(1, Math.round((Date.now() - Date.parse(queue.oldest_ready_at)) / 60000));
  // For one project, say who served it lately: none at all usually means no runner lists it.
  const who = !queue.runners
    ? ' Is a runner running (AUTOPILOT_RUNNER=1)?'
    : queue.runners.length
      ? ` Runners that took its work in the last day: ${queue.runners.join(', ')}.`
      : ` No runner took this project's work in the last day: does one list it in AUTOPILOT_PROJECTS?`;
  const p = el(
    'p',
    `No runner is taking work: ${queue.ready} ready, the oldest waiting ${minutes} min.${who}`,
    'stall',
  );
  p.setAttribute('role', 'status');
  return p;
}

// The security policy: runners whose operator turned the agent's OS sandbox off are named on the
// board. When /queue fails the banner keeps what it last said rather than hiding the warning.
function unsandboxedWarning(runners) {
  const banner = document.getElementById('unsandboxed');
  banner.hidden = runners.length === 0;
  banner.textContent =
    runners.length === 0
      ? ''
      : `Agents ran without their OS sandbox (AUTOPILOT_AGENT_SANDBOX=off) on: ${runners.join(', ')}.`;
}

function column(status, label, page, count) {
  const col = el('section', null, 'column');
  col.dataset.status = status;
  const h = el('h2');
  h.append(el('span', label), el('span', count, 'count'));
  const list = el('ul', null, 'cards');
  page.items.forEach((issue) => list.appendChild(card(issue)));
  col.append(h, list);
  if (page.next_cursor) {
    const more = el('button', 'Load more', 'more');
    more.addEventListener('click', async () => {
      const p = filters();
      p.set('status', status);
      p.set('limit', PAGE);
      p.set('cursor', page.next_cursor);
      p.set('counts', 'false');
      const next = await api('/issues?' + p);
      next.items.forEach((issue) => list.appendChild(card(issue)));
      page.next_cursor = next.next_cursor;
      if (!next.next_cursor) more.remove();
    });
    col.appendChild(more);
  }
  if (state.canWrite) {
    col.addEventListener('dragover', (e) => {
      e.preventDefault();
      col.classList.add('drop');
    });
    col.addEventListener('dragleave', () => col.classList.remove('drop'));
    col.addEventListener('drop', async (e) => {
      e.preventDefault();
      col.classList.remove('drop');
      const id = e.dataTransfer.getData('text/plain');
      state.dragging = false;
      if (id) await move(Number(id), status);
    });
  }
  return col;
}

function card(issue) {
  const li = el('li', null, 'card');
  li.tabIndex = 0;
  li.dataset.id = issue.id;
  const title = el('div');
  title.append(el('span', issue.ref, 'ref'), el('span', issue.title, 'title'));
  const meta = cardMeta(issue);
  li.append(title, meta);
  li.addEventListener('click', () => select(issue.id, true));
  li.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') select(issue.id, true);
  });
  if (state.canWrite) {
    li.draggable = true;
    li.addEventListener('dragstart', (e) => {
      state.dragging = true;
      e.dataTransfer.setData('text/plain', String(issue.id));
    });
    li.addEventListener('dragend', () => {
      state.dragging = false;
      if (state.stale) {
        state.stale = false;
        load();
      }
    });
  }
  return li;
}

function select(id, open) {
  state.selected = id;
  document.querySelectorAll('.card.selected').forEach((c) => c.classList.remove('selected'));
  const node = document.querySelector(`.card[data-id="${id}"]`);
  if (node) {
    node.classList.add('selected');
    node.focus();
  }
  if (open) openDrawer(id);
}

function step(delta) {
  const cards = [...document.querySelectorAll('.card')];
  if (!cards.length) return;
  const at = cards.findIndex((c) => Number(c.dataset.id) === state.selected);
  const next = cards[Math.min(cards.length - 1, Math.max(0, at + delta))];
  select(Number(next.dataset.id), false);
}

function live() {
  const dot = document.getElementById('live');
  const source = new EventSource('/api/autopilot/events');
  let pending = null;
  let connected = false;
  // main() has just loaded the board; only a reconnection needs to catch up.
  source.addEventListener('open', () => {
    dot.classList.add('on');
    if (connected) load();
    connected = true;
  });
  source.addEventListener('error', () => dot.classList.remove('on'));
  source.addEventListener('message', (e) => {
    const event = JSON.parse(e.data);
    if (event.type === 'ping') return;
    clearTimeout(pending);
    pending = setTimeout(load, 150);
    if (drawerIssue() === event.issue_id) refreshDrawer(event.type);
  });
}

function wire() {
  const search = document.getElementById('search');
  let typing = null;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(load, 250);
  });
  document.getElementById('kind-filter').addEventListener('change', load);
  document.getElementById('project-filter').addEventListener('change', (e) => {
    localStorage.setItem(PROJECT_KEY, e.target.value);
    document.getElementById('create-project').value = e.target.value || state.projects[0]?.key;
    load();
  });
  document.getElementById('mine').addEventListener('change', load);
  let assigneeTimer;
  document.getElementById('assignee-filter').addEventListener('input', () => {
    clearTimeout(assigneeTimer);
    assigneeTimer = setTimeout(load, 250);
  });
  document.getElementById('logout').addEventListener('click', async () => {
    await api('/session', { method: 'DELETE' }).catch(() => {});
    location.assign('/autopilot/login');
  });
  const dialog = document.getElementById('create');
  document.getElementById('new-issue').addEventListener('click', () => dialog.showModal());
  document.getElementById('create-form').addEventListener('submit', async (e) => {
    if (e.submitter && e.submitter.value !== 'create') return;
    e.preventDefault();
    const f = new FormData(e.target);
    try {
      const issue = await api('/issues', {
        method: 'POST',
        body: {
          project: f.get('project'),
          title: f.get('title'),
          body: f.get('body'),
          kind: f.get('kind'),
          priority: f.get('priority'),
          human_only: f.get('human_only') === 'on',
          hand_off: f.get('hand_off') === 'on',
        },
      });
      dialog.close();
      e.target.reset();
      await load();
      select(issue.id, true);
    } catch (err) {
      toast(err.message);
    }
  });
  document.addEventListener('keydown', (e) => {
    const typingInField = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName);
    if (e.key === 'Escape') {
      closeDrawer();
      return;
    }
    if (typingInField || e.metaKey || e.ctrlKey) return;
    if (e.key === 'n' && state.canWrite) {
      e.preventDefault();
      dialog.showModal();
    }
    if (e.key === '/') {
      e.preventDefault();
      search.focus();
    }
    if (e.key === 'j') step(1);
    if (e.key === 'k') step(-1);
    if (e.key === 't') window.autopilotTheme.cycle();
  });
}

// The project switcher remembers the last project; "All projects" shows every project's cards,
// each named by its ref (SHOP-12). With one project there is nothing to switch.
async function projects() {
  state.projects = await api('/projects').catch(() => []);
  const filter = document.getElementById('project-filter');
  const create = document.getElementById('create-project');
  for (const p of state.projects) {
    filter.appendChild(el('option', p.name + ' (' + p.key.toUpperCase() + ')')).value = p.key;
    create.appendChild(el('option', p.name)).value = p.key;
  }
  const saved = localStorage.getItem(PROJECT_KEY);
  if (saved && state.projects.some((p) => p.key === saved)) filter.value = saved;
  filter.hidden = state.projects.length < 2;
  create.closest('label').hidden = state.projects.length < 2;
  create.value = filter.value || (state.projects[0] && state.projects[0].key) || '';
}

async function main() {
  state.me = await api('/session');
  state.canWrite = state.me.roles.includes('reviewer');
  document.getElementById('me').textContent = state.me.name;
  document.getElementById('new-issue').hidden = !state.canWrite;
  initIntegrations(state.canWrite);
  initProjects(state.me.roles.includes('admin'));
  wire();
  await projects();
  await load();
  // ?issue=SHOP-12 (or a global id, as older links say)
  const deep = new URLSearchParams(location.search).get('issue');
  if (deep) openDrawer(/^\d+$/.test(deep) ? Number(deep) : deep);
  live();
}

main().catch((e) => toast(e.message));
