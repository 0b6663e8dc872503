// The message log (docs/interoperability.md, "Message log and evidence"): each call leaves its
// request and response hashes; a job seals the completed messages in batches — the batch's
// JSON lines signed as a detached CMS (CAdES B-T) by the exchange's certificate and timestamped
// by the local RFC 3161 TSA, both through the platform's signing service. Per message, an
// evidence package (tar) an outsider verifies with `openssl cms -verify` and `openssl ts -verify`.
import { createHash } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { signingService } from '../../platform/signing/index.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { instanceOf } from './interop.types.ts';
import type { System } from './interop.service.ts';
import { findBatch, findMessage, insertBatch, type LoggedMessage, lockPendingMessages } from './message-log.queries.ts';
import { tarOf } from './tar.ts';

/** Whose certificate seals the log: the exchange itself (one certificate, made on first use). */
export const EXCHANGE_SIGNER = { code: 'XROAD', name: 'Tambo - Plataforma de Interoperabilidad' };
const BATCH_SIZE = 1000;

/** One line of a batch: the message's log entry, as canonical JSON (fixed key order). */
export function logLine(m: LoggedMessage): string {
  return JSON.stringify({
    id: m.id,
    xroadId: m.xroadId,
    client: m.client,
    service: m.service,
    method: m.method,
    path: m.path,
    userId: m.userId,
    issue: m.issue,
    requestHash: m.requestHash,
    responseHash: m.responseHash,
    status: m.status,
    createdAt: m.createdAt.toISOString(),
  });
}

/** Seals every completed message not yet sealed, in batches; answers how many were sealed. Parallel sealers take disjoint messages. */
export async function sealPendingBatches(deps: Pick<Deps, 'db' | 'config' | 'country'>): Promise<number> {
  const signing = signingService(deps);
  let sealed = 0;
  for (;;) {
    const count = await deps.db.transaction().execute(async (trx) => {
      const messages = await lockPendingMessages(trx, instanceOf(deps.country.code), BATCH_SIZE);
      if (messages.length === 0) return 0;
      const content = Buffer.from(`${messages.map(logLine).join('\n')}\n`, 'utf8');
      const [signature, timestampToken] = await Promise.all([signing.signDetached(content, EXCHANGE_SIGNER), signing.timestamp(createHash('sha256').update(content).digest())]);
      await insertBatch(trx, { id: uuidv7(), content, signature, timestampToken, messageIds: messages.map((m) => m.id) });
      return messages.length;
    });
    sealed += count;
    if (count < BATCH_SIZE) return sealed;
  }
}

const pem = (der: Buffer) =>
  `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;

const README = `Evidence of one message through the Tambo exchange.

message.json  the message's entry in the log (one line of batch.jsonl)
batch.jsonl   the batch of log entries it was sealed in
batch.p7s     detached CMS signature (DER) of batch.jsonl by the exchange's certificate
batch.tst     RFC 3161 timestamp token (DER) over the SHA-256 of batch.jsonl
root.pem      the trust anchor (also at /pki/raiz.crt); issuing.pem the issuing CA

Verify:
  openssl cms -verify -binary -inform DER -in batch.p7s -content batch.jsonl -CAfile root.pem -purpose any -out /dev/null
  openssl ts -verify -in batch.tst -token_in -data batch.jsonl -CAfile root.pem -untrusted issuing.pem
  grep -qxF "$(cat message.json)" batch.jsonl && echo "message in batch"
`;

/** The evidence package of a message, for its consumer or its producer; seals the pending batch first when the message is not sealed yet. */
export async function evidencePackage(deps: Pick<Deps, 'db' | 'config' | 'country'>, system: System, messageId: string): Promise<{ tar: Buffer; message: LoggedMessage }> {
  const instance = instanceOf(deps.country.code);
  let message = /^[0-9a-f-]{36}$/.test(messageId) ? await findMessage(deps.db, messageId, instance) : undefined;
  if (!message || (message.clientMember !== system.agencyCode && message.producerMember !== system.agencyCode)) throw new AppError('INTEROP_NOT_FOUND');
  if (!message.batchId) {
    await sealPendingBatches(deps);
    message = (await findMessage(deps.db, messageId, instance))!;
  }
  const batch = message.batchId ? await findBatch(deps.db, message.batchId) : undefined;
  if (!batch) throw new AppError('INTEROP_NOT_FOUND');
  const { root, issuing } = await signingService(deps).authorities();
  const tar = tarOf(
    [
      { name: 'README.txt', content: README },
      { name: 'message.json', content: `${logLine(message)}\n` },
      { name: 'batch.jsonl', content: batch.content },
      { name: 'batch.p7s', content: batch.signature },
      { name: 'batch.tst', content: batch.timestampToken },
      { name: 'root.pem', content: pem(root) },
      { name: 'issuing.pem', content: pem(issuing) },
    ],
    batch.sealedAt,
  );
  return { tar, message };
}
