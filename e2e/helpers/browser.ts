// The browser-test harness: a headless Chromium (Debian's, or CHROMIUM_PATH), the real
// application listening on a free local port, axe with the WCAG 2.2 AA rule tags, and a
// page opener that records console errors (CSP violations show up there) with JavaScript
// on or off. Run with `npm test -- e2e/*.test.ts` (scripts/test.ts prepares PostgreSQL).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { buildTestApp, type TestApp } from '../../test/helpers/app.ts';
import { formsIn } from '../../test/helpers/http-client.ts';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where the Chromium binary is expected: CHROMIUM_PATH, or Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export function hasChromium(): boolean {
  return existsSync(chromiumPath());
}

/** Starts a headless Chromium. Throws when the binary is missing (see browserOrSkip). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

let shared: Promise<Browser> | undefined;

/**
 * The browser shared by the tests of one file, or undefined after marking the test skipped
 * when there is no Chromium on this machine. Under CI=true a missing browser fails instead:
 * CI must run the browser tests. Close it with closeSharedBrowser() in `after`.
 */
export async function browserOrSkip(t: TestContext): Promise<Browser | undefined> {
  if (!hasChromium()) {
    const message = `no Chromium at ${chromiumPath()}: apt-get install chromium (or set CHROMIUM_PATH to a Chromium binary)`;
    if (process.env.CI === 'true') assert.fail(`browser tests must run in CI, but there is ${message}`);
    t.skip(message);
    return undefined;
  }
  shared ??= launchBrowser();
  return shared;
}

export async function closeSharedBrowser(): Promise<void> {
  if (!shared) return;
  const browser = await shared.catch(() => undefined);
  shared = undefined;
  await browser?.close();
}

export interface RunningServer {
  baseUrl: string;
  testApp: TestApp;
  close(): Promise<void>;
}

/** The whole application on a fresh test database, listening on 127.0.0.1 on a free port. */
export async function startServer(): Promise<RunningServer> {
  // Browser tests make hundreds of requests from one address: lift the rate limit.
  const testApp = await buildTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  const address = testApp.app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    testApp,
    close: () => testApp.close(),
  };
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Pages opened with JavaScript off (see openPage, markScriptless): axe cannot run inside them. */
const scriptless = new WeakSet<Page>();

/** Tells expectNoAxeViolations that a page made without openPage has JavaScript off. */
export function markScriptless(page: Page): Page {
  scriptless.add(page);
  return page;
}

interface Twin {
  page: Page;
  /** The address and markup the twin serves next. */
  serving: { address: string; html: string };
  /** Checks on this twin run one after the other (tests of a file may run concurrently). */
  queue: Promise<unknown>;
}

/**
 * One twin per browser and viewport, kept open for the file: a context (and its first page)
 * per check cost more than axe itself. Its routes serve the markup of the check in hand at
 * that address, and abort every script.
 */
const twins = new WeakMap<Browser, Map<string, Promise<Twin>>>();

async function newTwin(browser: Browser, viewport: { width: number; height: number } | undefined): Promise<Twin> {
  const context = await browser.newContext({ javaScriptEnabled: true, viewport });
  const twin: Twin = { page: await context.newPage(), serving: { address: '', html: '' }, queue: Promise.resolve() };
  await context.route(
    (url) => url.href === twin.serving.address,
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: twin.serving.html }),
  );
  await context.route('**/*', (route) => (route.request().resourceType() === 'script' ? route.abort() : route.fallback()));
  return twin;
}

/** Runs `check` on the twin of a JavaScript-off page: its current DOM, at its address and viewport, scripts blocked. */
async function onTwin<T>(page: Page, check: (target: Page) => Promise<T>): Promise<T> {
  const browser = page.context().browser();
  assert.ok(browser, 'the page has no browser');
  const viewport = page.viewportSize() ?? undefined;
  const byViewport = twins.get(browser) ?? new Map<string, Promise<Twin>>();
  twins.set(browser, byViewport);
  const key = JSON.stringify(viewport ?? null);
  const made = byViewport.get(key) ?? newTwin(browser, viewport);
  byViewport.set(key, made);
  const twin = await made;
  const html = await page.content();
  const address = page.url();
  const document = address.split('#')[0] ?? address;
  const run = twin.queue.then(async () => {
    twin.serving = { address: document, html };
    // The same document again would be a same-document navigation (or none): leave it first.
    if (twin.page.url().split('#')[0] === document) await twin.page.goto('about:blank');
    await twin.page.goto(address, { waitUntil: 'load' });
    return check(twin.page);
  });
  twin.queue = run.catch(() => undefined);
  return run;
}

