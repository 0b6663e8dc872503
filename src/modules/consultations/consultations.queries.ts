// Every SQL statement on the consultations schema.
import { type Selectable, sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { ConsultationRow, ProposalRow, Tables } from './db.generated.ts';
import type { Consultation, Proposal, Unit } from './consultations.types.ts';

const rows = rowsInto<Tables>();
const q = (db: Queryable) => typed<Tables>(db);

function toConsultation(r: Selectable<ConsultationRow>): Consultation {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    description: r.description,
    countryProfile: r.country_profile,
    currency: r.currency as Consultation['currency'],
    ballotRule: r.ballot_rule as Consultation['ballotRule'],
    approvalMin: r.approval_min,
    approvalMax: r.approval_max,
    resultMethod: r.result_method as Consultation['resultMethod'],
    minLevel: r.min_level as Consultation['minLevel'],
    eligibility: r.eligibility as Consultation['eligibility'],
    allowRevote: r.allow_revote,
    proposalsOpenAt: r.proposals_open_at as Date,
    reviewOpenAt: r.review_open_at as Date,
    votingOpenAt: r.voting_open_at as Date,
    votingCloseAt: r.voting_close_at as Date,
    executionOpenAt: r.execution_open_at as Date,
    resultsPublishedAt: r.results_published_at as Date | null,
    isDemo: r.is_demo,
  };
}

function toProposal(r: Selectable<ProposalRow>): Proposal {
  return {
    id: r.id,
    seq: Number(r.seq),
    consultationId: r.consultation_id,
    unitCode: r.unit_code,
    title: r.title,
    description: r.description,
    costMinor: Number(r.cost_minor),
    lat: r.lat,
    lon: r.lon,
    executorTerritoryCode: r.executor_territory_code,
    proposedByCouncil: r.proposed_by_council,
    reviewStatus: r.review_status as Proposal['reviewStatus'],
    reviewReason: r.review_reason,
    createdAt: r.created_at as Date,
  };
}

export interface NewConsultation extends Omit<Consultation, 'resultsPublishedAt'> {
  units: Unit[];
}

export async function insertConsultationAudited(db: Queryable, c: NewConsultation, consequences: Pick<AuditedInsert<unknown>, 'audit'>): Promise<boolean> {
  const written = await auditedInsert(db, {
    insert: rows('consultations.consultation', {
      id: c.id,
      slug: c.slug,
      title: c.title,
      description: c.description,
      country_profile: c.countryProfile,
      currency: c.currency,
      ballot_rule: c.ballotRule,
      approval_min: c.approvalMin,
      approval_max: c.approvalMax,
      result_method: c.resultMethod,
      min_level: c.minLevel,
      eligibility: c.eligibility,
      allow_revote: c.allowRevote,
      proposals_open_at: c.proposalsOpenAt,
      review_open_at: c.reviewOpenAt,
      voting_open_at: c.votingOpenAt,
      voting_close_at: c.votingCloseAt,
      execution_open_at: c.executionOpenAt,
      results_published_at: null,
      agency_code: null,
      is_demo: c.isDemo,
      created_at: new Date(),
    }),
    onConflictDoNothing: true,
    also: [
      rows(
        'consultations.unit',
        c.units.map((u) => ({ consultation_id: c.id, code: u.code, layer_code: u.layerCode, name: u.name, budget_minor: u.budgetMinor })),
      ),
    ],
    ...consequences,
  });
  return written !== undefined;
}

export async function findConsultationRow(db: Queryable, idOrSlug: string): Promise<Consultation | undefined> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
  const row = await q(db)
    .selectFrom('consultations.consultation')
    .selectAll()
    .where(isUuid ? 'id' : 'slug', '=', idOrSlug)
    .executeTakeFirst();
  return row ? toConsultation(row) : undefined;
}

export async function listConsultationRows(db: Queryable): Promise<Consultation[]> {
  const found = await q(db).selectFrom('consultations.consultation').selectAll().orderBy('voting_open_at', 'desc').orderBy('slug').execute();
  return found.map(toConsultation);
}

