// A minimal browser for HTTP tests over real sockets: a cookie jar, manual redirects, and
// helpers to read and submit forms (hidden fields included, such as the CSRF token).
export class HttpSession {
  readonly cookies = new Map<string, string>();

  private store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(header) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(response);
    return response;
  }

  /** Follows redirects; stops at a response that is not a redirect, or before a redirect to `stopAtOrigin` (a client's callback). */
  async follow(url: string, init: RequestInit = {}, stopAtOrigin?: string): Promise<{ response: Response; url: string }> {
    let current = url;
    let response = await this.request(current, init);
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops += 1) {
      const next = new URL(response.headers.get('location') ?? '', current).toString();
      if (stopAtOrigin && new URL(next).origin === stopAtOrigin) return { response, url: next };
      current = next;
      response = await this.request(current);
    }
    return { response, url: current };
  }

  async submit(pageUrl: string, html: string, fields: Record<string, string>, formIndex = 0): Promise<Response> {
    const form = formsIn(html)[formIndex];
    if (!form) throw new Error(`no form #${formIndex} on ${pageUrl}`);
    const body = new URLSearchParams({ ...form.hidden, ...fields });
    return this.request(new URL(form.action || pageUrl, pageUrl).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  }
}

const decode = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

export function formsIn(html: string): Array<{ action: string; hidden: Record<string, string> }> {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map((match) => {
    const action = /action="([^"]*)"/.exec(match[1] ?? '')?.[1] ?? '';
    const hidden: Record<string, string> = {};
    for (const input of (match[2] ?? '').matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      if (name) hidden[name] = decode(value);
    }
    return { action: decode(action), hidden };
  });
}
