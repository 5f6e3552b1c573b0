// Talks to the api-service with the board's session cookie; writes echo the CSRF token.
const BASE = '/api/autopilot';

function csrf() {
  const m = document.cookie.match(/(?:^|; )autopilot-csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

export class Problem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

export async function api(path, { method = 'GET', body, form } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf();
  let payload;
  if (form) payload = form;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(BASE + path, {
    method,
    headers,
    body: payload,
    credentials: 'same-origin',
  });
  if (res.status === 401) {
    location.assign('/autopilot/login');
    throw new Problem(401, { detail: 'Signing in…' });
  }
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Problem(res.status, json);
  return json;
}
