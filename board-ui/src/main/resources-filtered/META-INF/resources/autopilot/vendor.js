// Kept libraries, served from their mvnpm jars; the build fills in the versions of the root pom.
export { Marked } from '/_static/marked/${marked.version}/lib/marked.esm.js';
export { default as DOMPurify } from '/_static/dompurify/${dompurify.version}/dist/purify.es.mjs';
