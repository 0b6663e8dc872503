// PAdES B-LTA (archive.ts): an archive revision (DSS + document timestamp) appended to a signed
// PDF, checked by Tambo's verifier, by pdfsig and by `openssl ts -verify`; every other change
// after the signature refused. Needs poppler-utils, libnss3-tools and openssl (installed by
// .ci/run); skipped without them.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import PDFDocument from 'pdfkit';
import type { TestApp } from '../../../test/helpers/app.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { sha256 } from './crypto.ts';
import { onlyArchiveRevisions } from './archive.ts';
import { readPdfSignatures } from './pdf.ts';
import { signingService } from './index.ts';

const tools = ['pdfsig', 'certutil', 'openssl'].every((tool) => spawnSync('which', [tool]).status === 0);
const skip = tools ? false : 'needs pdfsig (poppler-utils), certutil (libnss3-tools) and openssl';

const pemOf = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
const tool = (command: string, args: string[]) =>
  new Promise<{ stdout: string; stderr: string }>((resolve) => {
    execFile(command, args, { encoding: 'utf8', timeout: 60_000 }, (_error, stdout, stderr) => resolve({ stdout, stderr }));
  });

/** A one-page PDF as documents are rendered (pdfkit). */
function onePagePdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A6', info: { Title: 'Archivo' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.text('Documento para archivar');
  doc.end();
  return ended;
}

