// Autopilot launcher for pages served from the Autopilot origin (for example an internal tool
// behind the same host): a button that opens the board as an overlay, and toasts for live events
// (blocked = needs you, ready for review, new comment) with an unread count.
//   <script src="/autopilot/sdk.js" defer></script>      data-toasts="off" disables the toasts.
// Cross-site pages cannot use it: the board refuses to be framed by other sites and its session
// cookie is never sent cross-site. Other sites embed feedback.js instead.
(() => {
  if (window.AutopilotSdk) return;
  const script = document.currentScript;
  const toastsOn = !(script && script.dataset.toasts === 'off');
  const host = document.createElement('autopilot-launcher');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `
    :host { all: initial !important; display: block !important; visibility: visible !important; }
    .launch { position: fixed; left: 16px; bottom: 16px; z-index: 2147483000; font: 14px system-ui, sans-serif; background: #1b1f24; color: #fff; border: 0; border-radius: 999px; padding: 10px 16px; cursor: pointer; }
    .count { background: #d1242f; border-radius: 999px; padding: 0 6px; margin-left: 6px; }
    .count[hidden] { display: none; }
    .overlay { position: fixed; inset: 4vh 4vw; z-index: 2147483001; background: #fff; border-radius: 10px; box-shadow: 0 10px 40px rgba(0,0,0,.4); display: grid; grid-template-rows: auto 1fr; }
    .overlay[hidden] { display: none; }
    .bar { display: flex; justify-content: flex-end; padding: 6px; } iframe { border: 0; width: 100%; height: 100%; border-radius: 0 0 10px 10px; }
    .toasts { position: fixed; left: 16px; bottom: 64px; z-index: 2147483002; display: grid; gap: 6px; font: 13px system-ui, sans-serif; }
    .toast { background: #1b1f24; color: #fff; border-radius: 8px; padding: 8px 12px; cursor: pointer; max-width: 320px; }`;
  const launch = document.createElement('button');
  launch.className = 'launch';
  launch.textContent = 'Autopilot';
  const count = document.createElement('span');
  count.className = 'count';
  count.hidden = true;
  launch.appendChild(count);
  const overlay = document.createElement('div');
  overlay.className = 'overlay';
  overlay.hidden = true;
  const bar = document.createElement('div');
  bar.className = 'bar';
  const close = document.createElement('button');
  close.textContent = 'Close';
  bar.appendChild(close);
  const frame = document.createElement('iframe');
  frame.title = 'Autopilot board';
  overlay.append(bar, frame);
  const toasts = document.createElement('div');
  toasts.className = 'toasts';
  root.append(style, launch, overlay, toasts);

  let unread = 0;
  function open(issue) {
    frame.src = '/autopilot/' + (issue ? '?issue=' + encodeURIComponent(issue) : '');
    overlay.hidden = false;
    unread = 0;
    count.hidden = true;
  }
  function toast(text, issue) {
    unread++;
    count.textContent = String(unread);
    count.hidden = false;
    const t = document.createElement('div');
    t.className = 'toast';
    t.textContent = text;
    t.addEventListener('click', () => {
      t.remove();
      open(issue);
    });
    toasts.appendChild(t);
    setTimeout(() => t.remove(), 8000);
  }
  launch.addEventListener('click', () => open());
  close.addEventListener('click', () => {
    overlay.hidden = true;
    frame.src = 'about:blank';
  });
  if (toastsOn && window.EventSource) {
    const events = new EventSource('/api/autopilot/events');
    // Marks the launcher live (for the host page's CSS and for tests); reconnects are automatic.
    events.addEventListener('open', () => {
      host.dataset.live = 'on';
    });
    events.addEventListener('error', () => {
      host.dataset.live = 'off';
    });
    events.addEventListener('message', (e) => {
      const ev = JSON.parse(e.data);
      if (ev.type === 'moved' && ev.status === 'blocked')
        toast(`#${ev.issue_id} needs you`, ev.issue_id);
      else if (ev.type === 'moved' && ev.status === 'in_review')
        toast(`#${ev.issue_id} is ready for review`, ev.issue_id);
      else if (ev.type === 'comment') toast(`New comment on #${ev.issue_id}`, ev.issue_id);
    });
  }
  const attach = () => document.body.appendChild(host);
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach);
  window.AutopilotSdk = { open, close: () => close.click() };
})();