export async function listUnitRows(db: Queryable, consultationId: string): Promise<Unit[]> {
  const found = await q(db).selectFrom('consultations.unit').selectAll().where('consultation_id', '=', consultationId).orderBy('name').execute();
  return found.map((u) => ({ code: u.code, layerCode: u.layer_code, name: u.name, budgetMinor: Number(u.budget_minor) }));
}

export async function listProposalRows(db: Queryable, consultationId: string): Promise<Proposal[]> {
  const found = await q(db).selectFrom('consultations.proposal').selectAll().where('consultation_id', '=', consultationId).orderBy('seq').execute();
  return found.map(toProposal);
}

export async function findProposalRow(db: Queryable, id: string): Promise<Proposal | undefined> {
  const row = await q(db).selectFrom('consultations.proposal').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toProposal(row) : undefined;
}

export async function insertProposalAudited(
  db: Queryable,
  p: Omit<Proposal, 'seq' | 'reviewStatus' | 'reviewReason' | 'createdAt'> & { submittedBy: string | null },
  consequences: Pick<AuditedInsert<unknown>, 'audit'>,
): Promise<void> {
  await auditedInsert(db, {
    insert: rows('consultations.proposal', {
      id: p.id,
      consultation_id: p.consultationId,
      unit_code: p.unitCode,
      title: p.title,
      description: p.description,
      cost_minor: p.costMinor,
      lat: p.lat,
      lon: p.lon,
      executor_territory_code: p.executorTerritoryCode,
      proposed_by_council: p.proposedByCouncil,
      submitted_by: p.submittedBy,
      review_status: 'pending',
      review_reason: null,
      reviewed_by: null,
      reviewed_at: null,
      created_at: new Date(),
    }),
    ...consequences,
  });
}

/** Records a review; true when it changed the proposal's (the same review again, even at once, changes nothing). */
export async function updateProposalReview(db: Queryable, id: string, review: { status: 'viable' | 'not_viable'; reason: string; by: string | null }): Promise<boolean> {
  const changed = await q(db)
    .updateTable('consultations.proposal')
    .set({ review_status: review.status, review_reason: review.reason, reviewed_by: review.by, reviewed_at: new Date() })
    .where('id', '=', id)
    .where(sql<boolean>`(review_status, review_reason) IS DISTINCT FROM (${review.status}, ${review.reason})`)
    .executeTakeFirst();
  return Number(changed.numUpdatedRows) > 0;
}

// ── Census ─────────────────────────────────────────────────────────────────────────────

export async function findCensusUnit(db: Queryable, consultationId: string, documentType: string, documentNumber: string): Promise<string | undefined> {
  const row = await q(db)
    .selectFrom('consultations.census')
    .select('unit_code')
    .where('consultation_id', '=', consultationId)
    .where('document_type', '=', documentType)
    .where('document_number', '=', documentNumber)
    .executeTakeFirst();
  return row?.unit_code;
}

export async function upsertCensusRows(db: Queryable, consultationId: string, entries: ReadonlyArray<{ documentType: string; documentNumber: string; unitCode: string }>): Promise<void> {
  if (entries.length === 0) return;
  await sql`
    INSERT INTO consultations.census (consultation_id, document_type, document_number, unit_code)
    SELECT ${consultationId}::uuid, e.document_type, e.document_number, e.unit_code
    FROM jsonb_to_recordset(${JSON.stringify(entries.map((e) => ({ document_type: e.documentType, document_number: e.documentNumber, unit_code: e.unitCode })))}::jsonb)
      AS e(document_type text, document_number text, unit_code text)
    ON CONFLICT (consultation_id, document_type, document_number) DO UPDATE SET unit_code = EXCLUDED.unit_code`.execute(db);
}

export async function insertCensusImport(db: Queryable, i: { id: string; consultationId: string; importedBy: string; accepted: number; rejected: unknown[] }): Promise<void> {
  await q(db)
    .insertInto('consultations.census_import')
    .values({ id: i.id, consultation_id: i.consultationId, imported_by: i.importedBy, accepted: i.accepted, rejected: JSON.stringify(i.rejected) })
    .execute();
}

// ── The poll book and the ballots ──────────────────────────────────────────────────────

