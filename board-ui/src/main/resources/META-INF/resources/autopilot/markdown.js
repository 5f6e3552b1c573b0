// A small markdown renderer that builds DOM nodes only (never HTML strings), so hostile text can
// at worst look odd. Links must be http(s) or mailto and open with rel="noopener noreferrer".
const SAFE_URL = /^(https?:\/\/|mailto:)/i;

export function renderMarkdown(source) {
  const root = document.createElement('div');
  root.className = 'markdown';
  const lines = String(source || '').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.startsWith('```')) {
      const code = [];
      i++;
      while (i < lines.length && !lines[i].startsWith('```')) code.push(lines[i++]);
      i++;
      const pre = el('pre');
      pre.appendChild(el('code', code.join('\n')));
      root.appendChild(pre);
    } else if (/^#{1,6}\s/.test(line)) {
      const h = el('h4');
      inline(h, line.replace(/^#{1,6}\s+/, ''));
      root.appendChild(h);
      i++;
    } else if (/^\s*[-*]\s+/.test(line)) {
      const ul = el('ul');
      while (i < lines.length && /^\s*[-*]\s+/.test(lines[i])) {
        const li = el('li');
        inline(li, lines[i].replace(/^\s*[-*]\s+/, ''));
        ul.appendChild(li);
        i++;
      }
      root.appendChild(ul);
    } else if (line.trim() === '') {
      i++;
    } else {
      const para = [];
      while (i < lines.length && lines[i].trim() !== '' && !lines[i].startsWith('```') && !/^#{1,6}\s/.test(lines[i])) para.push(lines[i++]);
      const p = el('p');
      inline(p, para.join('\n'));
      root.appendChild(p);
    }
  }
  return root;
}

const TOKEN = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*]+\*)|(\[[^\]]+\]\([^)\s]+\))/;

function inline(parent, text) {
  let rest = text;
  while (rest.length) {
    const m = rest.match(TOKEN);
    if (!m) { parent.appendChild(document.createTextNode(rest)); return; }
    if (m.index > 0) parent.appendChild(document.createTextNode(rest.slice(0, m.index)));
    const t = m[0];
    if (m[1]) parent.appendChild(el('code', t.slice(1, -1)));
    else if (m[2]) parent.appendChild(el('strong', t.slice(2, -2)));
    else if (m[3]) parent.appendChild(el('em', t.slice(1, -1)));
    else {
      const label = t.slice(1, t.indexOf(']('));
      const url = t.slice(t.indexOf('](') + 2, -1);
      if (SAFE_URL.test(url)) {
        const a = el('a', label);
        a.href = url;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
        parent.appendChild(a);
      } else {
        parent.appendChild(document.createTextNode(label));
      }
    }
    rest = rest.slice(m.index + t.length);
  }
}

export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}
