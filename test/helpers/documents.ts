// The `cases.decided` event of an approval as the back office emits it, for the demo citizen
// (ciudadana@demo.tambo): what makes the documents module issue a case's certificate.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Queryable } from '../../src/platform/db/index.ts';
import { emitEvent } from '../../src/platform/events/outbox.ts';

/** Emits the approval of a new case of the procedure (null: none, the default template) and answers the case's id; drain the app to issue. */
export async function emitDemoApproval(db: Queryable, input: { agencyCode: string; procedureId: string | null; procedureName: string }): Promise<string> {
  const account = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(db)).rows[0]!;
  const caseId = randomUUID();
  await emitEvent(db, 'cases.decided', {
    caseId,
    procedureId: input.procedureId,
    accountId: account.id,
    trackingCode: `T-${caseId.slice(0, 8)}`,
    procedureName: input.procedureName,
    agencyCode: input.agencyCode,
    outcome: 'approved',
    tacit: null,
    expired: false,
    reason: null,
  });
  return caseId;
}
