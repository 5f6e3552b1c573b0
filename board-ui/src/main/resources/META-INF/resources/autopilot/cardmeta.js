// The badges of a card: kind, priority, assignee, branch, the pull request's state and its last CI
// conclusion (as GitHub's webhooks report them), a running timer, cost.
import { el } from './markdown.js';

export function cardMeta(issue) {
  const meta = el('div', null, 'meta');
  meta.appendChild(el('span', issue.kind, 'badge'));
  if (issue.priority !== 'normal')
    meta.appendChild(el('span', issue.priority, 'badge ' + issue.priority));
  if (issue.human_only) meta.appendChild(el('span', 'human only', 'badge'));
  if (issue.assignee) meta.appendChild(el('span', '@' + issue.assignee, 'badge'));
  if (issue.branch) meta.appendChild(el('span', issue.branch, 'badge branch'));
  if (issue.pr_state)
    meta.appendChild(el('span', 'PR ' + issue.pr_state, 'badge pr ' + issue.pr_state));
  if (issue.ci_conclusion) {
    const ok = issue.ci_conclusion === 'success';
    meta.appendChild(el('span', 'CI ' + issue.ci_conclusion, 'badge ci ' + (ok ? 'ok' : 'failed')));
  }
  if (issue.status === 'in_progress') {
    const running = el('span', null, 'badge running');
    running.append(
      el('span', null, 'spinner'),
      document.createTextNode(' ' + elapsed(issue.status_changed_at)),
    );
    meta.appendChild(running);
  }
  if (issue.status === 'blocked')
    meta.appendChild(
      el('span', issue.blocked_reason === 'budget' ? 'over budget' : 'needs you', 'badge blocked'),
    );
  if (issue.last_run_cost_usd != null) {
    const cost = el('span', '$' + Number(issue.last_run_cost_usd).toFixed(2), 'badge cost');
    cost.title = 'Cost of the last agent run';
    meta.appendChild(cost);
  }
  return meta;
}

function elapsed(since) {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(since)) / 1000));
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m` : `${Math.floor(s / 3600)}h`;
}