export interface PollBookEntry {
  consultationId: string;
  documentType: string;
  documentNumber: string;
  accountId: string | null;
  unitCode: string;
  channel: 'online' | 'assembly';
  votedOn: string;
}

const pollBookRow = (e: PollBookEntry) => ({
  consultation_id: e.consultationId,
  document_type: e.documentType,
  document_number: e.documentNumber,
  account_id: e.accountId,
  unit_code: e.unitCode,
  channel: e.channel,
  voted_on: e.votedOn,
});

export interface InboxBallot {
  id: string;
  consultationId: string;
  unitCode: string;
  choices: string[];
  receiptId: string | null;
  keyHash: Buffer | null;
  commitment: string | null;
}

const inboxRow = (b: InboxBallot) => ({
  id: b.id,
  consultation_id: b.consultationId,
  unit_code: b.unitCode,
  choices: b.choices,
  receipt_id: b.receiptId,
  // jsonb carries bytea as PostgreSQL's hex text form.
  key_hash: b.keyHash ? `\\x${b.keyHash.toString('hex')}` : null,
  commitment: b.commitment,
});

/**
 * The poll-book row and the ballot in one statement: the poll book's primary key (one person,
 * one consultation) decides; a second ballot of the same person writes nothing and answers false.
 */
/** The stored dates say the voting is open at `at` (checked in the writing statement or transaction, never from a memo). */
const votingOpen = (consultationId: string, at: Date) =>
  sql<boolean>`EXISTS (SELECT 1 FROM consultations.consultation WHERE id = ${consultationId} AND voting_open_at <= ${at} AND voting_close_at > ${at})`;

/**
 * The poll-book row and the ballot in one statement, written only while the stored dates keep
 * the voting open at `at` (a close made after the caller read the consultation refuses it):
 * false when nothing was written (the person voted already, or the voting is not open).
 */
export async function castBallotAudited(db: Queryable, entry: PollBookEntry, ballot: InboxBallot, at: Date, consequences: Pick<AuditedInsert<unknown>, 'audit' | 'stats'>): Promise<boolean> {
  const written = await auditedInsert(db, {
    insert: rows('consultations.poll_book', pollBookRow(entry) as never),
    onConflictDoNothing: true,
    onlyIf: votingOpen(entry.consultationId, at),
    also: [rows('consultations.ballot_inbox', inboxRow(ballot) as never)],
    ...consequences,
  });
  return written !== undefined;
}

/** A ballot found by its receipt's key (in the inbox or already mixed). */
export async function findBallotByKey(db: Queryable, consultationId: string, hash: Buffer): Promise<{ receiptId: string; unitCode: string; choices: string[]; commitment: string } | undefined> {
  const found = await sql<{ receipt_id: string; unit_code: string; choices: string[]; commitment: string }>`
    SELECT receipt_id, unit_code, choices::text[] AS choices, commitment FROM consultations.ballot_inbox WHERE consultation_id = ${consultationId} AND key_hash = ${hash}
    UNION ALL
    SELECT receipt_id, unit_code, choices::text[] AS choices, commitment FROM consultations.ballot WHERE consultation_id = ${consultationId} AND key_hash = ${hash}`.execute(db);
  const row = found.rows[0];
  return row ? { receiptId: row.receipt_id, unitCode: row.unit_code, choices: row.choices, commitment: row.commitment } : undefined;
}

/**
 * Holds a receipt's changes one at a time until the caller's transaction ends: of identical
 * changes at once, each then deletes the ballot the one before wrote (never a unique violation
 * on the inbox's key, never two ballots for one receipt).
 */
