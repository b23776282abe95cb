// HTML for the portal's pages: templates written with a tagged template that escapes every
// interpolated value (escape-html-template-tag); nested templates and arrays of them are kept as
// they are, and nothing is inserted unescaped. One layout, one stylesheet, no script.

import type { HtmlSafeString } from 'escape-html-template-tag';
import * as escapeHtmlTemplateTag from 'escape-html-template-tag';

export type { HtmlSafeString };

// The package's types describe its CommonJS build; Node and the bundler load its ES module build,
// whose default export is the tag.
export const html = (
  escapeHtmlTemplateTag as unknown as {
    default: (parts: TemplateStringsArray, ...values: unknown[]) => HtmlSafeString;
  }
).default;

export interface PageOptions {
  title: string;
  body: HtmlSafeString;
  /** A line under the site name (e.g. the provider whose portal this is). */
  context?: string | undefined;
  /** The outbox viewer's header has a sign-out button. */
  nav?: HtmlSafeString | undefined;
}

export function page({ title, body, context, nav }: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} – Jobs Portal</title>
<link rel="stylesheet" href="/assets/portal.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<div class="container header-row">
<p class="site-name">Jobs Portal${context ? html`<span class="site-context">${context}</span>` : ''}</p>
${nav ?? ''}
</div>
</header>
<main id="main" class="container" tabindex="-1">
${body}
</main>
<footer class="site-footer"><div class="container"><p>Jobs Portal. Questions about your account? Ask your caseworker.</p></div></footer>
</body>
</html>
`.toString();
}

/** A hidden field with the form's CSRF token. */
export function csrfField(token: string): HtmlSafeString {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

export interface FieldError {
  field: string;
  message: string;
}

/** The list of problems at the top of a form, each a link to its field (read first by screen readers). */
export function errorSummary(errors: readonly FieldError[]): HtmlSafeString | '' {
  if (errors.length === 0) return '';
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">There is a problem</h2>
<ul>${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul>
</div>`;
}

export interface InputOptions {
  id: string;
  label: string;
  type: 'password' | 'text' | 'email';
  hint?: string;
  errors?: readonly FieldError[];
  autocomplete?: string;
  minLength?: number;
  maxLength?: number;
  required?: boolean;
}

/** A labelled input with its hint and error, tied to it by aria-describedby. */
export function input(o: InputOptions): HtmlSafeString {
  const error = o.errors?.find((e) => e.field === o.id);
  const described = [o.hint ? `${o.id}-hint` : '', error ? `${o.id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' field-error' : ''}">
<label for="${o.id}">${o.label}</label>
${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : ''}
${error ? html`<p class="error-message" id="${o.id}-error"><span class="visually-hidden">Error: </span>${error.message}</p>` : ''}
<input id="${o.id}" name="${o.id}" type="${o.type}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${
    o.minLength ? html` minlength="${o.minLength}"` : ''
  }${o.maxLength ? html` maxlength="${o.maxLength}"` : ''}${o.required === false ? '' : html` required`}${
    described ? html` aria-describedby="${described}"` : ''
  }${error ? html` aria-invalid="true"` : ''}>
</div>`;
}

/** A message page: a heading, paragraphs and what to do next. */
export function notice(heading: string, ...paragraphs: (string | HtmlSafeString)[]): HtmlSafeString {
  return html`<h1>${heading}</h1>
${paragraphs.map((p) => html`<p>${p}</p>`)}`;
}

/** Plain text with one URL in it made a link (only http and https URLs are linked). */
export function textWithLink(text: string, url: string | null): HtmlSafeString {
  if (!url || !/^https?:\/\//i.test(url) || !text.includes(url)) return html`${text}`;
  const parts = text.split(url);
  const out: (string | HtmlSafeString)[] = [];
  parts.forEach((part, i) => {
    if (i > 0) out.push(html`<a href="${url}">${url}</a>`);
    out.push(part);
  });
  return html`${out}`;
}

// The one stylesheet (served as /assets/portal.css). Kept here so the server needs no asset files.
export const STYLESHEET = `
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 100%; line-height: 1.5; color: #0b0c0c; background: #f3f2f1; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
.container { width: 100%; max-width: 48rem; margin: 0 auto; padding: 0 1rem; }
main { flex: 1; background: #fff; padding-top: 1.5rem; padding-bottom: 2rem; }
main:focus { outline: none; }
.skip-link { position: absolute; left: -999rem; }
.skip-link:focus { left: 1rem; top: 1rem; background: #ffdd00; color: #0b0c0c; padding: .5rem 1rem; z-index: 10; }
.site-header { background: #1d3557; color: #fff; padding: .75rem 0; }
.header-row { display: flex; justify-content: space-between; align-items: center; gap: 1rem; flex-wrap: wrap; }
.site-name { margin: 0; font-weight: 700; font-size: 1.25rem; }
.site-context { display: block; font-weight: 400; font-size: .95rem; }
.site-footer { padding: 1rem 0; font-size: .9rem; color: #505a5f; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 1rem; }
h2 { font-size: 1.4rem; margin: 2rem 0 .75rem; }
a { color: #1d4ed8; }
a:visited { color: #5b21b6; }
a:focus, button:focus, input:focus, select:focus { outline: 3px solid #ffbf47; outline-offset: 0; }
.field { margin-bottom: 1.25rem; }
label { display: block; font-weight: 700; margin-bottom: .25rem; }
.hint { margin: 0 0 .25rem; color: #505a5f; }
input[type=password], input[type=text], input[type=email], select { width: 100%; max-width: 28rem; font: inherit; padding: .5rem; border: 2px solid #0b0c0c; border-radius: 0; }
.field-error { border-left: 5px solid #d4351c; padding-left: .75rem; }
.field-error input { border-color: #d4351c; }
.error-message { color: #d4351c; font-weight: 700; margin: 0 0 .25rem; }
.error-summary { border: 5px solid #d4351c; padding: 1rem; margin-bottom: 1.5rem; }
.error-summary h2 { margin-top: 0; }
.error-summary a { color: #d4351c; font-weight: 700; }
button { font: inherit; font-weight: 700; padding: .6rem 1.2rem; border: 0; background: #00703c; color: #fff; cursor: pointer; box-shadow: 0 2px 0 #002d18; }
button.secondary { background: #f3f2f1; color: #0b0c0c; box-shadow: 0 2px 0 #929191; }
button.link { background: none; box-shadow: none; color: #fff; text-decoration: underline; padding: 0; font-weight: 400; }
.panel { border-left: 5px solid #1d3557; background: #f3f2f1; padding: .75rem 1rem; margin: 1rem 0; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
th, td { text-align: left; padding: .5rem .5rem .5rem 0; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
dl.message { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.message dt { font-weight: 700; }
dl.message dd { margin: 0; overflow-wrap: anywhere; }
.message-text { white-space: pre-wrap; overflow-wrap: anywhere; background: #f3f2f1; padding: 1rem; font-family: inherit; }
.filters { display: flex; gap: 1rem; align-items: flex-end; flex-wrap: wrap; margin-bottom: 1rem; }
.filters .field { margin: 0; }
ul.jobs li { margin-bottom: .25rem; }
`;
