// The vulnerability channel's key and the analysts' inbox, over real HTTP: the centre's OpenPGP
// private key is never in the database in clear (a key kept in clear by an older installation
// is sealed under the keyring purpose `cgii-openpgp` on first use); after the keyring purpose is
// rotated and then the OpenPGP key itself (twenty rotations at once make one), reports
// encrypted to the old key and to the new one both read in the inbox; only the centre's
// analysts see the inbox; the rotation needs the form's CSRF token; twenty answers at once
// record one.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import * as openpgp from 'openpgp';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { addKeyVersion } from '../../platform/keys/secrets.ts';
import { readPage, signedInPerson } from './cgii.test-helpers.ts';

let t: TestApp & { baseUrl: string };
const keyringFile = path.join(mkdtempSync(path.join(tmpdir(), 'tambo-cgii-keyring-')), 'keyring.json');

before(async () => {
  t = await listenTestApp({ config: { keyringFile }, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  await t?.close();
});

async function sendReport(armoredKey: string, text: string, contact: string): Promise<void> {
  const encrypted = await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: await openpgp.readKey({ armoredKey }) });
  const visitor = new HttpSession();
  const form = await (await visitor.request(`${t.baseUrl}/cgii/vulnerabilidades`)).text();
  const sent = await visitor.submit(`${t.baseUrl}/cgii/vulnerabilidades`, form, { contacto: contact, sistema: 'tramites.gob.bo', informe: String(encrypted), credito: `Crédito ${contact}` });
  assert.equal(sent.status, 303);
}

const keyRows = async () =>
  (
    await sql<{ fingerprint: string; private_armored: string | null; private_sealed: string | null; retired_at: Date | null; whole: string }>`
      SELECT fingerprint, private_armored, private_sealed, retired_at, k::text AS whole FROM cgii.centre_key k ORDER BY created_at`.execute(t.app.tambo.deps.db)
  ).rows;

