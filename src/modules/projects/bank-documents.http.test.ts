// Supporting documents of a communal bank's entries over real HTTP (ve): the treasurer attaches a
// PDF or image to an entry from the bank's page (multipart, type read from the content, 5 MB at
// most, errors on the fields with the chosen entry kept); anyone else is refused; a burst of 20
// identical uploads stores one document; a second document is added, never replacing the first;
// the page and the open dataset `projects.bank_entries` list each with its SHA-256 and link, and
// the downloaded bytes hash to it (recomputed here); another bank's address does not serve it; the
// database refuses to edit or delete a document. Also the Sala's figures `projects.used` and
// `projects.received_by_circuit`.
import assert from 'node:assert/strict';
import { createHash, randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { formsIn, type HttpSession } from '../../../test/helpers/http-client.ts';
import { useBankTestApp } from './banks.test-helpers.ts';
import { readStat } from '../../platform/stats/stats.ts';
import { createProject, recordTransfer, registerBankAccount } from './index.ts';
import { projectStats } from './projects.stats.ts';

const { app, member, post } = useBankTestApp();
const deps = () => app().app.tambo.deps;
const COMMUNE = 'VE-A-01-01-01';
const CLIENT = { clientId: 'prueba-documentos', agencyCode: 'MPPCOMUNAS' };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);

async function bankWithEntry(): Promise<{ bankId: string; reference: string }> {
  const reference = `VE-BD-${randomInt(10_000, 99_999)}`;
  const { account: bank } = await registerBankAccount(deps(), CLIENT, { bankName: 'Banco del Tesoro', accountReference: reference, holderName: 'Banco Comunal El Valle', territoryCode: COMMUNE });
  const { project } = await createProject(
    deps(),
    { type: 'client', id: CLIENT.clientId, agencyCode: CLIENT.agencyCode },
    { kind: 'agency', title: 'Fondo del banco comunal El Valle', territoryCode: COMMUNE, executorTerritoryCode: COMMUNE, budgetMinor: 5_000_000, currency: 'VES' },
  );
  await recordTransfer(deps(), CLIENT, { projectId: project.id, accountReference: reference, amountMinor: 900_000, currency: 'VES', valueDate: '2026-11-02' }, { idempotencyKey: null });
  return { bankId: bank.id, reference };
}

/** Sends the page's document form as a browser does (multipart, the CSRF field first). */
async function attach(browser: HttpSession, page: string, entry: string, file?: { bytes: Uint8Array<ArrayBuffer>; name: string }): Promise<Response> {
  const { baseUrl } = app();
  const html = await (await browser.request(`${baseUrl}${page}`)).text();
  const form = formsIn(html).find((f) => f.action.endsWith('/documentos'));
  assert.ok(form, 'the treasurer sees the document form');
  assert.match(html, /enctype="multipart\/form-data"/);
  const body = new FormData();
  for (const [name, value] of Object.entries(form.hidden)) body.append(name, value);
  body.append('documento-asiento', entry);
  if (file) body.append('documento', new Blob([file.bytes]), file.name);
  return browser.request(new URL(form.action, `${baseUrl}${page}`).toString(), { method: 'POST', body });
}

