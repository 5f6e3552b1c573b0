// Spend against the caps: today's total in the header, an issue's spend in its drawer.
import { el } from './markdown.js';

const usd = (v) => '$' + Number(v).toFixed(2);

// The header's "today" figure; paused means the daily cap stopped all claims until tomorrow (UTC).
export function showBudget(budget) {
  const box = document.getElementById('budget');
  if (!box || !budget) return;
  const cap = budget.per_day_usd;
  box.textContent = `Today ${usd(budget.today_usd)}` + (cap != null ? ` of ${usd(cap)}` : '');
  box.classList.toggle('over', budget.paused);
  box.title = budget.paused
    ? 'The daily spend cap is reached: no run starts until tomorrow (UTC).'
    : 'Model spend of all runs today (UTC) against the daily cap';
}

// "Spent $1.20 of $25.00": its runs' costs (the running one's live estimate included).
export function spendBadge(issue) {
  const spend = issue.spend;
  if (!spend) return null;
  const over = spend.cap_usd != null && Number(spend.spent_usd) >= Number(spend.cap_usd);
  const text =
    `Spent ${usd(spend.spent_usd)}` + (spend.cap_usd != null ? ` of ${usd(spend.cap_usd)}` : '');
  const badge = el('span', text, 'badge spend' + (over ? ' over' : ''));
  badge.title = 'Model cost of all its runs against its cap';
  return badge;
}