let t: TestApp;
let dir: string;
before(async () => {
  // pdfsig (NSS) asks the OCSP responder the certificates name: the app listens at PUBLIC_URL.
  t = await listenTestApp();
  dir = mkdtempSync(join(tmpdir(), 'tambo-archive-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

const agency = { code: 'ARCHTEST', name: 'Agencia de Prueba, Archivo' };

describe('archive timestamps (B-LTA)', { skip }, () => {
  it('appends a DSS and a document timestamp that Tambo, pdfsig and openssl ts accept; any other change is refused', async () => {
    const service = signingService(t.app.tambo.deps);
    const signed = await service.signPdf(await onePagePdf(), agency);
    const archived = (await service.archivePdf(signed)).pdf;
    assert.ok(archived.subarray(0, signed.length).equals(signed), 'the signed revision is a prefix, untouched');
    const tail = archived.subarray(signed.length).toString('latin1');
    assert.match(tail, /\/Type \/DSS/);
    assert.match(tail, /\/Certs \[/);
    assert.match(tail, /\/CRLs \[/);
    assert.match(tail, /\/OCSPs \[/);
    assert.match(tail, /\/Type \/DocTimeStamp/);

    const ours = await service.verifyPdf(archived);
    assert.equal(ours.status, 'valid', ours.problems.join());
    assert.equal(ours.subFilter, 'ETSI.CAdES.detached');
    assert.equal(ours.signer?.commonName, agency.name);
    assert.ok(ours.archivedAt && Math.abs(ours.archivedAt.getTime() - Date.now()) < 60_000);

    // A second round: the DSS carried forward, two document timestamps, still valid.
    const twice = (await service.archivePdf(archived)).pdf;
    assert.ok(twice.subarray(0, archived.length).equals(archived));
    assert.equal(readPdfSignatures(twice)?.length, 3);
    assert.equal((await service.verifyPdf(twice)).status, 'valid');

    // pdfsig: the document timestamp is the last signature and covers the whole file; the original covers its revision.
    const { root, issuing } = await service.authorities();
    writeFileSync(join(dir, 'root.pem'), pemOf(root));
    writeFileSync(join(dir, 'issuing.pem'), pemOf(issuing));
    const nss = join(dir, 'nss');
    execFileSync('mkdir', ['-p', nss]);
    execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${nss}`]);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', 'CT,C,C', '-i', join(dir, 'root.pem')]);
    writeFileSync(join(dir, 'archived.pdf'), archived);
    const report = (await tool('pdfsig', ['-nssdir', `sql:${nss}`, join(dir, 'archived.pdf')])).stdout;
    const [first, second] = report.split(/^Signature #2:/m);
    assert.match(first!, /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(first!, /Signature Validation: Signature is Valid/);
    assert.match(first!, /Not total document signed/);
    // poppler 22.12 lists the document timestamp as a signature field over the whole file, by
    // the TSA, but neither names nor checks ETSI.RFC3161 ("Signature Type: unknown", "not yet
    // been verified"): openssl ts checks its token below.
    assert.match(second!, /Signer Certificate Common Name: Tambo Demo Timestamping Authority/);
    assert.match(second!, /Signature Type: (unknown|ETSI\.RFC3161)/);
    assert.match(second!, /Total document signed/);
    assert.doesNotMatch(report, /Signature #3/);

    // openssl ts -verify: the document timestamp's token over its byte ranges, against the demo TSA's chain.
    const timestamp = readPdfSignatures(archived)!.at(-1)!;
    writeFileSync(join(dir, 'dts.der'), timestamp.cms);
    writeFileSync(join(dir, 'dts-content'), timestamp.signedContent);
    const ts = await tool('openssl', [
      'ts',
      '-verify',
      '-in',
      join(dir, 'dts.der'),
      '-token_in',
      '-data',
      join(dir, 'dts-content'),
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, 'issuing.pem'),
    ]);
    assert.match(ts.stdout, /Verification: OK/);

    // One changed byte: in the signed revision, in a DSS stream, in the token itself.
    const flip = (at: number) => {
      const copy = Buffer.from(archived);
      copy[at] = copy[at]! ^ 0x01;
      return copy;
    };
    const dssStream = archived.indexOf('stream\n', signed.length) + 20;
    const token = archived.indexOf('<3082', archived.lastIndexOf('/ETSI.RFC3161')) + 40;
    for (const [name, at] of [
      ['signed revision', 300],
      ['DSS stream', dssStream],
      ['document timestamp', token],
    ] as const) {
      const result = await service.verifyPdf(flip(at));
      assert.equal(result.status, 'invalid', `one byte changed in the ${name}`);
    }

    // A revision that changes the page (a new content stream) after the signature, even with a document timestamp over it.
    const pageObject = /\n(\d+) 0 obj\n<<\n\/Type \/Page\n/.exec(signed.toString('latin1'));
    assert.ok(pageObject);
    const changed = await appendRevision(signed, pageObject[1]!);
    writeFileSync(join(dir, 'changed.pdf'), changed);
    const changedReport = (await tool('pdfsig', ['-nssdir', `sql:${nss}`, join(dir, 'changed.pdf')])).stdout;
    assert.match(changedReport, /Signature is Valid/, 'a well-formed revision (pdfsig reads it)');
    assert.match(changedReport, /Not total document signed/);
    assert.deepEqual((await service.verifyPdf(changed)).problems, ['partial_coverage']);
    const changedThenArchived = await service.verifyPdf((await service.archivePdf(changed)).pdf);
    assert.ok(changedThenArchived.archivedAt, 'the document timestamp itself holds');
    assert.deepEqual(changedThenArchived.problems, ['partial_coverage'], 'but the revision before it changed the page');
    // The same page change hidden inside the data of a DSS-like stream, the cross-reference pointing into it.
    const hidden = await appendRevision(signed, pageObject[1]!, true);
    assert.equal(onlyArchiveRevisions(archived, signed.length, archived.length), true);
    assert.equal(onlyArchiveRevisions(hidden, signed.length, hidden.length), false, 'the cross-reference points into a stream');
    const hiddenThenArchived = await service.verifyPdf((await service.archivePdf(hidden)).pdf);
    assert.ok(hiddenThenArchived.archivedAt);
    assert.deepEqual(hiddenThenArchived.problems, ['partial_coverage']);
    assert.deepEqual(await sha256(signed), await sha256(archived.subarray(0, signed.length)));
  });
});

/**
 * An incremental update that redefines the page with a new content stream (what a forger would
 * append); `hide`: the new page is written inside the data of a stream with only a /Length (as
 * DSS streams are) and the cross-reference points into it.
 */
async function appendRevision(pdf: Buffer, pageNumber: string, hide = false): Promise<Buffer> {
  const text = pdf.toString('latin1');
  const start = text.lastIndexOf(`\n${pageNumber} 0 obj\n`) + 1;
  const page = text.slice(start, text.indexOf('endobj', start) + 6);
  const size = Number(/\/Size (\d+)/.exec(text.slice(text.lastIndexOf('trailer')))![1]);
  const root = /\/Root (\d+ \d+ R)/.exec(text.slice(text.lastIndexOf('trailer')))![1];
  const prev = Number(/startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf('startxref')))![1]);
  const content = 'BT /F1 24 Tf 20 50 Td (FALSO) Tj ET';
  let out = `${text}\n`;
  const streamAt = out.length;
  out += `${size} 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`;
  const newPage = page.replace(/\/Contents\s+(\d+ \d+ R|\[[^\]]*\])/, `/Contents [$1 ${size} 0 R]`).concat('\n');
  let pageAt = out.length;
  if (hide) {
    out += `${size + 1} 0 obj\n<< /Length ${newPage.length} >>\nstream\n`;
    pageAt = out.length;
    out += `${newPage}\nendstream\nendobj\n`;
  } else out += newPage;
  const xrefAt = out.length;
  const row = (offset: number) => `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `xref\n0 1\n0000000000 65535 f \n${pageNumber} 1\n${row(pageAt)}${size} 1\n${row(streamAt)}trailer\n<< /Size ${size + (hide ? 2 : 1)} /Root ${root} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF`;
  return Buffer.from(out, 'latin1');
}

describe('reading /Contents', () => {
  it('keeps a CMS or token whose DER ends in zero bytes (the padding is cut by the DER length, not by trailing zeros)', () => {
    const der = Buffer.from('3005020300ff00', 'hex'); // SEQUENCE { INTEGER 0x00ff00 }: ends in 00
    const head = '%PDF-1.7\n<< /Type /Sig /SubFilter /ETSI.RFC3161 /ByteRange [0 0000000000 0000000000 0000000000] /Contents ';
    const contents = `<${der.toString('hex')}${'00'.repeat(20)}>`;
    const tail = ' >>\n%%EOF';
    const b = head.length;
    const c = b + contents.length;
    const range = `[0 ${String(b).padStart(10, '0')} ${String(c).padStart(10, '0')} ${String(tail.length).padStart(10, '0')}]`;
    const pdf = Buffer.from(head.replace('[0 0000000000 0000000000 0000000000]', range) + contents + tail, 'latin1');
    const [signature] = readPdfSignatures(pdf)!;
    assert.deepEqual(signature!.cms, der);
    assert.equal(signature!.subFilter, 'ETSI.RFC3161');
    assert.equal(signature!.coversWholeDocument, true);
  });
});
