// Shared by the page tests: a browser's part in miniature over Fastify's inject. It keeps the
// cookies a page sets, reads the CSRF token out of a form, and posts the form back as a browser
// would (application/x-www-form-urlencoded).
import type { FastifyInstance } from 'fastify';

export interface PageAnswer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

export interface Browser {
  get(url: string): Promise<PageAnswer>;
  /** Posts fields (the last CSRF token seen is added unless `_csrf` is given). */
  post(url: string, fields: Record<string, string>): Promise<PageAnswer>;
  readonly cookies: Map<string, string>;
  /** The CSRF token of the last page that had a form. */
  readonly csrf: string | undefined;
}

export function browser(app: FastifyInstance): Browser {
  const cookies = new Map<string, string>();
  let csrf: string | undefined;
  const remember = (headers: Record<string, unknown>) => {
    const set = headers['set-cookie'];
    for (const line of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = String(line).split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /Expires=Thu, 01 Jan 1970/i.test(String(line))) cookies.delete(name);
      else cookies.set(name, value);
    }
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const answer = (response: { statusCode: number; headers: Record<string, unknown>; body: string }): PageAnswer => {
    remember(response.headers);
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) csrf = token;
    return { status: response.statusCode, headers: response.headers, body: response.body };
  };
  return {
    cookies,
    get csrf() {
      return csrf;
    },
    async get(url) {
      return answer(await app.inject({ method: 'GET', url, headers: cookies.size ? { cookie: cookieHeader() } : {} }));
    },
    async post(url, fields) {
      const form = new URLSearchParams({ ...(csrf === undefined ? {} : { _csrf: csrf }), ...fields });
      return answer(
        await app.inject({
          method: 'POST',
          url,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...(cookies.size ? { cookie: cookieHeader() } : {}),
          },
          payload: form.toString(),
        }),
      );
    },
  };
}

/** The text a person reads: tags dropped, entities decoded, white space collapsed. */
export function text(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The path (and query) of an absolute link, for inject. */
export function pathOf(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}
