// The portal's session check on a write: a POST never uses the per-process cache, so every
// signed-in form submission pays for it. It is one statement: the session's idle timeout slid
// forward, its account, and whether the person is staff (docs/scaling.md).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { countStatements } from '../../../test/helpers/statements.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp();
});
after(async () => t?.close());

const db = () => t.app.tambo.deps.db;
const staffLink = /href="\/trabajo"/;

describe('the session check on a signed-in POST', () => {
  it('is one statement, which slides the idle timeout and says whether the person is staff', async () => {
    const accountId = await testAccount(t.app.tambo.deps, { documentNumber: '7000111', givenName: 'Rosa', familyName: 'Quispe', email: 'rosa.session@example.bo' });
    const browser = new HttpSession();
    const signedIn = await signInPortal(t, browser, 'rosa.session@example.bo', TEST_ACCOUNT_PASSWORD);
    assert.equal(signedIn.status, 200, signedIn.html);
    assert.doesNotMatch(signedIn.html, staffLink, 'a person without a role sees no staff link');

    // Her session was last seen a minute ago: the check slides it to now.
    await sql`UPDATE identity.web_session SET last_seen_at = now() - interval '1 minute' WHERE account_id = ${accountId}`.execute(db());
    // A POST to an address that does not exist: nothing but the session check reads the database.
    const { result: response, count, statements } = await countStatements(() => browser.request(`${t.baseUrl}/no-existe`, { method: 'POST' }));
    assert.equal(response.status, 404);
    assert.equal(count, 1, statements.join('\n'));
    assert.match(statements[0]!, /^with "s" as \(update "identity"\."web_session"/);
    const seen = await sql<{ recent: boolean }>`SELECT last_seen_at > now() - interval '10 seconds' AS recent FROM identity.web_session WHERE account_id = ${accountId}`.execute(db());
    assert.equal(seen.rows[0]?.recent, true, 'the idle timeout slid forward');

    // Given a role, she is staff on her next page: the POST above forgot what this process kept of her.
    await sql`INSERT INTO identity.role_assignment (account_id, agency_code, role) VALUES (${accountId}, 'SEGIP', 'case_handler')`.execute(db());
    await browser.request(`${t.baseUrl}/no-existe`, { method: 'POST' });
    const page = await browser.request(`${t.baseUrl}/`);
    assert.match(await page.text(), staffLink);
  });

  it('refuses a session past its idle timeout in the same statement', async () => {
    const accountId = await testAccount(t.app.tambo.deps, { documentNumber: '7000112', givenName: 'Juan', familyName: 'Mamani', email: 'juan.session@example.bo' });
    const browser = new HttpSession();
    assert.equal((await signInPortal(t, browser, 'juan.session@example.bo', TEST_ACCOUNT_PASSWORD)).status, 200);
    await sql`UPDATE identity.web_session SET last_seen_at = now() - interval '31 minutes' WHERE account_id = ${accountId}`.execute(db());
    const { count } = await countStatements(() => browser.request(`${t.baseUrl}/no-existe`, { method: 'POST' }));
    assert.equal(count, 1);
    // The statement found no live session: it slid nothing.
    const seen = await sql<{ idle: boolean }>`SELECT last_seen_at < now() - interval '30 minutes' AS idle FROM identity.web_session WHERE account_id = ${accountId}`.execute(db());
    assert.equal(seen.rows[0]?.idle, true);
  });
});
