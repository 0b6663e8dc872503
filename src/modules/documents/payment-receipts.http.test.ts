// The receipt of a payment is a signed document (issue #13 with #14): a person pays an order at
// the sandbox gateway over real HTTP, the jobs run, and the payer's mailbox holds exactly one
// receipt, a PDF signed by the payee agency that /verificar, `openssl cms` and poppler's pdfsig
// verify; another notification of the same payment, or the handler run again, adds nothing.
// pdfsig/certutil/openssl are installed by .ci/run; without them only those checks are skipped.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { DomainEvent } from '../../platform/events/outbox.ts';
import { readFile } from '../../platform/files/index.ts';
import { readPdfSignature, signingService } from '../../platform/signing/index.ts';
import { addPaymentsClient, clientToken, payAtSandbox, type PaymentsTestApp, postNotification, signedNotification, signInAt, startPaymentsApp } from '../payments/payments.test-helpers.ts';
import { issuePaymentReceipt, paymentReceiptSource } from './payment-receipts.ts';

const CITIZEN = { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana', documentNumber: '4567891 LP' };
const tools = ['pdfsig', 'certutil', 'openssl'].every((tool) => spawnSync('which', [tool]).status === 0);

let t: PaymentsTestApp;
let dir: string;
before(async () => {
  t = await startPaymentsApp(['SEGIP']);
  dir = mkdtempSync(join(tmpdir(), 'tambo-payment-receipt-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

const pem = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;

describe('payment receipts as signed documents', () => {
  it('a paid order gives the payer one signed receipt in the mailbox, verifiable by code, openssl and pdfsig; a repeated notification gives no second one', async () => {
    const db = t.app.tambo.deps.db;
    const client = await addPaymentsClient(t, 'SEGIP');
    const response = await fetch(`${t.baseUrl}/api/v1/payment-orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await clientToken(t, client)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ payer: { documentType: 'CI', documentNumber: CITIZEN.documentNumber }, concept: 'Certificado con recibo firmado', amountMinor: 4550 }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const { code } = (await response.json()) as { code: string };
    const browser = await signInAt(t, CITIZEN);
    // A relative pays it by its code: the receipt says so.
    const back = await payAtSandbox(t, browser, code, { paidBy: 'Rosa Quispe (hermana)' });
    assert.match(back.html, /Pago recibido/);
    await t.drain();

    const orderId = (await sql<{ id: string }>`SELECT id FROM payments.payment_order WHERE code = ${code}`.execute(db)).rows[0]!.id;
    const documents = await sql<{ id: string; verification_code: string; sha256: string; kind: string; title: string; account_id: string }>`
      SELECT id, verification_code, sha256, kind, title, account_id FROM documents.document WHERE source_key = ${paymentReceiptSource(orderId)}`.execute(db);
    assert.equal(documents.rows.length, 1, 'one receipt document');
    const receipt = documents.rows[0]!;
    assert.equal(receipt.kind, 'receipt');
    assert.match(receipt.title, new RegExp(`^Recibo de pago ${code} por BOB\\s45,50: Certificado con recibo firmado$`));
    const messages = await sql<{ subject: string; sha256: string | null }>`
      SELECT m.subject, a.sha256 FROM mailbox.message m LEFT JOIN mailbox.attachment a ON a.message_id = m.id
      WHERE m.recipient_account_id = ${receipt.account_id} AND m.subject LIKE ${`%${code}%`}`.execute(db);
    assert.deepEqual(
      messages.rows.map((m) => m.sha256),
      [receipt.sha256],
      'exactly one message about the payment, carrying the signed PDF',
    );

    // The person reads it in "Mis documentos" and anyone verifies it by its code.
    assert.match(await (await browser.request(`${t.baseUrl}/mis-documentos`)).text(), new RegExp(`Recibo de pago ${code}`));
    const verified = await fetch(`${t.baseUrl}/verificar/${receipt.verification_code}`);
    assert.equal(verified.status, 200);
    const html = await verified.text();
    assert.match(html, /El documento es válido/);
    assert.match(html, new RegExp(receipt.sha256));

    const pdf = (await readFile(db, receipt.sha256))!.content;
    writeFileSync(join(dir, 'receipt.pdf'), pdf);
    if (spawnSync('which', ['pdftotext']).status === 0) {
      const text = spawnSync('pdftotext', [join(dir, 'receipt.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
      assert.match(text, /recibió el pago de BOB\s45,50 por «Certificado con recibo firmado»/);
      assert.match(text, /Pagó Rosa Quispe \(hermana\), con el código de pago/);
    }
    if (tools) {
      const { root } = await signingService(t.app.tambo.deps).authorities();
      writeFileSync(join(dir, 'root.pem'), pem(root));
      const signature = readPdfSignature(pdf)!;
      writeFileSync(join(dir, 'cms.der'), signature.cms);
      writeFileSync(join(dir, 'content'), signature.signedContent);
      const cms = spawnSync(
        'openssl',
        ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'cms.der'), '-content', join(dir, 'content'), '-CAfile', join(dir, 'root.pem'), '-purpose', 'any', '-out', '/dev/null'],
        { encoding: 'utf8' },
      );
      assert.match(cms.stderr, /Verification successful/);
      const nss = join(dir, 'nss');
      execFileSync('mkdir', ['-p', nss]);
      execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${nss}`]);
      execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', 'CT,C,C', '-i', join(dir, 'root.pem')]);
      // -no-ocsp: the revocation data the signature embeds is enough; the app's responder is not asked.
      const report = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, '-no-ocsp', join(dir, 'receipt.pdf')], { encoding: 'utf8' }).stdout;
      assert.match(report, /Signature Validation: Signature is Valid/);
      assert.match(report, /Total document signed/);
    }

    // The gateway notifies the same payment again (another webhook id), and the subscriber runs again (a retried job).
    const reference = (await sql<{ gateway_reference: string }>`SELECT gateway_reference FROM payments.payment_event WHERE order_id = ${orderId} AND kind = 'paid'`.execute(db)).rows[0]!
      .gateway_reference;
    const again = await postNotification(t, 'SEGIP', signedNotification('SEGIP', { type: 'payment.succeeded', orderCode: code, amountMinor: 4550, reference }));
    assert.equal(again.status, 200, await again.clone().text());
    await t.drain();
    await issuePaymentReceipt({ topic: 'payments.order_paid', payload: { orderId } } as unknown as DomainEvent, t.app.tambo.deps);
    const counts = await sql<{ documents: number; messages: number }>`
      SELECT (SELECT count(*)::int FROM documents.document WHERE source_key = ${paymentReceiptSource(orderId)}) AS documents,
             (SELECT count(*)::int FROM mailbox.message WHERE subject LIKE ${`%${code}%`}) AS messages`.execute(db);
    assert.deepEqual(counts.rows[0], { documents: 1, messages: 1 }, 'still one receipt');
  });
});
