// Test support: a procurement process driven through its pages as people do: officers (with the
// role in an agency), suppliers (a person who registers a unit at /empresa and acts for it), the
// publication of a need (its opening key read off the page), and the forms of a process page.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { after, before } from 'node:test';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';

/**
 * The test file's app, listening on a real port, with only the territories and the agencies'
 * directory seeded (the entities that buy), not the whole demo seed; and the client below.
 */
export function procurementTestApp() {
  let t: TestApp & { baseUrl: string };
  before(async () => {
    t = await listenTestApp();
    for (const name of ['territories', 'agencies']) await t.app.tambo.modules.find((m) => m.name === name)?.seed?.(t.app.tambo.deps);
  });
  after(async () => {
    await t?.close();
  });
  const app = () => t;
  return { app, db: () => t.app.tambo.deps.db, ...procurementClient(app) };
}

export function procurementClient(app: () => TestApp & { baseUrl: string }) {
  const db = () => app().app.tambo.deps.db;
  const digits = (n: number) => String(Math.floor(10 ** (n - 1) + Math.random() * 9 * 10 ** (n - 1)));

  async function person(name: string, options: { agency?: string; level?: 'bajo' | 'sustancial' } = {}): Promise<{ browser: HttpSession; id: string }> {
    const email = `${name.toLowerCase()}-${randomUUID().slice(0, 6)}@prueba.bo`;
    const id = await testAccount(app().app.tambo.deps, { documentNumber: digits(7), givenName: name, familyName: 'Prueba', email, level: options.level ?? 'sustancial' });
    if (options.agency) await sql`INSERT INTO identity.role_assignment (account_id, agency_code, role) VALUES (${id}, ${options.agency}, 'procurement_officer')`.execute(db());
    const browser = new HttpSession();
    const signed = await signInPortal(app(), browser, email, TEST_ACCOUNT_PASSWORD);
    assert.ok(!signed.url.includes('/ingreso/'), `signed in: ${signed.url}`);
    return { browser, id };
  }

  /** A person who registers a unit at /empresa and acts for it. */
  async function supplier(name: string, legalForm: string, level: 'bajo' | 'sustancial' = 'sustancial') {
    const p = await person(name, { level });
    const nit = digits(9);
    const url = `${app().baseUrl}/empresa`;
    const page = await (await p.browser.request(url)).text();
    const made = await p.browser.submit(
      url,
      page,
      { id: nit, name: `${name} ${legalForm}`, legalForm, activityCodes: '107100', territoryCode: 'BO-L' },
      formsIn(page).findIndex((f) => f.action.startsWith('/empresa#') || f.action === '/empresa'),
    );
    assert.equal(made.status, 303, 'unit registered');
    const registered = await (await p.browser.request(url)).text();
    const act = await p.browser.submit(
      url,
      registered,
      { unidad: nit },
      formsIn(registered).findIndex((f) => f.action === '/empresa/actuar' && f.hidden.unidad === nit),
    );
    assert.equal(act.status, 303);
    return { ...p, nit };
  }

  const inFuture = (days: number) => new Date(Date.now() + days * 86_400_000);
  const day = (d: Date) => d.toISOString().slice(0, 10);

  /** The fields of a need's publication form, with changes. */
  const needForm = (changes: Record<string, string> = {}): Record<string, string> => ({
    agencyCode: 'AGETIC',
    title: 'Quinua en grano para el desayuno escolar',
    description: 'Quinua real lavada, en bolsas de 1 kg.',
    cpvCode: '03211900-2',
    quantity: '2000',
    unit: 'kg',
    territoryCode: 'BO-L',
    deliveryPlace: 'Almacén central',
    deliveryDate: day(inFuture(40)),
    referenceAmount: '30000,00',
    reserved: 'none',
    deadline: inFuture(10).toISOString(),
    ...changes,
  });

  async function publish(officer: HttpSession, changes: Record<string, string> = {}): Promise<{ id: string; key: string; html: string }> {
    const url = `${app().baseUrl}/compras/nueva`;
    const form = await (await officer.request(url)).text();
    const response = await officer.submit(url, form, needForm(changes));
    const html = await response.text();
    assert.equal(response.status, 201, html.slice(0, 2000));
    const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(html)?.[0];
    const id = /href="\/compras\/([0-9a-f-]{36})"/.exec(html)?.[1];
    assert.ok(key && id, 'the key and the process are on the page');
    return { id, key, html };
  }

  async function post(browser: HttpSession, id: string, action: string, fields: Record<string, string>) {
    const url = `${app().baseUrl}/compras/${id}`;
    const page = await (await browser.request(url)).text();
    const index = formsIn(page).findIndex((f) => f.action.split('#')[0] === `/compras/${id}${action}`);
    assert.notEqual(index, -1, `a form for ${action} on the page`);
    return browser.submit(url, page, fields, index);
  }

  /** A POST the page offers no form for (a forged or a stale one), with the session's CSRF token. */
  async function postDirect(browser: HttpSession, path: string, fields: Record<string, string>) {
    const page = await (await browser.request(`${app().baseUrl}/compras`)).text();
    const csrf = formsIn(page).find((f) => f.hidden._csrf)?.hidden._csrf ?? '';
    return browser.request(`${app().baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
    });
  }

  async function json(path: string) {
    const response = await fetch(`${app().baseUrl}${path}`);
    // biome-ignore lint/suspicious/noExplicitAny: JSON answers read field by field in the tests
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  return { person, supplier, inFuture, day, needForm, publish, post, postDirect, json };
}
