// Every SQL statement on the peace_justice schema.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { Entry, EntryKind, Kind, Mediation, Party } from './peace-justice.types.ts';

interface MediationRow {
  id: string;
  code: string;
  kind: string;
  subject: string;
  territory_code: string;
  territory_path: string[];
  requester_account_id: string;
  requester_council: string | null;
  status: Mediation['status'];
  outcome: Mediation['outcome'];
  referred_to: string | null;
  referral_reason: string | null;
  justice_account_id: string | null;
  act_text: string | null;
  act_recorded_at: Date | null;
  created_at: Date;
  closed_at: Date | null;
}
const toMediation = (r: MediationRow): Mediation => ({
  id: r.id,
  code: r.code,
  kind: r.kind,
  subject: r.subject,
  territoryCode: r.territory_code,
  territoryPath: r.territory_path,
  requesterAccountId: r.requester_account_id,
  requesterCouncil: r.requester_council,
  status: r.status,
  outcome: r.outcome,
  referredTo: r.referred_to,
  referralReason: r.referral_reason,
  justiceAccountId: r.justice_account_id,
  actText: r.act_text,
  actRecordedAt: r.act_recorded_at,
  createdAt: r.created_at,
  closedAt: r.closed_at,
});

interface PartyRow {
  id: string;
  mediation_id: string;
  position: number;
  account_id: string | null;
  name: string;
  document_number: string | null;
  accepted_at: Date | null;
  accepted_via: Party['acceptedVia'];
  document_id: string | null;
  follow_code: string | null;
}
const toParty = (r: PartyRow): Party => ({
  id: r.id,
  mediationId: r.mediation_id,
  position: r.position,
  accountId: r.account_id,
  name: r.name,
  documentNumber: r.document_number,
  acceptedAt: r.accepted_at,
  acceptedVia: r.accepted_via,
  documentId: r.document_id,
  followCode: r.follow_code,
});

export async function listKinds(db: Queryable): Promise<Kind[]> {
  const { rows } = await sql<Kind>`SELECT code, mediable, authority FROM peace_justice.kind ORDER BY position`.execute(db);
  return rows;
}

export interface NewMediation extends Pick<Mediation, 'id' | 'code' | 'kind' | 'subject' | 'territoryCode' | 'territoryPath' | 'requesterAccountId' | 'requesterCouncil'> {
  referral: { to: string; reason: string } | null;
  parties: Array<{ id: string; position: number; accountId: string | null; name: string; documentNumber: string | null; followCode: string | null }>;
}

export async function insertMediation(db: Queryable, m: NewMediation): Promise<void> {
  await sql`INSERT INTO peace_justice.mediation (id, code, kind, subject, territory_code, territory_path, requester_account_id, requester_council, status, outcome, referred_to, referral_reason, closed_at)
    VALUES (${m.id}, ${m.code}, ${m.kind}, ${m.subject}, ${m.territoryCode}, ${m.territoryPath}::text[], ${m.requesterAccountId}, ${m.requesterCouncil},
      ${m.referral ? 'referred' : 'requested'}, ${m.referral ? 'referred' : null}, ${m.referral?.to ?? null}, ${m.referral?.reason ?? null}, ${m.referral ? sql`now()` : null})`.execute(db);
  for (const p of m.parties) {
    await sql`INSERT INTO peace_justice.party (id, mediation_id, position, account_id, name, document_number, follow_code)
      VALUES (${p.id}, ${m.id}, ${p.position}, ${p.accountId}, ${p.name}, ${p.documentNumber}, ${p.followCode})`.execute(db);
  }
}

