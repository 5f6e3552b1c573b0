// The issue drawer: text, thread, attachments, history, runs, live log, diff and the actions a
// reviewer may take in the issue's state.
import { api } from './api.js';
import { renderMarkdown, el } from './markdown.js';
import { state, move, toast, changed } from './state.js';
import { incidentPanel } from './incident.js';
import { spendBadge } from './budget.js';
import { changesView, suspiciousBadge } from './diff.js';

let current = null;
let logSeq = -1;
// Live events can start a refresh while another awaits the network: only the latest one renders,
// or both would append their sections (a doubled diff).
let generation = 0;

export function drawerIssue() {
  return current;
}

export function closeDrawer() {
  const drawer = document.getElementById('drawer');
  drawer.hidden = true;
  current = null;
  const url = new URL(location.href);
  url.searchParams.delete('issue');
  history.replaceState(null, '', url);
}

/** Opens an issue by global id or by ref (SHOP-12, from a link). */
export async function openDrawer(id) {
  current = id;
  logSeq = -1;
  await refreshDrawer();
}

export async function refreshDrawer(eventType) {
  if (current === null) return;
  const id = current;
  if (eventType === 'progress') {
    await appendLog();
    return;
  }
  const mine = ++generation;
  const [issue, runs] = await Promise.all([
    api(`/issues/${encodeURIComponent(id)}`),
    api(`/issues/${encodeURIComponent(id)}/runs`),
  ]);
  if (current !== id || mine !== generation) return;
  // From here on the drawer follows the global id (live events name it); links name the ref.
  current = issue.id;
  const url = new URL(location.href);
  url.searchParams.set('issue', issue.ref);
  history.replaceState(null, '', url);
  const drawer = document.getElementById('drawer');
  drawer.hidden = false;
  drawer.replaceChildren();
  const close = el('button', 'Close (Esc)', 'link');
  close.addEventListener('click', closeDrawer);
  const title = el('h2');
  title.append(el('span', issue.ref + ' ', 'ref'), el('span', issue.title, 'title'));
  const meta = el('div', null, 'meta');
  for (const text of [
    issue.status.replace('_', ' '),
    issue.kind,
    issue.priority,
    issue.assignee && '@' + issue.assignee,
    issue.branch,
  ]) {
    if (text) meta.appendChild(el('span', text, 'badge'));
  }
  const spend = spendBadge(issue);
  if (spend) meta.appendChild(spend);
  if (issue.blocked_reason === 'budget')
    meta.appendChild(el('span', 'over budget', 'badge blocked'));
  if (issue.transient_retries > 0)
    meta.appendChild(el('span', `${issue.transient_retries} transient retries`, 'badge'));
  if (issue.pr_url && /^https?:\/\//.test(issue.pr_url)) {
    const pr = el('a', 'Pull request', 'badge');
    pr.href = issue.pr_url;
    pr.rel = 'noopener noreferrer';
    pr.target = '_blank';
    meta.appendChild(pr);
  }
  drawer.append(close, title, meta);
  if (issue.reporter) {
    const r = issue.reporter;
    drawer.appendChild(
      el(
        'p',
        `Feedback from ${r.name || 'anonymous'} (unverified)${r.email ? ' <' + r.email + '>' : ''}${r.page ? ' on ' + r.page : ''}, ${r.duplicate_count} submission(s)`,
        'reporter',
      ),
    );
  }
  if (issue.incident) drawer.appendChild(section('Incident', incidentPanel(issue.incident)));
  if (issue.allowed_moves.length) drawer.appendChild(actions(issue));
  drawer.appendChild(section('Description', renderMarkdown(issue.body)));
  const lastRun = runs[runs.length - 1];
  if (issue.status === 'in_progress' && lastRun) {
    const log = el('div', null, 'log');
    log.id = 'live-log';
    drawer.appendChild(section('Live log', log));
    logSeq = -1;
    appendLog(lastRun.id);
  }
  if ((issue.status === 'in_review' || issue.status === 'done') && lastRun) {
    const changes = await diff(lastRun.id);
    if (mine !== generation) return;
    drawer.appendChild(section('Changes', changes));
  }
  drawer.appendChild(section('Thread', thread(issue)));
  drawer.appendChild(section('Attachments', attachments(issue)));
  drawer.appendChild(section('Runs', runTable(runs)));
  drawer.appendChild(section('History', historyList(issue.history)));
}

function section(name, body) {
  const s = el('section');
  s.append(el('h3', name), body);
  return s;
}

// The buttons are the moves the server offers this caller from here: the drawer keeps no copy of
// the workflow. A move that takes instructions shares one text box (a comment for the agents).
function actions(issue) {
  const box = el('div', null, 'actions');
  const moves = issue.allowed_moves;
  const prompted = moves.find((m) => m.prompt);
  const note = el('textarea');
  if (prompted) {
    note.rows = 3;
    note.placeholder = prompted.prompt;
    box.appendChild(note);
  }
  for (const m of moves) {
    const b = el('button', m.label, m.primary ? 'primary' : null);
    b.dataset.move = m.move;
    b.addEventListener('click', () => {
      const text = m.prompt ? note.value.trim() : '';
      move(issue.id, m.to, text ? { instructions: note.value } : {});
    });
    box.appendChild(b);
  }
  return box;
}

