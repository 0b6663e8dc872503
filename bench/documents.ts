// Signed documents (docs/signed-documents.md): documents issued per second (render the
// tagged PDF, sign it with PAdES, timestamp it with the local TSA, store it by hash, audit it)
// and verifications by code per second (read the file, check byte ranges, signature, chain
// and timestamp), each beside the raw RSA-2048 signing rate of the same agency key in the same
// run (the floor of any signature). Uses the demo seed's citizen and SEGIP.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Deps } from '../src/platform/module.ts';
import { signingService } from '../src/platform/signing/index.ts';
import { issueCaseDocument, verifyByCode } from '../src/modules/documents/index.ts';
import { ratio } from './report.ts';
import { abba, runWriters } from './writers.ts';

export async function benchDocuments(input: { deps: Deps; seed: () => Promise<void>; seconds: number; maxOperations: number }) {
  const { deps } = input;
  const citizen = () => sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(deps.db);
  if ((await citizen()).rows.length === 0) await input.seed();
  const account = (await citizen()).rows[0];
  if (!account) throw new Error('the demo seed is needed (ciudadana@demo.tambo)');
  const agency = { code: 'SEGIP', name: (await sql<{ name: string }>`SELECT name FROM agencies.agency WHERE code = 'SEGIP'`.execute(deps.db)).rows[0]?.name ?? 'SEGIP' };
  const signer = signingService(deps);
  const issue = () =>
    issueCaseDocument(deps, {
      caseId: randomUUID(),
      procedureId: null,
      procedureName: 'Certificado de prueba',
      trackingCode: 'BENCH',
      accountId: account.id,
      agencyCode: agency.code,
      outcome: 'approved',
    });
  const first = await issue();
  if (!first) throw new Error('no document issued');
  const raw = (seconds: number) => runWriters({ writers: 2, seconds, maxOperations: input.maxOperations, write: () => signer.signRaw(Buffer.from(randomUUID()), agency) });
  const issuing = (seconds: number) => runWriters({ writers: 2, seconds, maxOperations: input.maxOperations, write: issue });
  const verifying = (seconds: number) => runWriters({ writers: 2, seconds, maxOperations: input.maxOperations, write: () => verifyByCode(deps, first.verificationCode) });
  await raw(0.5);
  await issuing(0.5);
  await verifying(0.5);
  const issued = await abba(input.seconds, raw, issuing);
  const verified = await abba(input.seconds, raw, verifying);
  const order = 'order baseline, Tambo, Tambo, baseline (half the time each)';
  return [
    {
      id: 'documents.issue',
      title: 'documents: issue a signed certificate',
      detail: `issueCaseDocument (render a tagged PDF with a QR, PAdES signature, RFC 3161 timestamp, file store, audited insert) against the raw RSA-2048 signature of the same agency key, 2 writers, ${input.seconds} s each; ${order}`,
      unit: 'documents',
      baseline: { label: 'raw RSA-2048 signature', ...issued.baseline },
      tambo: { label: 'documents issued', ...issued.subject },
      ratio: ratio(issued.subject.perSecond, issued.baseline.perSecond),
    },
    {
      id: 'documents.verify',
      title: 'documents: verify by code',
      detail: `verifyByCode (find, read the PDF, check byte ranges, CMS signature, chain to the root, timestamp, revocation) against the raw RSA-2048 signature of the same key, 2 writers, ${input.seconds} s each; ${order}`,
      unit: 'verifications',
      baseline: { label: 'raw RSA-2048 signature', ...verified.baseline },
      tambo: { label: 'verifications', ...verified.subject },
      ratio: ratio(verified.subject.perSecond, verified.baseline.perSecond),
    },
  ];
}