it('keeps the private key sealed under the keyring, reads old reports after both rotations, and rotates once', async () => {
  const db = t.app.tambo.deps.db;
  // An installation from before the keyring: its key pair stored in clear.
  const legacy = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'CGII antiguo', email: 'cgii@example.gob' }], format: 'armored' });
  const legacyFingerprint = (await openpgp.readKey({ armoredKey: legacy.publicKey })).getFingerprint().toUpperCase();
  await sql`INSERT INTO cgii.centre_key (public_armored, private_armored, fingerprint) VALUES (${legacy.publicKey}, ${legacy.privateKey}, ${legacyFingerprint})`.execute(db);

  const published = await (await fetch(`${t.baseUrl}/cgii/clave.asc`)).text();
  assert.equal((await openpgp.readKey({ armoredKey: published })).getFingerprint().toUpperCase(), legacyFingerprint, 'the same key is still published');
  let rows = await keyRows();
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.private_armored, null, 'no private key in clear any more');
  assert.match(rows[0]!.private_sealed ?? '', /^v1\./, 'sealed with the purpose’s version 1');
  assert.ok(!rows[0]!.whole.includes('PRIVATE KEY'), 'nothing of the private key readable in the row');

  await sendReport(published, 'Inyección SQL en el buscador de trámites (clave antigua)', 'antigua@ejemplo.org');

  // Who may see the inbox: the centre's analysts only.
  const analyst = await signedInPerson(t, 'Analista', [{ role: 'cgii_analyst', agencyCode: 'AGETIC' }]);
  const contact = await signedInPerson(t, 'Contacto', [{ role: 'cgii_security_contact', agencyCode: 'SEGIP' }]);
  const elsewhere = await signedInPerson(t, 'Otro', [{ role: 'cgii_analyst', agencyCode: 'SEGIP' }]);
  assert.equal((await readPage(t, contact.browser, '/cgii/vulnerabilidades/bandeja')).status, 403);
  assert.equal((await readPage(t, elsewhere.browser, '/cgii/vulnerabilidades/bandeja')).status, 403, 'an analyst role outside the centre’s agency');
  const anonymous = await readPage(t, new HttpSession(), '/cgii/vulnerabilidades/bandeja');
  assert.ok([302, 303, 401].includes(anonymous.status), `anonymous: ${anonymous.status}`);
  assert.doesNotMatch(anonymous.html, /clave antigua/);

  // The keyring purpose is rotated: the key sealed with version 1 still opens.
  assert.equal(addKeyVersion(keyringFile, 'cgii-openpgp'), 2);
  let inbox = await readPage(t, analyst.browser, '/cgii/vulnerabilidades/bandeja');
  assert.equal(inbox.status, 200);
  assert.match(inbox.html, /Inyección SQL en el buscador de trámites \(clave antigua\)/);
  assert.ok(inbox.html.includes(legacyFingerprint));

  // The OpenPGP key itself is rotated; without the form's CSRF token nothing happens.
  const forged = await analyst.browser.request(`${t.baseUrl}/cgii/clave/rotacion`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ huella: legacyFingerprint }).toString(),
  });
  assert.equal(forged.status, 403);
  assert.equal((await keyRows()).length, 1, 'no rotation without the CSRF token');
  assert.equal(
    (
      await contact.browser.submit(
        `${t.baseUrl}/cgii/vulnerabilidades/bandeja`,
        inbox.html,
        {},
        formIndex(inbox.html, (f) => f.action.includes('/rotacion')),
      )
    ).status,
    403,
    'a contact cannot rotate, even with a token',
  );
  const rotateForm = formIndex(inbox.html, (f) => f.action.includes('/cgii/clave/rotacion'));
  const rotations = await Promise.all(Array.from({ length: 20 }, () => analyst.browser.submit(`${t.baseUrl}/cgii/vulnerabilidades/bandeja`, inbox.html, {}, rotateForm)));
  assert.deepEqual(new Set(rotations.map((r) => r.status)), new Set([303]));
  rows = await keyRows();
  assert.equal(rows.length, 2, 'twenty rotations from the same key make one new key');
  const current = rows.find((r) => !r.retired_at)!;
  assert.notEqual(current.fingerprint, legacyFingerprint);
  assert.match(current.private_sealed ?? '', /^v2\./, 'the new key is sealed with the keyring’s current version');
  assert.ok(rows.every((r) => r.private_armored === null && !r.whole.includes('PRIVATE KEY')));
  const { rows: audits } = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'cgii.centre_key_rotated'`.execute(db);
  assert.equal(Number(audits[0]!.n), 1);

  const renewed = await (await fetch(`${t.baseUrl}/cgii/clave.asc`)).text();
  assert.equal((await openpgp.readKey({ armoredKey: renewed })).getFingerprint().toUpperCase(), current.fingerprint, 'the new key is published');
  await sendReport(renewed, 'Listado de directorios en el servidor de archivos (clave nueva)', 'nueva@ejemplo.org');

  inbox = await readPage(t, analyst.browser, '/cgii/vulnerabilidades/bandeja');
  assert.match(inbox.html, /clave antigua/, 'a report encrypted to the retired key still reads');
  assert.match(inbox.html, /clave nueva/);

  // Twenty answers at once record one; the reporter is credited in the bulletin.
  const { rows: reports } = await sql<{ id: string }>`SELECT id FROM cgii.disclosure WHERE reporter_contact = 'antigua@ejemplo.org'`.execute(db);
  const answerForm = formIndex(inbox.html, (f) => f.action.includes(`/cgii/vulnerabilidades/${reports[0]!.id}/respuesta`));
  const empty = await analyst.browser.submit(`${t.baseUrl}/cgii/vulnerabilidades/bandeja`, inbox.html, { respuesta: '' }, answerForm);
  assert.equal(empty.status, 422);
  assert.match(await empty.text(), /href="#campo-respuesta"/);
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => analyst.browser.submit(`${t.baseUrl}/cgii/vulnerabilidades/bandeja`, inbox.html, { respuesta: 'Gracias: corregido en la versión 2.3.' }, answerForm)),
  );
  assert.equal(answers.filter((r) => r.status === 303).length, 1, 'answered once');
  assert.ok(answers.every((r) => r.status === 303 || r.status === 409));
  const { rows: answered } = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'cgii.vulnerability_answered' AND subject_id = ${reports[0]!.id}`.execute(db);
  assert.equal(Number(answered[0]!.n), 1);
  assert.match(await (await fetch(`${t.baseUrl}/cgii/boletines`)).text(), /Crédito antigua@ejemplo.org/);
});