function thread(issue) {
  const box = el('div');
  for (const c of issue.comments) {
    const div = el('div', null, 'comment ' + c.author_kind);
    div.append(
      el(
        'div',
        `${c.author} · ${c.author_kind} · ${new Date(c.created_at).toLocaleString()}`,
        'who',
      ),
      renderMarkdown(c.body),
    );
    box.appendChild(div);
  }
  if (state.canWrite && issue.status !== 'blocked') {
    const text = el('textarea');
    text.rows = 3;
    text.placeholder = 'Comment';
    const send = el('button', 'Comment');
    send.addEventListener('click', async () => {
      if (!text.value.trim()) return;
      await api(`/issues/${issue.id}/comments`, {
        method: 'POST',
        body: { body: text.value },
      }).catch((e) => toast(e.message));
      await refreshDrawer();
    });
    box.append(text, send);
  }
  return box;
}

function attachments(issue) {
  const box = el('div');
  for (const a of issue.attachments) {
    const row = el('div');
    const link = el('a', `${a.filename} (${a.size_bytes} bytes)`);
    link.href = a.url;
    link.rel = 'noopener noreferrer';
    row.appendChild(link);
    if (a.inline && a.content_type.startsWith('image/')) {
      const img = el('img');
      img.src = a.url;
      img.alt = a.filename;
      img.style.maxWidth = '100%';
      row.appendChild(img);
    }
    box.appendChild(row);
  }
  if (state.canWrite) {
    const input = el('input');
    input.type = 'file';
    input.addEventListener('change', async () => {
      const form = new FormData();
      form.append('file', input.files[0]);
      await api(`/issues/${issue.id}/attachments`, { method: 'POST', form }).catch((e) =>
        toast(e.message),
      );
      await refreshDrawer();
    });
    box.appendChild(input);
  }
  return box;
}

function runTable(runs) {
  const table = el('table', null, 'runs');
  const head = el('tr');
  for (const h of ['#', 'runner', 'outcome', 'reason', 'duration', 'turns', 'cost'])
    head.appendChild(el('th', h));
  table.appendChild(head);
  for (const r of runs) {
    const tr = el('tr');
    for (const v of [
      r.attempt,
      r.runner_id,
      r.outcome || r.state,
      r.failure_reason || '',
      r.duration_ms ? Math.round(r.duration_ms / 1000) + 's' : '',
      r.turns ?? '',
      r.cost_usd != null ? '$' + r.cost_usd : '',
    ]) {
      tr.appendChild(el('td', v));
    }
    // The why of a failed or released run, on hover (the thread has it in full).
    if (r.failure_detail) tr.children[3].title = r.failure_detail.slice(0, 500);
    // The security policy: a run without the agent's OS sandbox says so. Null (a runner older
    // than the flag) is unknown and shows nothing.
    if (r.sandboxed === false) tr.children[1].append(' ', unsandboxedBadge());
    const names = suspiciousBadge(r);
    if (names) tr.children[2].append(' ', names);
    // The metered cost is what caps use; the agent CLI's own differing figure is shown beside it.
    if (r.reported_cost_usd != null) {
      const said = el('span', 'CLI said $' + r.reported_cost_usd, 'badge high');
      said.title = 'The agent CLI reported another cost than the model responses show.';
      tr.children[6].append(' ', said);
    }
    table.appendChild(tr);
  }
  return table;
}

function unsandboxedBadge() {
  const badge = el('span', 'unsandboxed', 'badge unsandboxed');
  badge.title = 'This runner ran the agent without its OS sandbox (AUTOPILOT_AGENT_SANDBOX=off)';
  return badge;
}

function historyList(history) {
  const ul = el('ul');
  for (const h of history) {
    ul.appendChild(
      el(
        'li',
        `${new Date(h.at).toLocaleString()} · ${h.from || 'new'} → ${h.to} · ${h.actor}${h.reason ? ' · ' + h.reason : ''}`,
      ),
    );
  }
  return ul;
}

async function diff(runId) {
  return changesView(await api(`/runs/${runId}`));
}

async function appendLog(runId) {
  const log = document.getElementById('live-log');
  if (!log) return;
  const id = runId || log.dataset.run;
  log.dataset.run = id;
  const events = await api(`/runs/${id}/events?after=${logSeq}&limit=500`);
  for (const e of events) {
    log.appendChild(el('div', `${e.kind}: ${e.text}`, e.kind));
    logSeq = e.seq;
  }
  log.scrollTop = log.scrollHeight;
}
