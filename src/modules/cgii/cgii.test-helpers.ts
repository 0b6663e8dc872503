// Helpers of the CGII's HTTP tests: a signed-in person with roles, and a page read.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';

export interface SignedIn {
  id: string;
  documentNumber: string;
  browser: HttpSession;
}

/** A person with these roles (second factor waived), signed in to the portal. */
export async function signedInPerson(t: TestApp & { baseUrl: string }, name: string, roles: Array<{ role: string; agencyCode: string }>): Promise<SignedIn> {
  const email = `${name}-${randomUUID().slice(0, 6)}@prueba.bo`.toLowerCase();
  const documentNumber = newDocument();
  const id = await testAccount(t.app.tambo.deps, { documentNumber, givenName: name, familyName: 'Prueba', email, roles });
  await sql`UPDATE identity.account SET is_totp_exempt = true WHERE id = ${id}`.execute(t.app.tambo.deps.db);
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.ok(!signed.url.includes('/ingreso/'), `signed in: ${signed.url}`);
  return { id, documentNumber, browser };
}

/** A page's status and HTML, as `browser` sees it. */
export async function readPage(t: { baseUrl: string }, browser: HttpSession, path: string): Promise<{ status: number; html: string }> {
  const response = await browser.request(`${t.baseUrl}${path}`);
  return { status: response.status, html: await response.text() };
}
