// Markdown from people and agents: parsed by marked, then cleaned by DOMPurify into DOM nodes
// (never an HTML string in the page). Raw HTML in the source is shown as text, images become
// links, and only http(s) and mailto links survive, opening with rel="noopener noreferrer".
import { Marked, DOMPurify } from './vendor.js';

const ALLOWED_TAGS = [
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'em',
  'strong',
  'del',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];
const SAFE_URL = /^(?:https?:|mailto:)/i;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const parser = new Marked({
  gfm: true,
  breaks: true,
  renderer: {
    html: ({ text }) => escape(text),
    image: ({ href, text }) => `<a href="${escape(href)}">${escape(text || href)}</a>`,
  },
});

const purifier = DOMPurify(window);
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('rel', 'noopener noreferrer');
    node.setAttribute('target', '_blank');
  }
});

export function renderMarkdown(source) {
  const root = document.createElement('div');
  root.className = 'markdown';
  const html = parser.parse(String(source || ''), { async: false });
  root.appendChild(
    purifier.sanitize(html, {
      ALLOWED_TAGS,
      ALLOWED_ATTR: ['href', 'title', 'start'],
      ALLOWED_URI_REGEXP: SAFE_URL,
      RETURN_DOM_FRAGMENT: true,
    }),
  );
  // DOMPurify keeps an <a> whose href it removed: show such a link as its text.
  for (const a of root.querySelectorAll('a:not([href])')) a.replaceWith(...a.childNodes);
  return root;
}

export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}