describe('supporting documents of a communal bank’s entries', () => {
  it('are attached by the treasurer only, checked by content, never replaced, and published with their hash', async () => {
    const { bankId, reference } = await bankWithEntry();
    const page = `/bancos-comunales/${bankId}`;
    const treasurer = await member(COMMUNE);
    const loan = await post(treasurer, page, '/asientos', {
      tipo: 'loan',
      monto: '2.000',
      'fecha-day': '3',
      'fecha-month': '11',
      'fecha-year': '2026',
      proposito: 'food',
      descripcion: 'Compra de harina',
    });
    assert.equal(loan.status, 303);
    const seq = String((await sql<{ seq: string }>`SELECT seq FROM projects.bank_entry WHERE bank_account_id = ${bankId}`.execute(deps().db)).rows[0]!.seq);
    // The Sala's figures: money used by the bank's commune (the loan) and received by circuit (the deposit; this project has none).
    const used = await readStat(deps().db, projectStats.used, { territory: COMMUNE, groupBy: ['kind', 'currency'] });
    assert.deepEqual(
      used.map((r) => [r.group.kind, r.group.currency, r.sum]),
      [['loan', 'VES', 200_000]],
    );
    const byCircuit = await readStat(deps().db, projectStats.received_by_circuit, { groupBy: ['circuit'] });
    assert.deepEqual(
      byCircuit.map((r) => [r.group.circuit, r.sum]),
      [['none', 900_000]],
    );

    // Refused: not a PDF or image (read from the content, whatever the name says), too large, no entry.
    const text = await attach(treasurer, page, seq, { bytes: new TextEncoder().encode('solo texto'), name: 'recibo.pdf' });
    assert.equal(text.status, 422);
    const textHtml = await text.text();
    assert.match(textHtml, /href="#campo-documento"/);
    assert.match(textHtml, new RegExp(`<option value="${seq}" selected`), 'the chosen entry is kept');
    const big = new Uint8Array(5 * 1024 * 1024 + 1).fill(0x20);
    big.set(pdf('grande').subarray(0, 9));
    const large = await attach(treasurer, page, seq, { bytes: big, name: 'grande.pdf' });
    assert.equal(large.status, 422);
    assert.match(await large.text(), /href="#campo-documento"/);
    const noEntry = await attach(treasurer, page, '999999', { bytes: pdf('x'), name: 'x.pdf' });
    assert.equal(noEntry.status, 422);
    assert.match(await noEntry.text(), /href="#campo-documento-asiento"/);

    // Anyone but the bank's treasurer: 403, nothing stored; the form is not shown to them.
    const stranger = await member();
    const strangerPage = await (await stranger.request(`${app().baseUrl}${page}`)).text();
    assert.ok(!formsIn(strangerPage).some((f) => f.action.endsWith('/documentos')));
    const csrf = formsIn(strangerPage)[0]!.hidden._csrf!;
    const forged = new FormData();
    forged.append('_csrf', csrf);
    forged.append('documento-asiento', seq);
    forged.append('documento', new Blob([pdf('ajeno')]), 'ajeno.pdf');
    assert.equal((await stranger.request(`${app().baseUrl}${page}/documentos`, { method: 'POST', body: forged })).status, 403);

    // A burst of 20 identical uploads: every one answers 303, one document is stored and audited.
    const receipt = pdf(`recibo ${reference}`);
    const burst = await Promise.all(Array.from({ length: 20 }, () => attach(treasurer, page, seq, { bytes: receipt, name: 'recibo harina.pdf' })));
    assert.deepEqual(
      burst.map((r) => r.status),
      Array(20).fill(303),
    );
    // A second document on the same entry (the right receipt): added, the first stays.
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new TextEncoder().encode(`foto ${reference}`)]);
    assert.equal((await attach(treasurer, page, seq, { bytes: png, name: 'foto.png' })).status, 303);
    const stored = await sql<{ sha256: string; media_type: string }>`SELECT sha256, media_type FROM projects.bank_entry_document WHERE bank_account_id = ${bankId} ORDER BY seq`.execute(deps().db);
    assert.deepEqual(stored.rows, [
      { sha256: sha256(receipt), media_type: 'application/pdf' },
      { sha256: sha256(png), media_type: 'image/png' },
    ]);
    const audited = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE subject_id = ${bankId} AND action = 'projects.bank_document_attached'`.execute(deps().db);
    assert.equal(Number(audited.rows[0]!.n), 2);

    // The public page (signed out) lists both with hash and link; each download hashes to what is published.
    const publicHtml = await (await fetch(`${app().baseUrl}${page}`)).text();
    for (const bytes of [receipt, png]) {
      const hash = sha256(bytes);
      assert.match(publicHtml, new RegExp(`<code class="hash">${hash}</code>`));
      assert.match(publicHtml, new RegExp(`href="${page}/documentos/${hash}"`));
    }
    // The open data carries the same hashes and links; the files behind the links hash to them.
    const entries = (
      (await (await fetch(`${app().baseUrl}/api/v1/open-data/projects.bank_entries`)).json()) as { items: Array<{ accountReference: string; documents: string[]; documentPaths: string[] }> }
    ).items;
    const row = entries.find((e) => e.accountReference === reference)!;
    assert.deepEqual(row.documents, [sha256(receipt), sha256(png)]);
    for (const [index, path] of row.documentPaths.entries()) {
      const download = await fetch(`${app().baseUrl}${path}`);
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), index === 0 ? 'application/pdf' : 'image/png');
      assert.equal(sha256(new Uint8Array(await download.arrayBuffer())), row.documents[index]);
    }
    // Only under its own bank: another bank's address does not serve it.
    const other = await bankWithEntry();
    assert.equal((await fetch(`${app().baseUrl}/bancos-comunales/${other.bankId}/documentos/${sha256(receipt)}`)).status, 404);

    // Append-only in the database.
    await assert.rejects(sql`UPDATE projects.bank_entry_document SET filename = 'otro.pdf' WHERE bank_account_id = ${bankId}`.execute(deps().db), /append-only/);
    await assert.rejects(sql`DELETE FROM projects.bank_entry_document WHERE bank_account_id = ${bankId}`.execute(deps().db), /append-only/);
  });
});
