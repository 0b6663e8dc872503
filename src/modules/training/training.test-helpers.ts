// Shared by training's HTTP tests: a person signed in to the portal, with agency roles.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';

export async function signedInPerson(t: TestApp & { baseUrl: string }, name: string, roles: Array<{ agency: string; role: string }> = []): Promise<{ browser: HttpSession; id: string }> {
  const email = `${name.toLowerCase()}-${randomUUID().slice(0, 6)}@prueba.bo`;
  const id = await testAccount(t.app.tambo.deps, { documentNumber: String(1_000_000 + Math.floor(Math.random() * 8_000_000)), givenName: name, familyName: 'Prueba', email });
  for (const r of roles) await sql`INSERT INTO identity.role_assignment (account_id, agency_code, role) VALUES (${id}, ${r.agency}, ${r.role})`.execute(t.app.tambo.deps.db);
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.ok(!signed.url.includes('/ingreso/'), `signed in: ${signed.url}`);
  return { browser, id };
}

/** A facilitator creates a cohort through the facilitation page's form; answers the cohort page's path. */
export async function createCohortAs(t: TestApp & { baseUrl: string }, browser: HttpSession, fields: { entidad: string; curso: string; nombre: string }): Promise<string> {
  const url = `${t.baseUrl}/capacitacion/facilitacion`;
  const start = await browser.request(url);
  assert.equal(start.status, 200);
  const html = await start.text();
  const created = await browser.submit(
    url,
    html,
    fields,
    formIndex(html, (f) => f.action.includes('/cohortes')),
  );
  assert.equal(created.status, 303);
  return new URL(created.headers.get('location')!, t.baseUrl).pathname;
}
