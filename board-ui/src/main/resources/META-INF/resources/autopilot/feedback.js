// Autopilot feedback button for any site:
//   <script src="https://autopilot.example/autopilot/feedback.js" data-api="https://autopilot.example"
//           data-project="shop" defer></script>
// data-project is the project's key (left out: the instance's first project).
// It lives in a Shadow DOM (the host page's CSS cannot break it, and it cannot break the host's),
// posts anonymous feedback to data-api (the operator must allow this site's origin), and exposes
// window.AutopilotFeedback.{open, close, submit}.
(() => {
  if (window.AutopilotFeedback) return;
  const script = document.currentScript;
  const api = (
    (script && script.dataset.api) ||
    (script ? new URL(script.src).origin : location.origin)
  ).replace(/\/+$/, '');
  const label = (script && script.dataset.label) || 'Feedback';
  const project = (script && script.dataset.project) || '';
  const endpoint =
    api + '/api/autopilot/feedback' + (project ? '?project=' + encodeURIComponent(project) : '');

  // A custom element as host: page rules for div, button and so on never match it.
  const host = document.createElement('autopilot-feedback');
  host.setAttribute('data-autopilot-feedback', '');
  const root = host.attachShadow({ mode: 'open' });
  const css = `
    :host { all: initial !important; display: block !important; visibility: visible !important; opacity: 1 !important; }
    .fab { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; font: 14px/1.4 system-ui, sans-serif;
      background: #2f6feb; color: #fff; border: 0; border-radius: 999px; padding: 10px 16px; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
    .panel { position: fixed; right: 16px; bottom: 64px; z-index: 2147483000; width: min(340px, calc(100vw - 32px));
      background: #fff; color: #1b1f24; border: 1px solid #d9dde3; border-radius: 10px; padding: 14px; box-shadow: 0 8px 28px rgba(0,0,0,.25);
      font: 14px/1.4 system-ui, sans-serif; display: grid; gap: 8px; }
    .panel[hidden] { display: none; }
    textarea, input { font: inherit; border: 1px solid #c9ced6; border-radius: 6px; padding: 6px; width: 100%; box-sizing: border-box; }
    .trap { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
    .row { display: flex; gap: 8px; justify-content: flex-end; }
    button.send { background: #2f6feb; color: #fff; border: 0; border-radius: 6px; padding: 6px 12px; cursor: pointer; }
    button.cancel { background: none; border: 1px solid #c9ced6; border-radius: 6px; padding: 6px 12px; cursor: pointer; }
    .status { min-height: 1.2em; font-size: 13px; }
    .status.error { color: #b3261e; } .status.ok { color: #1a7f37; }`;
  const style = document.createElement('style');
  style.textContent = css;
  root.appendChild(style);

  const fab = document.createElement('button');
  fab.className = 'fab';
  fab.type = 'button';
  fab.textContent = label;
  const panel = document.createElement('form');
  panel.className = 'panel';
  panel.hidden = true;
  const field = (tag, attrs) => {
    const e = document.createElement(tag);
    Object.assign(e, attrs);
    return e;
  };
  const message = field('textarea', {
    name: 'message',
    rows: 4,
    required: true,
    maxLength: 4000,
    placeholder: 'What should we improve?',
  });
  const user = field('input', {
    name: 'user',
    maxLength: 200,
    placeholder: 'Your name (optional)',
  });
  const email = field('input', {
    name: 'email',
    type: 'email',
    maxLength: 254,
    placeholder: 'Email (optional)',
  });
  const trap = field('input', { name: 'website', tabIndex: -1, autocomplete: 'off' });
  const trapBox = field('div', { className: 'trap' });
  trapBox.setAttribute('aria-hidden', 'true');
  trapBox.appendChild(trap);
  const status = field('div', { className: 'status' });
  status.setAttribute('role', 'status');
  const send = field('button', { className: 'send', type: 'submit', textContent: 'Send' });
  const cancel = field('button', { className: 'cancel', type: 'button', textContent: 'Close' });
  const row = field('div', { className: 'row' });
  row.append(cancel, send);
  panel.append(message, user, email, trapBox, status, row);
  root.append(fab, panel);

  function open() {
    panel.hidden = false;
    message.focus();
  }
  function close() {
    panel.hidden = true;
  }
  function show(text, kind) {
    status.textContent = text;
    status.className = 'status ' + (kind || '');
  }

  async function submit(text, extra = {}) {
    const body = { message: String(text || ''), page: location.href.slice(0, 2048), ...extra };
    for (const k of Object.keys(body)) if (body[k] === '' || body[k] == null) delete body[k];
    let res;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        mode: 'cors',
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (e) {
      return { ok: false, status: 0, message: 'Could not reach the feedback service.' };
    }
    if (res.ok)
      return { ok: true, status: res.status, message: 'Thanks! Your feedback was received.' };
    if (res.status === 429) {
      const wait = res.headers.get('Retry-After');
      return {
        ok: false,
        status: 429,
        message: `Too many messages; please try again in ${wait || 'a minute'} s.`,
      };
    }
    let detail = 'Sorry, that did not work.';
    try {
      detail = (await res.json()).detail || detail;
    } catch (e) {
      /* not JSON */
    }
    return { ok: false, status: res.status, message: detail };
  }

  fab.addEventListener('click', () => (panel.hidden ? open() : close()));
  cancel.addEventListener('click', close);
  panel.addEventListener('submit', async (e) => {
    e.preventDefault();
    send.disabled = true;
    show('Sending…');
    const extra = { user: user.value.trim(), email: email.value.trim() };
    if (trap.value) extra.website = trap.value;
    const result = await submit(message.value, extra);
    show(result.message, result.ok ? 'ok' : 'error');
    send.disabled = false;
    if (result.ok) {
      message.value = '';
      setTimeout(close, 2500);
    }
  });

  const attach = () => document.body.appendChild(host);
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach);
  window.AutopilotFeedback = { open, close, submit };
})();
