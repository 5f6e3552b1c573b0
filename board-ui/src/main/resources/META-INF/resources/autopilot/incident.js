// The incident panel of a bug issue that an application's errors opened: the live count and the
// releases, which change with every event while the issue text stays as first written.
import { el } from './markdown.js';

export function incidentPanel(incident) {
  const box = el('div', null, 'incident');
  const when = (t) => (t ? new Date(t).toLocaleString() : 'never');
  box.appendChild(
    el(
      'p',
      `Seen ${incident.count} time(s): first ${when(incident.first_seen)}, last ${when(incident.last_seen)}`,
      'incident-count',
    ),
  );
  const releases =
    incident.first_release === incident.last_release
      ? incident.last_release || 'none'
      : `${incident.first_release || 'none'} → ${incident.last_release || 'none'}`;
  box.appendChild(el('p', `Release: ${releases} · environment: ${incident.environment || 'none'}`));
  if (incident.regressions > 0) {
    box.appendChild(el('p', `Came back in a new release ${incident.regressions} time(s)`, 'warn'));
  }
  if (incident.auto_ready_at) {
    box.appendChild(el('p', `Handed to the agents automatically ${when(incident.auto_ready_at)}`));
  }
  // A same-origin API path the server built; never a URL from the event.
  const events = el('a', 'Latest events (JSON)');
  events.href = `/api/autopilot/incidents/${Number(incident.id)}/events`;
  events.target = '_blank';
  events.rel = 'noopener noreferrer';
  box.appendChild(events);
  return box;
}