/** axe with the WCAG 2.2 AA tags on a page that runs scripts, failing with every violation: rule, help, elements. */
async function axeOn(target: Page, where: string): Promise<void> {
  // Legacy mode: axe.run in the page itself. The default (runPartial) opens and closes a blank
  // page per check to merge the frames' results, and these pages have no frames.
  const results = await new AxeBuilder({ page: target }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
  if (results.violations.length === 0) return;
  const report = results.violations
    .map((violation) => {
      const nodes = violation.nodes.map((node) => `    - ${node.target.join(' ')}${node.failureSummary ? `\n      ${node.failureSummary.replace(/\n/g, '\n      ')}` : ''}`);
      return `  ${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help}\n    ${violation.helpUrl}\n${nodes.join('\n')}`;
    })
    .join('\n');
  assert.fail(`axe found ${results.violations.length} kind(s) of violation on ${where}:\n${report}`);
}

/**
 * Runs axe on the page as it is now; fails listing every violation: rule, help, elements.
 * axe needs timers, and a context with JavaScript off runs none (axe would hang). So for a
 * JavaScript-off page, axe checks a twin: the page's current DOM, served at the same
 * address in a JavaScript-on context where every page script is blocked, at the same
 * viewport. Same markup, same CSS, no enhancement: what a JavaScript-off visitor gets.
 */
export async function expectNoAxeViolations(page: Page, where = page.url()): Promise<void> {
  if (scriptless.has(page)) await onTwin(page, (twin) => axeOn(twin, where));
  else await axeOn(page, where);
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  response: Response | null;
  /** Console errors (CSP violations included) and uncaught page errors, as text. */
  consoleErrors: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  javaScriptEnabled?: boolean;
  viewport?: { width: number; height: number };
  /** Expected status of the document (default 200); "failed to load" console lines about it are expected then. */
  status?: number;
  /** The browser's language (Accept-Language), default es-BO. */
  locale?: string;
  /**
   * Signed in before the page opens: the sign-in form posted by the context's own request
   * client (the context's cookies), not typed into a page. For journeys about something else;
   * the journeys about signing in use the pages (signInOnPage).
   */
  signIn?: { login: string; password: string };
}

/**
 * Signs the context in through the provider's form, over HTTP: the same requests a browser
 * makes, the cookies kept in the context. Stops at the redirect to `url` (the page to open),
 * so the caller opens it; fails if the provider does not hand back to it (a second factor,
 * a wrong password).
 */
async function signInByRequest(context: BrowserContext, url: string, login: string, password: string): Promise<void> {
  const target = new URL(url);
  const back = `${target.pathname}${target.search}`;
  const start = await context.request.get(`${target.origin}/ingresar?volver=${encodeURIComponent(back)}`);
  const [form] = formsIn(await start.text());
  assert.ok(form && new URL(start.url()).pathname.startsWith('/ingreso/'), `the sign-in form, not ${start.url()}`);
  let response = await context.request.post(new URL(form.action || start.url(), start.url()).toString(), { form: { ...form.hidden, login, password }, maxRedirects: 0 });
  let at = start.url();
  for (let hops = 0; hops < 20 && response.status() >= 300 && response.status() < 400; hops += 1) {
    const next = new URL(response.headers().location ?? '', at);
    if (next.origin === target.origin && `${next.pathname}${next.search}` === back) return;
    at = next.toString();
    response = await context.request.get(at, { maxRedirects: 0 });
  }
  assert.fail(`signing in as ${login} did not lead back to ${back}: it stopped at ${at} (${response.status()})`);
}

/** A fresh context (no cookies, no cache) and page at `url`, with console errors recorded. */
export async function openPage(browser: Browser, url: string, options: OpenOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: options.viewport ?? { width: 360, height: 740 },
    // Spanish is the default language; a browser asking for English would get English.
    locale: options.locale ?? 'es-BO',
  });
  if (options.signIn) await signInByRequest(context, url, options.signIn.login, options.signIn.password);
  const page = await context.newPage();
  if (options.javaScriptEnabled === false) scriptless.add(page);
  const consoleErrors: string[] = [];
  const expectedStatus = options.status ?? 200;
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // Chrome logs a non-2xx document as "Failed to load resource"; an expected 404 is fine.
    if (expectedStatus >= 400 && text.includes(`status of ${expectedStatus}`) && message.location().url.split('#')[0] === page.url().split('#')[0]) return;
    consoleErrors.push(`${text} (${message.location().url})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  const response = await page.goto(url, { waitUntil: 'load' });
  return {
    context,
    page,
    response,
    consoleErrors,
    close: () => context.close(),
  };
}

/** Width the document scrolls to, against the viewport's: more means horizontal scrolling. */
export async function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth);
}

/** The checks of every page in a journey: axe (WCAG 2.2 AA) finds nothing, and 360 px do not scroll sideways. */
export async function expectAccessibleAt360(page: Page, where: string): Promise<void> {
  await expectNoAxeViolations(page, where);
  assert.ok((await scrollWidth(page)) <= 360, `${where} scrolls sideways at 360 px`);
}

/** The id of the focused element ('' for none). */
export async function activeElementId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

/** Presses the button of that accessible name and waits for the page it leads to (JavaScript off: a form post). */
export async function press(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('button', { name }).click();
  await page.waitForLoadState('load');
}

/** Fills the sign-in form the page shows (the password form) and waits for the page it leads to. */
export async function signInOnPage(page: Page, login: string, password: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(password);
  await Promise.all([page.waitForLoadState('load'), page.locator('form:has(input[name="password"]) button[type="submit"]').click()]);
  await page.waitForLoadState('load');
}