export async function findMediation(db: Queryable, id: string, lock = false): Promise<Mediation | undefined> {
  const { rows } = await sql<MediationRow>`SELECT * FROM peace_justice.mediation WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  return rows[0] ? toMediation(rows[0]) : undefined;
}

export async function findMediationByCode(db: Queryable, code: string): Promise<Mediation | undefined> {
  const { rows } = await sql<MediationRow>`SELECT * FROM peace_justice.mediation WHERE code = ${code}`.execute(db);
  return rows[0] ? toMediation(rows[0]) : undefined;
}

export async function findParties(db: Queryable, mediationId: string): Promise<Party[]> {
  const { rows } = await sql<PartyRow>`SELECT id, mediation_id, position, account_id, name, document_number, accepted_at, accepted_via, document_id, follow_code
    FROM peace_justice.party WHERE mediation_id = ${mediationId} ORDER BY position`.execute(db);
  return rows.map(toParty);
}

export async function findPartyByFollowCode(db: Queryable, mediationId: string, code: string): Promise<Party | undefined> {
  const { rows } = await sql<PartyRow>`SELECT id, mediation_id, position, account_id, name, document_number, accepted_at, accepted_via, document_id, follow_code
    FROM peace_justice.party WHERE mediation_id = ${mediationId} AND follow_code = ${code}`.execute(db);
  return rows[0] ? toParty(rows[0]) : undefined;
}

export async function findEntries(db: Queryable, mediationId: string): Promise<Entry[]> {
  const { rows } = await sql<Entry>`SELECT id, kind, text, data, at FROM peace_justice.entry WHERE mediation_id = ${mediationId} ORDER BY id`.execute(db);
  return rows;
}

export async function insertEntry(db: Queryable, mediationId: string, kind: EntryKind, actorAccountId: string | null, text: string | null = null, data: Record<string, unknown> = {}): Promise<void> {
  await sql`INSERT INTO peace_justice.entry (mediation_id, kind, text, data, actor_account_id) VALUES (${mediationId}, ${kind}, ${text}, ${JSON.stringify(data)}::jsonb, ${actorAccountId})`.execute(
    db,
  );
}

/** The cases a person is a party to, and those of the territories where they are a justice (by path). */
export async function findMediationsOf(db: Queryable, accountId: string, justiceTerritories: string[]): Promise<Mediation[]> {
  const { rows } = await sql<MediationRow>`SELECT m.* FROM peace_justice.mediation m
    WHERE EXISTS (SELECT 1 FROM peace_justice.party p WHERE p.mediation_id = m.id AND p.account_id = ${accountId})
       OR m.territory_path && ${justiceTerritories}::text[]
    ORDER BY m.created_at DESC LIMIT 200`.execute(db);
  return rows.map(toMediation);
}

export async function updateMediation(
  db: Queryable,
  id: string,
  change: Partial<{ status: Mediation['status']; outcome: Mediation['outcome']; referredTo: string; referralReason: string; justiceAccountId: string; actText: string; closed: boolean }>,
): Promise<void> {
  await sql`UPDATE peace_justice.mediation SET
      status = coalesce(${change.status ?? null}, status),
      outcome = coalesce(${change.outcome ?? null}, outcome),
      referred_to = coalesce(${change.referredTo ?? null}, referred_to),
      referral_reason = coalesce(${change.referralReason ?? null}, referral_reason),
      justice_account_id = coalesce(${change.justiceAccountId ?? null}::uuid, justice_account_id),
      act_text = coalesce(${change.actText ?? null}, act_text),
      act_recorded_at = CASE WHEN ${change.actText ?? null}::text IS NULL THEN act_recorded_at ELSE now() END,
      closed_at = CASE WHEN ${change.closed ?? false} THEN now() ELSE closed_at END
    WHERE id = ${id}`.execute(db);
}

/** Marks a party's acceptance; false when it had already accepted (a repeated or parallel acceptance). */
export async function acceptParty(db: Queryable, partyId: string, via: 'online' | 'in_person'): Promise<boolean> {
  const { rows } = await sql`UPDATE peace_justice.party SET accepted_at = now(), accepted_via = ${via} WHERE id = ${partyId} AND accepted_at IS NULL RETURNING id`.execute(db);
  return rows.length === 1;
}

export async function setPartyDocument(db: Queryable, partyId: string, documentId: string): Promise<void> {
  await sql`UPDATE peace_justice.party SET document_id = ${documentId} WHERE id = ${partyId} AND document_id IS NULL`.execute(db);
}

/** What the module holds about a person: the cases they are a party to (for "Mis datos"). */
export async function findPartyRecordsOf(db: Queryable, accountId: string): Promise<Array<{ code: string; kind: string; status: string; created_at: string }>> {
  const { rows } = await sql<{
    code: string;
    kind: string;
    status: string;
    created_at: string;
  }>`SELECT m.code, m.kind, m.status, to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at
    FROM peace_justice.party p JOIN peace_justice.mediation m ON m.id = p.mediation_id WHERE p.account_id = ${accountId} ORDER BY m.created_at`.execute(db);
  return rows;
}
