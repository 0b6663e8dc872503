// The archive-timestamp job (PAdES B-LTA): a document whose signature timestamp was made by a
// TSA certificate about to expire gets, once per round even with parallel workers, a new
// version with the validation data and a document timestamp by a renewed TSA; the versions are
// recorded and audited, the issued hash stays the identity, and verification (API, page,
// upload) says valid and archived.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { readFile } from '../../platform/files/index.ts';
import { signingService } from '../../platform/signing/index.ts';
import { readPdfSignatures } from '../../platform/signing/pdf.ts';
import { archiveDueDocuments } from './archive.service.ts';
import { issueDocument } from './index.ts';

const DAY = 24 * 3600 * 1000;
let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ demo: true });
});
after(async () => t.close());

const verifyApi = async (body: Record<string, string>) =>
  (await (await fetch(`${t.baseUrl}/api/v1/documents/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as {
    status: string;
    issued_by_tambo: boolean;
    document: { sha256: string } | null;
    signature: { problems: string[]; archived_at: string | null; timestamped_at: string | null };
  };

describe('archive timestamps job', () => {
  it('archives a document before its TSA certificate expires: once under parallel workers, TSA renewed, versioned, audited, verifiable', async () => {
    const deps = t.app.tambo.deps;
    const { db } = deps;
    const signing = signingService(deps);
    // A TSA certificate made to expire in 30 days, then a document timestamped by it.
    assert.equal(await signing.renewTsaIfExpiring(new Date(Date.now() + 100 * 365 * DAY), 30 * DAY), true);
    const shortTsa = (await signing.authorities()).tsa;
    const accountId = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(db)).rows[0]!.id;
    const agencyCode = (await sql<{ code: string }>`SELECT code FROM agencies.agency ORDER BY code LIMIT 1`.execute(db)).rows[0]!.code;
    const document = (await issueDocument(deps, { kind: 'notice', sourceKey: 'archive-test:1', accountId, agencyCode, title: 'Aviso {date}', body: 'Aviso para {holder}.' }))!;
    const issued = (await readFile(db, document.sha256))!.content;
    assert.ok(((await signing.timestampExpiry(issued))?.getTime() ?? 0) < Date.now() + 31 * DAY);

    // Four workers run the same round at once (a year's window): one TSA renewal, one archived version.
    await Promise.all(Array.from({ length: 4 }, () => archiveDueDocuments(deps, { window: 365 * DAY })));
    const versions = (
      await sql<{ round: number; sha256: string; previous_sha256: string; tsa_serial: string; timestamp_expires_at: Date }>`
      SELECT round, sha256, previous_sha256, tsa_serial, timestamp_expires_at FROM documents.archived_version WHERE document_id = ${document.id}`.execute(db)
    ).rows;
    assert.equal(versions.length, 1, 'one archive per document per round');
    const [version] = versions;
    assert.equal(version!.round, 1);
    assert.equal(version!.previous_sha256, document.sha256);
    assert.ok(version!.timestamp_expires_at.getTime() > Date.now() + 5 * 365 * DAY, 'by the renewed TSA');
    const renewals = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'signing.tsa_renewed'`.execute(db)).rows[0]!.n;
    assert.equal(renewals, 2, 'the test’s own renewal and one by the job');
    assert.notEqual(Buffer.from((await signing.authorities()).tsa).toString('hex'), Buffer.from(shortTsa).toString('hex'));
    const audits = (
      await sql<{ data: { sha256: string; versionSha256: string; round: number } }>`
      SELECT data FROM audit.entry WHERE action = 'documents.document_archived' AND subject_id = ${document.id}`.execute(db)
    ).rows;
    assert.equal(audits.length, 1);
    assert.equal(audits[0]!.data.sha256, document.sha256, 'the issued hash stays the identity');
    assert.equal(audits[0]!.data.versionSha256, version!.sha256);

    // The new version: the issued file is its prefix, a document timestamp is the last signature.
    const archived = (await readFile(db, version!.sha256))!.content;
    assert.ok(archived.subarray(0, issued.length).equals(issued));
    assert.equal(readPdfSignatures(archived)!.at(-1)!.subFilter, 'ETSI.RFC3161');

    // A new round finds nothing due.
    await archiveDueDocuments(deps, { window: 365 * DAY });
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM documents.archived_version WHERE document_id = ${document.id}`.execute(db)).rows[0]!.n, 1);

    // Verification by code checks the newest version; by file, either version is the document.
    const byCode = await verifyApi({ code: document.verificationCode });
    assert.equal(byCode.status, 'valid', byCode.signature.problems.join());
    assert.ok(byCode.signature.archived_at && byCode.signature.timestamped_at);
    const byArchivedFile = await verifyApi({ content: archived.toString('base64') });
    assert.equal(byArchivedFile.status, 'valid');
    assert.equal(byArchivedFile.issued_by_tambo, true);
    assert.equal(byArchivedFile.document?.sha256, document.sha256);
    const byIssuedFile = await verifyApi({ content: issued.toString('base64') });
    assert.equal(byIssuedFile.status, 'valid');
    assert.equal(byIssuedFile.signature.archived_at, null);
    const tampered = Buffer.from(archived);
    const at = archived.indexOf('/Type /DSS') + 2;
    tampered[at] = tampered[at]! ^ 0x01;
    assert.equal((await verifyApi({ content: tampered.toString('base64') })).status, 'invalid');
    const page = await (await fetch(`${t.baseUrl}/verificar/${document.verificationCode}`)).text();
    assert.match(page, /Archivado \(sello de tiempo de archivo\)/);
    const download = Buffer.from(await (await fetch(`${t.baseUrl}/verificar/${document.verificationCode}/documento.pdf`)).arrayBuffer());
    assert.ok(download.equals(archived), 'the download is the newest version');
  });
});