export async function lockReceipt(db: Queryable, consultationId: string, hash: Buffer): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${consultationId} || ':' || encode(${hash}::bytea, 'hex'), 0))`.execute(db);
}

/** Whether the stored dates keep the voting open at `at` (inside a change's transaction). */
export async function isVotingOpen(db: Queryable, consultationId: string, at: Date): Promise<boolean> {
  const found = await sql<{ open: boolean }>`SELECT ${votingOpen(consultationId, at)} AS open`.execute(db);
  return found.rows[0]?.open === true;
}

/** Removes the ballot of a receipt (in the inbox or mixed); the caller's transaction then writes its replacement. */
export async function deleteBallotByKey(db: Queryable, consultationId: string, hash: Buffer): Promise<void> {
  await sql`DELETE FROM consultations.ballot WHERE consultation_id = ${consultationId} AND key_hash = ${hash}`.execute(db);
  await sql`DELETE FROM consultations.ballot_inbox WHERE consultation_id = ${consultationId} AND key_hash = ${hash}`.execute(db);
}

/** A ballot into the inbox (a replacement: the last ballot counts). */
export async function insertInboxBallot(db: Queryable, ballot: InboxBallot): Promise<void> {
  await q(db)
    .insertInto('consultations.ballot_inbox')
    .values(inboxRow(ballot) as never)
    .execute();
}

/**
 * Mixing: moves every ballot waiting in the inbox into `ballot` in random order, in one
 * transaction, so that they share one transaction id and their physical order is random.
 */
export async function mixInbox(db: Queryable): Promise<number> {
  const moved = await sql`
    WITH moved AS (DELETE FROM consultations.ballot_inbox RETURNING *)
    INSERT INTO consultations.ballot (id, consultation_id, unit_code, choices, receipt_id, key_hash, commitment)
    SELECT gen_random_uuid(), consultation_id, unit_code, choices, receipt_id, key_hash, commitment FROM moved ORDER BY random()`.execute(db);
  return Number(moved.numAffectedRows ?? 0);
}

export async function insertPaperBallots(db: Queryable, consultationId: string, unitCode: string, ballots: readonly string[][]): Promise<void> {
  if (ballots.length === 0) return;
  await sql`
    INSERT INTO consultations.ballot (id, consultation_id, unit_code, choices)
    SELECT gen_random_uuid(), ${consultationId}::uuid, ${unitCode}, ARRAY(SELECT jsonb_array_elements_text(b))::uuid[]
    FROM jsonb_array_elements(${JSON.stringify(ballots)}::jsonb) AS b ORDER BY random()`.execute(db);
}

/** Marks every attendee of an assembly in the poll book; answers those already there (nothing is then written by the caller's transaction). */
export async function markAssemblyAttendees(db: Queryable, entries: readonly PollBookEntry[]): Promise<Array<{ documentType: string; documentNumber: string }>> {
  const inserted = await q(db)
    .insertInto('consultations.poll_book')
    .values(entries.map((e) => pollBookRow(e) as never))
    .onConflict((oc) => oc.doNothing())
    .returning(['document_type', 'document_number'])
    .execute();
  const written = new Set(inserted.map((r) => `${r.document_type}|${r.document_number}`));
  return entries.filter((e) => !written.has(`${e.documentType}|${e.documentNumber}`)).map((e) => ({ documentType: e.documentType, documentNumber: e.documentNumber }));
}

export async function insertAssembly(
  db: Queryable,
  a: { id: string; consultationId: string; unitCode: string; heldOn: string; attendees: number; ballots: number; recordedBy: string },
): Promise<void> {
  await q(db)
    .insertInto('consultations.assembly')
    .values({ id: a.id, consultation_id: a.consultationId, unit_code: a.unitCode, held_on: a.heldOn, attendees: a.attendees, ballots: a.ballots, recorded_by: a.recordedBy } as never)
    .execute();
}

/** The anonymous ballots of a consultation (mixed ones only), in the table's order (random). */
export async function listBallots(db: Queryable, consultationId: string): Promise<Array<{ unitCode: string; choices: string[] }>> {
  const found = await sql<{ unit_code: string; choices: string[] }>`
    SELECT unit_code, choices::text[] AS choices FROM consultations.ballot WHERE consultation_id = ${consultationId} ORDER BY bucket, id`.execute(db);
  return found.rows.map((r) => ({ unitCode: r.unit_code, choices: r.choices }));
}

/** The ballots grouped: each distinct set of choices of a unit once, with how many ballots hold it (what the results need). */
export async function listBallotGroups(db: Queryable, consultationId: string): Promise<Array<{ unitCode: string; choices: string[]; weight: number }>> {
  const found = await sql<{ unit_code: string; choices: string; weight: number }>`
    SELECT unit_code, array_to_string(choices, ',') AS choices, count(*)::int AS weight
    FROM consultations.ballot WHERE consultation_id = ${consultationId} GROUP BY unit_code, choices`.execute(db);
  return found.rows.map((r) => ({ unitCode: r.unit_code, choices: r.choices === '' ? [] : r.choices.split(','), weight: r.weight }));
}

/** The published receipt list: receipt id → commitment, ordered by receipt id. */
export async function listReceipts(db: Queryable, consultationId?: string): Promise<Array<{ consultationId: string; receiptId: string; commitment: string }>> {
  const found = await sql<{ consultation_id: string; receipt_id: string; commitment: string }>`
    SELECT consultation_id, receipt_id, commitment FROM (
      SELECT consultation_id, receipt_id, commitment FROM consultations.ballot WHERE receipt_id IS NOT NULL
      UNION ALL SELECT consultation_id, receipt_id, commitment FROM consultations.ballot_inbox WHERE receipt_id IS NOT NULL) r
    WHERE ${consultationId ?? null}::uuid IS NULL OR consultation_id = ${consultationId ?? null}::uuid
    ORDER BY consultation_id, receipt_id`.execute(db);
  return found.rows.map((r) => ({ consultationId: r.consultation_id, receiptId: r.receipt_id, commitment: r.commitment }));
}

// ── Results ────────────────────────────────────────────────────────────────────────────

export async function markResultsPublished(
  db: Queryable,
  consultationId: string,
  results: ReadonlyArray<{ proposalId: string; unitCode: string; votes: number; funded: boolean; rank: number }>,
): Promise<boolean> {
  const updated = await sql`UPDATE consultations.consultation SET results_published_at = now() WHERE id = ${consultationId} AND results_published_at IS NULL`.execute(db);
  if (Number(updated.numAffectedRows ?? 0) === 0) return false;
  if (results.length > 0) {
    await q(db)
      .insertInto('consultations.result')
      .values(results.map((r) => ({ consultation_id: consultationId, proposal_id: r.proposalId, unit_code: r.unitCode, votes: r.votes, funded: r.funded, rank: r.rank })))
      .execute();
  }
  return true;
}

export async function listResultRows(db: Queryable, consultationId: string): Promise<Array<{ proposalId: string; unitCode: string; votes: number; funded: boolean; rank: number }>> {
  const found = await q(db).selectFrom('consultations.result').selectAll().where('consultation_id', '=', consultationId).orderBy('unit_code').orderBy('rank').execute();
  return found.map((r) => ({ proposalId: r.proposal_id, unitCode: r.unit_code, votes: r.votes, funded: r.funded, rank: r.rank }));
}

// ── What the poll book says of a person ("Mis datos") ─────────────────────────────────

/** The proposals a person submitted, with their review ("Mis datos"). */
export async function listProposalsOf(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  const found = await sql<Record<string, unknown>>`
    SELECT c.title AS consultation, p.unit_code, p.title, p.description, p.cost_minor, p.review_status, p.review_reason,
           to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at
    FROM consultations.proposal p JOIN consultations.consultation c ON c.id = p.consultation_id
    WHERE p.submitted_by = ${accountId} ORDER BY p.created_at DESC`.execute(db);
  return found.rows;
}

export async function listPollBookOf(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  const found = await sql<Record<string, unknown>>`
    SELECT c.title AS consultation, p.unit_code, p.channel, to_char(p.voted_on, 'YYYY-MM-DD') AS voted_on
    FROM consultations.poll_book p JOIN consultations.consultation c ON c.id = p.consultation_id
    WHERE p.account_id = ${accountId} ORDER BY p.voted_on DESC, c.title`.execute(db);
  return found.rows;
}

export async function hasVoted(db: Queryable, consultationId: string, documentType: string, documentNumber: string): Promise<boolean> {
  const row = await q(db)
    .selectFrom('consultations.poll_book')
    .select('channel')
    .where('consultation_id', '=', consultationId)
    .where('document_type', '=', documentType)
    .where('document_number', '=', documentNumber)
    .executeTakeFirst();
  return row !== undefined;
}
