// Every SQL statement on the procurement schema.
import { sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';
import type { Release } from './ocds.ts';
import type { Complaint, ComplaintOutcome, Contract, Offer, Outcome, Question, Reservation, SupplierKind, Tender, TenderStatus, Transaction } from './procurement.types.ts';

const rows = rowsInto<Tables>();
type Consequences = Pick<AuditedInsert<unknown>, 'audit' | 'events' | 'stats'>;

// biome-ignore lint/suspicious/noExplicitAny: rows as PostgreSQL answers them, mapped right here
type Row = Record<string, any>;
const day = (d: Date | string | null): string | null => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

const toTender = (r: Row): Tender => ({
  id: r.id,
  ocid: r.ocid,
  agencyCode: r.agency_code,
  createdBy: r.created_by,
  title: r.title,
  description: r.description,
  cpvCode: r.cpv_code,
  quantity: Number(r.quantity),
  unit: r.unit,
  territoryCode: r.territory_code,
  deliveryPlace: r.delivery_place,
  deliveryDate: day(r.delivery_date)!,
  referenceAmount: Number(r.reference_amount),
  currency: r.currency,
  reserved: r.reserved as Reservation,
  rule: r.rule as Tender['rule'],
  priceWeight: r.price_weight === undefined ? 100 : Number(r.price_weight),
  criteria: r.criteria ?? [],
  publishedAt: r.published_at,
  deadline: r.deadline,
  publicKey: r.public_key,
  openedAt: r.opened_at,
  awardedOfferId: r.awarded_offer_id,
  awardRound: r.award_round,
  standstillEndsAt: r.standstill_ends_at,
  status: r.status as TenderStatus,
});
const TENDER = sql`id, ocid, agency_code, created_by, title, description, cpv_code, quantity, unit, territory_code, delivery_place, delivery_date::text AS delivery_date,
  reference_amount, currency, reserved, rule, price_weight, criteria, published_at, deadline, public_key, opened_at, awarded_offer_id, award_round, standstill_ends_at, status`;

const toOffer = (r: Row): Offer => ({
  id: r.id,
  tenderId: r.tender_id,
  supplierKey: r.supplier_key,
  supplierName: r.supplier_name,
  supplierKind: r.supplier_kind as SupplierKind,
  submittedBy: r.submitted_by,
  sha256: r.sha256,
  timestampToken: r.timestamp_token,
  receivedAt: r.received_at,
  amount: r.amount === null ? null : Number(r.amount),
  deliveryDate: day(r.delivery_date),
  outcome: r.outcome as Outcome | null,
  reason: r.reason,
  points: r.points === null || r.points === undefined ? null : Number(r.points),
});
/** Never the envelope: it is read only by the opening act (`sealedOffers`). */
const OFFER = sql`id, tender_id, supplier_key, supplier_name, supplier_kind, submitted_by, sha256, timestamp_token, received_at, amount, delivery_date::text AS delivery_date, outcome, reason, points`;

export async function insertTenderAudited(db: Queryable, t: Tender, release: Release, consequences: Consequences): Promise<void> {
  await auditedInsert(db, {
    insert: rows('procurement.tender', {
      id: t.id,
      ocid: t.ocid,
      agency_code: t.agencyCode,
      created_by: t.createdBy,
      title: t.title,
      description: t.description,
      cpv_code: t.cpvCode,
      quantity: t.quantity,
      unit: t.unit,
      territory_code: t.territoryCode,
      delivery_place: t.deliveryPlace,
      delivery_date: t.deliveryDate,
      reference_amount: t.referenceAmount,
      currency: t.currency,
      reserved: t.reserved,
      rule: t.rule,
      price_weight: t.priceWeight,
      criteria: t.criteria as never,
      published_at: t.publishedAt,
      deadline: t.deadline,
      public_key: t.publicKey,
    }),
    also: [rows('procurement.release', { id: release.id, ocid: release.ocid, date: release.date, tag: release.tag, body: release as unknown as Record<string, never> })],
    ...consequences,
  });
}

export async function findTender(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<Tender | undefined> {
  const { rows: found } = await sql<Row>`SELECT ${TENDER} FROM procurement.tender WHERE id = ${id} ${options.forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db);
  return found[0] ? toTender(found[0]) : undefined;
}

export interface TenderFilter {
  q?: string;
  agency?: string;
  cpv?: string;
  territory?: string;
  supplier?: string;
}

export async function searchTenders(db: Queryable, f: TenderFilter, limit = 100): Promise<Tender[]> {
  const conditions = [sql`true`];
  if (f.q) conditions.push(sql`(title ILIKE ${`%${f.q}%`} OR description ILIKE ${`%${f.q}%`})`);
  if (f.agency) conditions.push(sql`agency_code = ${f.agency}`);
  if (f.cpv) conditions.push(sql`cpv_code = ${f.cpv}`);
  if (f.territory) conditions.push(sql`territory_code LIKE ${`${f.territory}%`}`);
  if (f.supplier) conditions.push(sql`id IN (SELECT tender_id FROM procurement.offer WHERE supplier_key = ${f.supplier} AND outcome IS NOT NULL)`);
  const { rows: found } = await sql<Row>`SELECT ${TENDER} FROM procurement.tender WHERE ${sql.join(conditions, sql` AND `)} ORDER BY published_at DESC, id LIMIT ${limit}`.execute(db);
  return found.map(toTender);
}

export async function insertOfferAudited(
  db: Queryable,
  o: Omit<Offer, 'amount' | 'deliveryDate' | 'outcome' | 'reason' | 'receivedAt' | 'points'> & { sealed: string; receivedAt: Date },
  consequences: Consequences,
): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('procurement.offer', {
      id: o.id,
      tender_id: o.tenderId,
      supplier_key: o.supplierKey,
      supplier_name: o.supplierName,
      supplier_kind: o.supplierKind,
      submitted_by: o.submittedBy,
      sealed: o.sealed,
      sha256: o.sha256,
      timestamp_token: o.timestampToken,
      received_at: o.receivedAt,
    }),
    onConflictDoNothing: true,
    ...consequences,
  });
  return row !== undefined;
}

export async function listOffers(db: Queryable, tenderId: string): Promise<Offer[]> {
  const { rows: found } = await sql<Row>`SELECT ${OFFER} FROM procurement.offer WHERE tender_id = ${tenderId} ORDER BY points DESC NULLS LAST, amount NULLS LAST, received_at, id`.execute(db);
  return found.map(toOffer);
}

export async function countOffers(db: Queryable, tenderId: string): Promise<number> {
  const { rows: found } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM procurement.offer WHERE tender_id = ${tenderId}`.execute(db);
  return found[0]?.n ?? 0;
}

export async function findOfferOf(db: Queryable, tenderId: string, supplierKeys: string[]): Promise<Offer | undefined> {
  if (supplierKeys.length === 0) return undefined;
  const { rows: found } = await sql<Row>`SELECT ${OFFER} FROM procurement.offer WHERE tender_id = ${tenderId} AND supplier_key = ANY(${supplierKeys}::text[]) ORDER BY received_at LIMIT 1`.execute(db);
  return found[0] ? toOffer(found[0]) : undefined;
}

/** The envelopes, for the opening act only. */
export async function sealedOffers(trx: Queryable, tenderId: string): Promise<Array<{ id: string; supplierKey: string; sealed: string }>> {
  const { rows: found } = await sql<Row>`SELECT id, supplier_key, sealed FROM procurement.offer WHERE tender_id = ${tenderId} ORDER BY received_at, id`.execute(trx);
  return found.map((r) => ({ id: r.id, supplierKey: r.supplier_key, sealed: r.sealed }));
}

export async function writeEvaluation(trx: Queryable, id: string, e: { amount: number; deliveryDate: string; outcome: Outcome; reason: string }): Promise<void> {
  await sql`UPDATE procurement.offer SET amount = ${e.amount}, delivery_date = ${e.deliveryDate}, outcome = ${e.outcome}, reason = ${e.reason} WHERE id = ${id}`.execute(trx);
}

export async function writeOpening(trx: Queryable, id: string, o: { openedBy: string; awardedOfferId: string | null; standstillEndsAt: Date | null; status: TenderStatus }): Promise<void> {
  await sql`UPDATE procurement.tender SET opened_at = now(), opened_by = ${o.openedBy}, awarded_offer_id = ${o.awardedOfferId},
    standstill_ends_at = ${o.standstillEndsAt}, status = ${o.status} WHERE id = ${id}`.execute(trx);
}

export async function setTenderStatus(trx: Queryable, id: string, status: TenderStatus): Promise<void> {
  await sql`UPDATE procurement.tender SET status = ${status} WHERE id = ${id}`.execute(trx);
}

export async function insertRelease(trx: Queryable, release: Release): Promise<void> {
  await sql`INSERT INTO procurement.release (id, ocid, date, tag, body) VALUES (${release.id}, ${release.ocid}, ${release.date}, ${release.tag}::text[], ${JSON.stringify(release)}::jsonb)`.execute(
    trx,
  );
}

/** Releases by date (then id), after a cursor, at most `limit`. */
export async function pageReleases(db: Queryable, p: { since?: Date; after?: { date: Date; id: string }; until?: Date; ocid?: string; limit: number }): Promise<Release[]> {
  const conditions = [sql`true`];
  if (p.since) conditions.push(sql`date >= ${p.since}`);
  if (p.until) conditions.push(sql`date < ${p.until}`);
  if (p.after) conditions.push(sql`(date, id) > (${p.after.date}, ${p.after.id})`);
  if (p.ocid) conditions.push(sql`ocid = ${p.ocid}`);
  const { rows: found } = await sql<{ body: Release }>`SELECT body FROM procurement.release WHERE ${sql.join(conditions, sql` AND `)} ORDER BY date, id LIMIT ${p.limit}`.execute(db);
  return found.map((r) => r.body);
}

/** Processes by the date of their latest release, after a cursor: the record packages' pages. */
export async function pageProcesses(db: Queryable, p: { since?: Date; after?: { date: Date; ocid: string }; limit: number }): Promise<Array<{ ocid: string; date: Date }>> {
  const conditions = [sql`true`];
  if (p.since) conditions.push(sql`last >= ${p.since}`);
  if (p.after) conditions.push(sql`(last, ocid) > (${p.after.date}, ${p.after.ocid})`);
  const { rows: found } = await sql<{ ocid: string; last: Date }>`SELECT ocid, last FROM (SELECT ocid, max(date) AS last FROM procurement.release GROUP BY ocid) p
    WHERE ${sql.join(conditions, sql` AND `)} ORDER BY last, ocid LIMIT ${p.limit}`.execute(db);
  return found.map((r) => ({ ocid: r.ocid, date: r.last }));
}

export async function releasesOf(db: Queryable, ocids: string[]): Promise<Release[]> {
  if (ocids.length === 0) return [];
  const { rows: found } = await sql<{ body: Release }>`SELECT body FROM procurement.release WHERE ocid = ANY(${ocids}::text[]) ORDER BY date, id`.execute(db);
  return found.map((r) => r.body);
}

export async function insertQuestion(trx: Queryable, q: { id: string; tenderId: string; askedBy: string; body: string }): Promise<void> {
  await sql`INSERT INTO procurement.question (id, tender_id, asked_by, body) VALUES (${q.id}, ${q.tenderId}, ${q.askedBy}, ${q.body})`.execute(trx);
}

export async function answerQuestion(trx: Queryable, id: string, tenderId: string, answer: string): Promise<boolean> {
  const r = await sql`UPDATE procurement.question SET answer = ${answer}, answered_at = now() WHERE id = ${id} AND tender_id = ${tenderId} AND answer IS NULL`.execute(trx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function listQuestions(db: Queryable, tenderId: string): Promise<Question[]> {
  const { rows: found } = await sql<Row>`SELECT id, tender_id, body, asked_at, answer, answered_at FROM procurement.question WHERE tender_id = ${tenderId} ORDER BY asked_at, id`.execute(db);
  return found.map((r) => ({ id: r.id, tenderId: r.tender_id, body: r.body, askedAt: r.asked_at, answer: r.answer, answeredAt: r.answered_at }));
}

/** A complaint against the current award; false when the unit has already complained against it. */
export async function insertComplaint(trx: Queryable, c: Omit<Complaint, 'outcome' | 'resolution' | 'resolvedAt'>): Promise<boolean> {
  const r = await sql`INSERT INTO procurement.complaint (id, tender_id, offer_id, award_offer_id, filed_by, body, filed_at, due_at)
    VALUES (${c.id}, ${c.tenderId}, ${c.offerId}, ${c.awardOfferId}, ${c.filedBy}, ${c.body}, ${c.filedAt}, ${c.dueAt}) ON CONFLICT (offer_id, award_offer_id) DO NOTHING`.execute(trx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

const COMPLAINT = sql`id, tender_id, offer_id, award_offer_id, filed_by, body, filed_at, due_at, outcome, resolution, resolved_at`;
const toComplaint = (r: Row): Complaint => ({
  id: r.id,
  tenderId: r.tender_id,
  offerId: r.offer_id,
  awardOfferId: r.award_offer_id,
  filedBy: r.filed_by,
  body: r.body,
  filedAt: r.filed_at,
  dueAt: r.due_at,
  outcome: r.outcome,
  resolution: r.resolution,
  resolvedAt: r.resolved_at,
});

export async function listComplaints(db: Queryable, tenderId: string): Promise<Complaint[]> {
  const { rows: found } = await sql<Row>`SELECT ${COMPLAINT} FROM procurement.complaint WHERE tender_id = ${tenderId} ORDER BY filed_at, id`.execute(db);
  return found.map(toComplaint);
}

/** The entity's answer, once: the complaint as it was before, or undefined when it is not pending (or not of this process). */
export async function answerComplaint(trx: Queryable, a: { id: string; tenderId: string; outcome: ComplaintOutcome; resolution: string; resolvedBy: string }): Promise<Complaint | undefined> {
  const { rows: found } = await sql<Row>`UPDATE procurement.complaint SET outcome = ${a.outcome}, resolution = ${a.resolution}, resolved_by = ${a.resolvedBy}, resolved_at = now()
    WHERE id = ${a.id} AND tender_id = ${a.tenderId} AND resolved_at IS NULL RETURNING ${COMPLAINT}`.execute(trx);
  return found[0] ? toComplaint(found[0]) : undefined;
}

export async function countPendingComplaints(db: Queryable, tenderId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM procurement.complaint WHERE tender_id = ${tenderId} AND resolved_at IS NULL`.execute(db);
  return rows[0]!.n;
}

/** An upheld complaint annuls the award: the winner disqualified, the next award (or none) written. */
export async function writeReaward(
  trx: Queryable,
  tenderId: string,
  r: { annulledOfferId: string; awardedOfferId: string | null; reason?: string; standstillEndsAt: Date | null; status: TenderStatus },
): Promise<void> {
  await sql`UPDATE procurement.offer SET outcome = 'disqualified', reason = 'complaint_upheld' WHERE id = ${r.annulledOfferId}`.execute(trx);
  if (r.awardedOfferId) await sql`UPDATE procurement.offer SET outcome = 'winner', reason = ${r.reason ?? 'lowest_price'} WHERE id = ${r.awardedOfferId}`.execute(trx);
  await sql`UPDATE procurement.tender SET awarded_offer_id = ${r.awardedOfferId}, standstill_ends_at = ${r.standstillEndsAt}, status = ${r.status},
    award_round = award_round + 1 WHERE id = ${tenderId}`.execute(trx);
}

const toContract = (r: Row): Contract => ({
  id: r.id,
  tenderId: r.tender_id,
  offerId: r.offer_id,
  amount: Number(r.amount),
  documentNumber: r.document_number,
  verificationCode: r.verification_code,
  signedAt: r.signed_at,
  acceptedAt: r.accepted_at,
});

export async function insertContract(trx: Queryable, c: Contract & { signedBy: string }): Promise<void> {
  await sql`INSERT INTO procurement.contract (id, tender_id, offer_id, amount, document_number, verification_code, signed_at, signed_by)
    VALUES (${c.id}, ${c.tenderId}, ${c.offerId}, ${c.amount}, ${c.documentNumber}, ${c.verificationCode}, ${c.signedAt}, ${c.signedBy})`.execute(trx);
}

export async function findContract(db: Queryable, tenderId: string): Promise<Contract | undefined> {
  const { rows: found } = await sql<Row>`SELECT * FROM procurement.contract WHERE tender_id = ${tenderId}`.execute(db);
  return found[0] ? toContract(found[0]) : undefined;
}

export async function acceptContract(trx: Queryable, id: string, accountId: string): Promise<Date | undefined> {
  const { rows: found } = await sql<{
    accepted_at: Date;
  }>`UPDATE procurement.contract SET accepted_at = now(), accepted_by = ${accountId} WHERE id = ${id} AND accepted_at IS NULL RETURNING accepted_at`.execute(trx);
  return found[0]?.accepted_at;
}

export async function insertTransaction(trx: Queryable, x: Transaction & { recordedBy: string }): Promise<void> {
  await sql`INSERT INTO procurement.transaction (id, contract_id, kind, amount, on_date, note, recorded_by) VALUES (${x.id}, ${x.contractId}, ${x.kind}, ${x.amount}, ${x.onDate}, ${x.note}, ${x.recordedBy})`.execute(
    trx,
  );
}

export async function listTransactions(db: Queryable, contractId: string): Promise<Transaction[]> {
  const { rows: found } =
    await sql<Row>`SELECT id, contract_id, kind, amount, on_date::text AS on_date, note FROM procurement.transaction WHERE contract_id = ${contractId} ORDER BY on_date, recorded_at, id`.execute(db);
  return found.map((r) => ({ id: r.id, contractId: r.contract_id, kind: r.kind, amount: r.amount === null ? null : Number(r.amount), onDate: r.on_date, note: r.note }));
}

/** Awarded processes (for red flags, totals and a supplier's page): tender, winner, amount. */
export async function listAwards(db: Queryable): Promise<Array<{ tender: Tender; supplierKey: string; supplierName: string; amount: number; bidders: number }>> {
  const { rows: found } =
    await sql<Row>`SELECT ${sql.join([sql`t.id, t.ocid, t.agency_code, t.created_by, t.title, t.description, t.cpv_code, t.quantity, t.unit, t.territory_code, t.delivery_place, t.delivery_date::text AS delivery_date, t.reference_amount, t.currency, t.reserved, t.rule, t.price_weight, t.criteria, t.published_at, t.deadline, t.public_key, t.opened_at, t.awarded_offer_id, t.award_round, t.standstill_ends_at, t.status`])},
      o.supplier_key AS w_key, o.supplier_name AS w_name, o.amount AS w_amount, (SELECT count(*)::int FROM procurement.offer x WHERE x.tender_id = t.id) AS bidders
    FROM procurement.tender t JOIN procurement.offer o ON o.id = t.awarded_offer_id ORDER BY t.opened_at, t.id`.execute(db);
  return found.map((r) => ({ tender: toTender(r), supplierKey: r.w_key, supplierName: r.w_name, amount: Number(r.w_amount), bidders: r.bidders }));
}

/** "Mis datos": the offers a person sent for a unit (receipts, never the content), their questions and complaints. */
export async function personalDataOf(db: Queryable, accountId: string) {
  const [offers, questions, complaints, subscriptions] = await Promise.all([
    sql<Row>`SELECT tender_id, supplier_key, sha256, received_at FROM procurement.offer WHERE submitted_by = ${accountId} ORDER BY received_at`.execute(db),
    sql<Row>`SELECT tender_id, body, asked_at FROM procurement.question WHERE asked_by = ${accountId} ORDER BY asked_at`.execute(db),
    sql<Row>`SELECT tender_id, body, filed_at FROM procurement.complaint WHERE filed_by = ${accountId} ORDER BY filed_at`.execute(db),
    sql<Row>`SELECT supplier_key, cpv_code, territory_code, created_at FROM procurement.subscription WHERE account_id = ${accountId} ORDER BY created_at`.execute(db),
  ]);
  return { offers: offers.rows, questions: questions.rows, complaints: complaints.rows, subscriptions: subscriptions.rows };
}

export interface Subscription {
  id: string;
  supplierKey: string;
  accountId: string;
  cpvCode: string;
  territoryCode: string;
  createdAt: Date;
}
const SUBSCRIPTION = sql`id, supplier_key, account_id, cpv_code, territory_code, created_at`;
const toSubscription = (r: Row): Subscription => ({
  id: r.id,
  supplierKey: r.supplier_key,
  accountId: r.account_id,
  cpvCode: r.cpv_code,
  territoryCode: r.territory_code,
  createdAt: r.created_at,
});

/** Subscribes; false when the same representative already subscribed the unit to it (a burst stores one). */
export async function insertSubscription(trx: Queryable, s: Omit<Subscription, 'createdAt'>): Promise<boolean> {
  const r = await sql`INSERT INTO procurement.subscription (id, supplier_key, account_id, cpv_code, territory_code) VALUES (${s.id}, ${s.supplierKey}, ${s.accountId}, ${s.cpvCode}, ${s.territoryCode})
    ON CONFLICT (supplier_key, account_id, cpv_code, territory_code) DO NOTHING`.execute(trx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function deleteSubscription(trx: Queryable, id: string, accountId: string): Promise<Subscription | undefined> {
  const { rows } = await sql<Row>`DELETE FROM procurement.subscription WHERE id = ${id} AND account_id = ${accountId} RETURNING ${SUBSCRIPTION}`.execute(trx);
  return rows[0] ? toSubscription(rows[0]) : undefined;
}

export async function listSubscriptions(db: Queryable, accountId: string, supplierKey: string): Promise<Subscription[]> {
  const { rows } = await sql<Row>`SELECT ${SUBSCRIPTION} FROM procurement.subscription WHERE account_id = ${accountId} AND supplier_key = ${supplierKey} ORDER BY cpv_code, territory_code`.execute(db);
  return rows.map(toSubscription);
}

/** The subscriptions a need matches: its CPV code, in its territory or one that contains it. */
export async function matchingSubscriptions(db: Queryable, cpvCode: string, territoryCode: string): Promise<Subscription[]> {
  const { rows } = await sql<Row>`SELECT ${SUBSCRIPTION} FROM procurement.subscription WHERE cpv_code = ${cpvCode}
    AND (territory_code = ${territoryCode} OR ${territoryCode} LIKE territory_code || '-%') ORDER BY account_id, supplier_key`.execute(db);
  return rows.map(toSubscription);
}

export interface PlanItem {
  id: string;
  ocid: string;
  agencyCode: string;
  year: number;
  quarter: number;
  cpvCode: string;
  description: string;
  estimatedAmount: number;
  currency: string;
  createdAt: Date;
}

/** A plan item; false when the same item is already in the plan (a burst stores one). */
export async function insertPlanItem(trx: Queryable, p: Omit<PlanItem, 'createdAt'> & { createdBy: string }): Promise<boolean> {
  const r = await sql`INSERT INTO procurement.plan_item (id, ocid, agency_code, year, quarter, cpv_code, description, estimated_amount, currency, created_by)
    VALUES (${p.id}, ${p.ocid}, ${p.agencyCode}, ${p.year}, ${p.quarter}, ${p.cpvCode}, ${p.description}, ${p.estimatedAmount}, ${p.currency}, ${p.createdBy})
    ON CONFLICT (agency_code, year, quarter, cpv_code, description) DO NOTHING`.execute(trx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function listPlan(db: Queryable, agencyCode: string, year: number): Promise<PlanItem[]> {
  const { rows } = await sql<Row>`SELECT id, ocid, agency_code, year, quarter, cpv_code, description, estimated_amount, currency, created_at FROM procurement.plan_item
    WHERE agency_code = ${agencyCode} AND year = ${year} ORDER BY quarter, cpv_code, description`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    ocid: r.ocid,
    agencyCode: r.agency_code,
    year: r.year,
    quarter: r.quarter,
    cpvCode: r.cpv_code,
    description: r.description,
    estimatedAmount: Number(r.estimated_amount),
    currency: r.currency,
    createdAt: r.created_at,
  }));
}
