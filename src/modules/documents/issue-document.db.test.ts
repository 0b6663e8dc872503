// issueDocument, the path other modules (payment receipts, mailbox notices) issue signed
// documents through: a burst of identical requests issues one document (one row, one audit
// entry), with the holder and the values filled in, signed and verifiable by its code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { readFile } from '../../platform/files/index.ts';
import { deliverDocument, issueDocument, verifyByCode } from './index.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ demo: true });
});
after(async () => t.close());

describe('issueDocument (for other modules)', () => {
  it('issues a payment receipt once under a burst of 40 identical calls, signed, audited, verifiable, delivered', async () => {
    const deps = t.app.tambo.deps;
    const accountId = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(deps.db)).rows[0]!.id;
    const agencyCode = (await sql<{ code: string }>`SELECT code FROM agencies.agency ORDER BY code LIMIT 1`.execute(deps.db)).rows[0]!.code;
    const request = {
      kind: 'receipt' as const,
      sourceKey: 'payments:0192f0c0-0000-7000-8000-000000000001',
      accountId,
      agencyCode,
      title: 'Comprobante de pago {reference}',
      body: '{agency} recibió de {holder} ({document}) el pago {reference} por {amount}.',
      values: { reference: 'PAG-000123', amount: 'Bs 50,00' },
    };
    const burst = await Promise.all(Array.from({ length: 40 }, () => issueDocument(deps, request)));
    const ids = new Set(burst.map((d) => d?.id));
    assert.equal(ids.size, 1, 'one document for one source key');
    const document = burst[0]!;
    assert.equal(document.kind, 'receipt');
    assert.equal(document.title, 'Comprobante de pago PAG-000123');
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM documents.document WHERE source_key = ${request.sourceKey}`.execute(deps.db);
    assert.equal(rows.rows[0]!.n, 1);
    const audit = await sql<{ data: { sha256: string; sourceKey: string } }>`SELECT data FROM audit.entry WHERE action = 'documents.document_issued' AND subject_id = ${document.id}`.execute(deps.db);
    assert.deepEqual(
      audit.rows.map((r) => [r.data.sha256, r.data.sourceKey]),
      [[document.sha256, request.sourceKey]],
    );

    const verified = await verifyByCode(deps, document.verificationCode);
    assert.equal(verified.status, 'valid', verified.signature.problems.join());
    // The text an independent reader extracts (poppler's pdftotext) carries the filled-in body.
    if (spawnSync('which', ['pdftotext']).status === 0) {
      const dir = mkdtempSync(join(tmpdir(), 'tambo-receipt-'));
      writeFileSync(join(dir, 'r.pdf'), (await readFile(deps.db, document.sha256))!.content);
      const text = spawnSync('pdftotext', [join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
      rmSync(dir, { recursive: true, force: true });
      assert.match(text, /PAG-000123 por Bs 50,00/);
    }

    await deliverDocument(deps, document);
    await deliverDocument(deps, document);
    const delivered = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mailbox.message WHERE subject LIKE ${`%${document.title}%`}`.execute(deps.db);
    assert.equal(delivered.rows[0]!.n, 1, 'delivered once');
  });
});
