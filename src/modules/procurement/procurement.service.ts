// Use cases of state procurement (docs/procurement.md): an entity's procurement officer
// publishes a need; suppliers' representatives send sealed offers until the deadline; the
// officer opens them in a recorded act with the committee's private key, the published rule
// picks the winner, bidders may complain during the standstill; the contract is issued as a
// signed document and accepted by the supplier; deliveries and payments are recorded. Every
// stage publishes its OCDS release in the same transaction.
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.ts';
import { hasRole } from '../../platform/contract/roles.ts';
import { dueAt } from '../../platform/country/deadlines.ts';
import { decreedHolidays } from '../../platform/country/holidays.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { signingService } from '../../platform/signing/index.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { getAgency } from '../agencies/index.ts';
import { issueDocument } from '../documents/index.ts';
import { getRoles, roleGrantsOf, type Account } from '../identity/index.ts';
import { unitsRepresentedBy } from '../registries/index.ts';
import { awardRelease, buyerParty, contractRelease, implementationRelease, OCID_PREFIX, type Release, supplierParty, tenderRelease } from './ocds.ts';
import { openDocuments } from './documents.service.ts';
import * as q from './procurement.queries.ts';
import { parseWeights } from './points.ts';
import { committeeOf, encodeShare, keyFromShares, split } from './shamir.ts';
import { type Contract, CPV_CODES, cpvLabel, eligible, type Offer, type Outcome, phaseOf, RESERVATIONS, type Reservation, RULES, supplierKindOf, type Tender } from './procurement.types.ts';
import { type AwardFacts, flagsOf, flagTotals, type RedFlag } from './red-flags.ts';
import { sha256Hex, seal, unseal, newTenderKeyPair } from './seal.ts';

export const OFFICER_ROLE = 'procurement_officer';
/** Business days of the standstill after the award, and to answer a complaint. */
export const STANDSTILL_DAYS = 3;
export const COMPLAINT_DAYS = 5;
const UUID = /^[0-9a-f-]{36}$/i;

type Person = Pick<Account, 'id' | 'isPlatformAdmin' | 'documentNumber'>;

/** The agencies where the person is a procurement officer. */
export async function officerAgencies(deps: Pick<Deps, 'db'>, account: Pick<Account, 'id' | 'isPlatformAdmin'>): Promise<string[]> {
  const roles = await getRoles(deps, account.id);
  const grants = roleGrantsOf(account, roles);
  return [...new Set(roles.flatMap((r) => (r.agencyCode !== undefined && hasRole(grants, { role: OFFICER_ROLE, agency: r.agencyCode }) ? [r.agencyCode] : [])))];
}

export async function requireOfficer(deps: Pick<Deps, 'db'>, account: Pick<Account, 'id' | 'isPlatformAdmin'>, agencyCode: string): Promise<void> {
  if (!(await officerAgencies(deps, account)).includes(agencyCode)) throw new AppError('PROCUREMENT_FORBIDDEN');
}

export async function getTender(deps: Pick<Deps, 'db'>, id: string): Promise<Tender> {
  const tender = UUID.test(id) ? await q.findTender(deps.db, id) : undefined;
  if (!tender) throw new AppError('PROCUREMENT_NOT_FOUND');
  return tender;
}

export interface TenderInput {
  agencyCode: string;
  title: string;
  description: string;
  cpvCode: string;
  quantity: string;
  unit: string;
  territoryCode: string;
  deliveryPlace: string;
  deliveryDate: string;
  referenceAmount: string;
  reserved: string;
  deadline: string;
  /** `lowest_price` (the default) or `points`, with the price's weight and the criteria ("name: weight" a line). */
  rule?: string;
  priceWeight?: string;
  criteria?: string;
  /** The opening committee's size and quorum: the key split in shares (both empty: the key whole). */
  committee?: string;
  quorum?: string;
}

const AMOUNT = /^\d{1,12}([.,]\d{1,2})?$/;
const amountOf = (text: string): number => Number(text.replace(',', '.'));
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Publishes a need; answers it with the opening committee's private key, shown once and never stored. */
export async function publishTender(
  deps: Deps,
  account: Person,
  input: TenderInput,
  requestId: string | null = null,
): Promise<{ tender: Tender; privateKey: string; shares?: { quorum: number; shares: string[] } }> {
  await requireOfficer(deps, account, input.agencyCode);
  return publishTenderAs(deps, account.id, input, requestId);
}

/** Publication itself, for an officer already checked (and the demo seed). */
export async function publishTenderAs(
  deps: Deps,
  accountId: string,
  input: TenderInput,
  requestId: string | null = null,
): Promise<{ tender: Tender; privateKey: string; shares?: { quorum: number; shares: string[] } }> {
  const fields: FieldError[] = [];
  const now = new Date();
  const deadline = new Date(input.deadline.length === 16 ? `${input.deadline}:00${offsetOf(deps)}` : input.deadline);
  if (input.title.trim().length < 3 || input.title.trim().length > 200) fields.push({ field: 'title', messageKey: 'procurement.errors.title' });
  if (!CPV_CODES.some((c) => c.code === input.cpvCode)) fields.push({ field: 'cpvCode', messageKey: 'procurement.errors.cpv' });
  if (!/^\d{1,9}([.,]\d{1,3})?$/.test(input.quantity) || amountOf(input.quantity) <= 0) fields.push({ field: 'quantity', messageKey: 'procurement.errors.quantity' });
  if (!input.unit.trim() || input.unit.length > 40) fields.push({ field: 'unit', messageKey: 'procurement.errors.unit' });
  if (!/^[A-Z]{2}(-[A-Z0-9]+)*$/.test(input.territoryCode)) fields.push({ field: 'territoryCode', messageKey: 'procurement.errors.territory' });
  if (!input.deliveryPlace.trim() || input.deliveryPlace.length > 300) fields.push({ field: 'deliveryPlace', messageKey: 'procurement.errors.place' });
  if (!AMOUNT.test(input.referenceAmount) || amountOf(input.referenceAmount) <= 0) fields.push({ field: 'referenceAmount', messageKey: 'procurement.errors.amount' });
  if (!(RESERVATIONS as readonly string[]).includes(input.reserved)) fields.push({ field: 'reserved', messageKey: 'procurement.errors.reserved' });
  if (Number.isNaN(deadline.getTime()) || deadline <= now) fields.push({ field: 'deadline', messageKey: 'procurement.errors.deadline' });
  if (!DAY.test(input.deliveryDate) || (!Number.isNaN(deadline.getTime()) && new Date(`${input.deliveryDate}T23:59:59Z`) < deadline))
    fields.push({ field: 'deliveryDate', messageKey: 'procurement.errors.deliveryDate' });
  const rule = input.rule || 'lowest_price';
  if (!(RULES as readonly string[]).includes(rule)) fields.push({ field: 'rule', messageKey: 'procurement.errors.rule' });
  const weights = rule === 'points' ? parseWeights(input.priceWeight ?? '', input.criteria ?? '') : { priceWeight: 100, criteria: [] };
  if (Array.isArray(weights)) fields.push(...weights);
  const committee = committeeOf(input.committee ?? '', input.quorum ?? '');
  if (Array.isArray(committee)) fields.push(...committee);
  if (fields.length > 0 || Array.isArray(weights) || Array.isArray(committee)) throw new AppError('VALIDATION_FAILED', { fields });
  const agency = await getAgency(deps, input.agencyCode);
  const keys = newTenderKeyPair();
  const id = uuidv7();
  const tender: Tender = {
    id,
    ocid: `${OCID_PREFIX}-${deps.country.code}-${id}`,
    agencyCode: agency.code,
    createdBy: accountId,
    title: input.title.trim(),
    description: input.description.trim(),
    cpvCode: input.cpvCode,
    quantity: amountOf(input.quantity),
    unit: input.unit.trim(),
    territoryCode: input.territoryCode,
    deliveryPlace: input.deliveryPlace.trim(),
    deliveryDate: input.deliveryDate,
    referenceAmount: amountOf(input.referenceAmount),
    currency: deps.country.currency,
    reserved: input.reserved as Reservation,
    rule: rule as Tender['rule'],
    ...weights,
    publishedAt: now,
    deadline,
    publicKey: keys.publicKey,
    openedAt: null,
    awardedOfferId: null,
    awardRound: 1,
    standstillEndsAt: null,
    status: 'active',
  };
  const release = tenderRelease(tender, buyerParty(agency), cpvLabel(tender.cpvCode, 'en'), `${tender.ocid}-${uuidv7()}`);
  await q.insertTenderAudited(deps.db, tender, release, {
    audit: { actor: { type: 'official', id: accountId }, action: 'procurement.tender_published', subject: { type: 'tender', id }, data: { agency: agency.code, cpv: tender.cpvCode }, requestId },
    events: [{ topic: 'procurement.tender_published', payload: { tenderId: id, agencyCode: agency.code, cpvCode: tender.cpvCode, territoryCode: tender.territoryCode } }],
  });
  const shares = committee ? { quorum: committee.quorum, shares: split(Buffer.from(keys.privateKey), committee.members, committee.quorum).map(encodeShare) } : undefined;
  return { tender, privateKey: shares ? '' : keys.privateKey, shares };
}

/** The country's UTC offset for a local date-time typed in a form (±HH:MM), at the current moment. */
function offsetOf(deps: Pick<Deps, 'country'>): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: deps.country.timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date());
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' ? 'Z' : name.slice(3);
}

export interface OfferInput {
  amount: string;
  deliveryDate: string;
}

/**
 * A supplier's representative, acting for the unit, sends an offer: validated, sealed with the
 * tender's public key, hashed and timestamped by the platform's TSA; one per supplier and tender.
 */
export async function submitOffer(
  deps: Deps,
  person: Pick<Account, 'id' | 'documentNumber'>,
  unitKey: string | undefined,
  tenderId: string,
  input: OfferInput,
  requestId: string | null = null,
): Promise<Offer> {
  // The process and the units the person represents, read at once (neither waits on the other).
  const [tender, represented] = await Promise.all([getTender(deps, tenderId), unitKey ? unitsRepresentedBy(deps, person.documentNumber) : []]);
  if (phaseOf(tender) !== 'open') throw new AppError('PROCUREMENT_CLOSED');
  const unit = represented.find((u) => u.key === unitKey);
  if (!unit) throw new AppError('PROCUREMENT_NOT_ACTING');
  const kind = supplierKindOf(unit.content.legalForm);
  if (!eligible(tender.reserved, kind)) throw new AppError('PROCUREMENT_NOT_ELIGIBLE');
  const fields: FieldError[] = [];
  if (!AMOUNT.test(input.amount) || amountOf(input.amount) <= 0) fields.push({ field: 'amount', messageKey: 'procurement.errors.amount' });
  if (!DAY.test(input.deliveryDate) || Number.isNaN(Date.parse(input.deliveryDate))) fields.push({ field: 'deliveryDate', messageKey: 'procurement.errors.offerDate' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const id = uuidv7();
  const sealed = seal(tender.publicKey, `${tender.id}:${unit.key}`, Buffer.from(JSON.stringify({ amount: amountOf(input.amount), deliveryDate: input.deliveryDate })));
  const sha256 = sha256Hex(sealed);
  const receivedAt = new Date();
  const token = await signingService(deps).timestamp(Buffer.from(sha256, 'hex'), receivedAt);
  const offer = {
    id,
    tenderId: tender.id,
    supplierKey: unit.key,
    supplierName: String(unit.content.name ?? unit.key),
    supplierKind: kind,
    submittedBy: person.id,
    sealed,
    sha256,
    timestampToken: token.toString('base64'),
    receivedAt,
  };
  const written = await q.insertOfferAudited(deps.db, offer, {
    audit: { actor: { type: 'person', id: person.id }, action: 'procurement.offer_sealed', subject: { type: 'tender', id: tender.id }, data: { offerId: id, supplier: unit.key, sha256 }, requestId },
    events: [{ topic: 'procurement.offer_sealed', payload: { tenderId: tender.id, offerId: id } }],
  });
  if (!written) throw new AppError('PROCUREMENT_ALREADY_OFFERED');
  return { ...offer, amount: null, deliveryDate: null, outcome: null, reason: null, points: null };
}

/** The offers with their prices: only after the opening act, for anyone; refused before it, for everyone. */
export async function openedOffers(deps: Pick<Deps, 'db'>, tenderId: string): Promise<Offer[]> {
  const tender = await getTender(deps, tenderId);
  if (tender.openedAt === null) throw new AppError('PROCUREMENT_SEALED');
  return q.listOffers(deps.db, tender.id);
}

/** The receipt of the offer a person's unit sent (hash and timestamp), without its content. */
export async function myOffer(deps: Deps, person: Pick<Account, 'documentNumber'>, unitKey: string | undefined, tenderId: string): Promise<Offer | undefined> {
  if (!unitKey) return undefined;
  const represented = (await unitsRepresentedBy(deps, person.documentNumber)).map((u) => u.key);
  return represented.includes(unitKey) ? q.findOfferOf(deps.db, tenderId, [unitKey]) : undefined;
}

/** Evaluation by the published rule: offers meeting the conditions, lowest price first (earlier receipt breaks a tie). */
export function evaluate(
  tender: Tender,
  offers: Array<{ id: string; amount: number; deliveryDate: string; supplierKind: Offer['supplierKind']; points?: number | null }>,
): Map<string, { outcome: Outcome; reason: string }> {
  const result = new Map<string, { outcome: Outcome; reason: string }>();
  const qualified = [];
  for (const o of offers) {
    if (!eligible(tender.reserved, o.supplierKind)) result.set(o.id, { outcome: 'disqualified', reason: 'reserved' });
    else if (o.deliveryDate > tender.deliveryDate) result.set(o.id, { outcome: 'disqualified', reason: 'late_delivery' });
    else qualified.push(o);
  }
  // The points rule: before the committee scores, the qualified offers wait; then the highest total wins (a tie: the lower price, then the earlier receipt).
  if (tender.rule === 'points' && qualified.some((o) => o.points === null || o.points === undefined)) {
    for (const o of qualified) result.set(o.id, { outcome: 'qualified', reason: 'to_score' });
    return result;
  }
  qualified.sort((a, b) => (tender.rule === 'points' ? (b.points ?? 0) - (a.points ?? 0) : 0) || a.amount - b.amount);
  const [best, next] = tender.rule === 'points' ? ['highest_points', 'lower_points'] : ['lowest_price', 'higher_price'];
  for (const [index, o] of qualified.entries()) result.set(o.id, index === 0 ? { outcome: 'winner', reason: best! } : { outcome: 'qualified', reason: next! });
  return result;
}

/**
 * The opening act, after the deadline, with the committee's private key: every envelope opened,
 * evaluated by the rule and the award made (pending during the standstill); recorded and published.
 */
export async function openTender(deps: Deps, account: Person, tenderId: string, privateKey: string, requestId: string | null = null): Promise<Tender> {
  const first = await getTender(deps, tenderId);
  await requireOfficer(deps, account, first.agencyCode);
  const agency = await getAgency(deps, first.agencyCode);
  const standstillEndsAt = dueAt(deps.country, await decreedHolidays(deps.db, deps.country.code), new Date(), { businessDays: STANDSTILL_DAYS });
  return deps.db.transaction().execute(async (trx) => {
    const tender = (await q.findTender(trx, tenderId, { forUpdate: true }))!;
    if (tender.openedAt !== null) throw new AppError('PROCUREMENT_ALREADY_OPENED');
    if (new Date() < tender.deadline) throw new AppError('PROCUREMENT_BEFORE_DEADLINE');
    const envelopes = await q.sealedOffers(trx, tender.id);
    // The key itself, or k of the committee's shares one a line (shamir.ts).
    const key = keyFromShares(privateKey);
    const current = await q.listOffers(trx, tender.id);
    const opened = envelopes.map((e) => {
      let content: { amount: number; deliveryDate: string };
      try {
        content = JSON.parse(unseal(key, `${tender.id}:${e.supplierKey}`, e.sealed).toString('utf8'));
      } catch {
        throw new AppError('PROCUREMENT_WRONG_KEY');
      }
      const offer = current.find((o) => o.id === e.id)!;
      return { ...offer, amount: content.amount, deliveryDate: content.deliveryDate };
    });
    const documents = await openDocuments(trx, tender, key, envelopes);
    const outcomes = evaluate(tender, opened);
    for (const o of opened) await q.writeEvaluation(trx, o.id, { amount: o.amount, deliveryDate: o.deliveryDate, ...outcomes.get(o.id)! });
    const winner = opened.find((o) => outcomes.get(o.id)?.outcome === 'winner');
    const toScore = [...outcomes.values()].some((o) => o.reason === 'to_score');
    const status = winner ? 'awarded' : toScore ? 'active' : 'unsuccessful';
    await q.writeOpening(trx, tender.id, { openedBy: account.id, awardedOfferId: winner?.id ?? null, standstillEndsAt: winner ? standstillEndsAt : null, status });
    const now = new Date();
    const evaluated = opened.map((o) => ({ ...o, ...outcomes.get(o.id)! }));
    // Under the points rule the award waits for the committee's scores (points.service.ts), and so does its release.
    if (!toScore) await q.insertRelease(trx, awardRelease(tender, buyerParty(agency), evaluated, deps.country.code, `${tender.ocid}-${uuidv7()}`, now));
    await recordAudit(trx, {
      actor: { type: 'official', id: account.id },
      action: 'procurement.offers_opened',
      subject: { type: 'tender', id: tender.id },
      data: { offers: opened.map((o) => ({ id: o.id, sha256: o.sha256, amount: o.amount, outcome: outcomes.get(o.id)?.outcome })), documents, winner: winner?.id ?? null },
      requestId,
    });
    return { ...tender, openedAt: now, awardedOfferId: winner?.id ?? null, standstillEndsAt: winner ? standstillEndsAt : null, status };
  });
}

export async function askQuestion(deps: Pick<Deps, 'db'>, accountId: string, tenderId: string, body: string, requestId: string | null = null): Promise<void> {
  const tender = await getTender(deps, tenderId);
  if (phaseOf(tender) !== 'open') throw new AppError('PROCUREMENT_CLOSED');
  const text = body.trim();
  if (text.length < 5 || text.length > 2000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'question', messageKey: 'procurement.errors.question' }] });
  const id = randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    await q.insertQuestion(trx, { id, tenderId: tender.id, askedBy: accountId, body: text });
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'procurement.question_asked', subject: { type: 'tender', id: tender.id }, data: { questionId: id }, requestId });
  });
}

export async function answerQuestion(deps: Pick<Deps, 'db'>, account: Person, tenderId: string, questionId: string, answer: string, requestId: string | null = null): Promise<void> {
  const tender = await getTender(deps, tenderId);
  await requireOfficer(deps, account, tender.agencyCode);
  const text = answer.trim();
  if (!text || text.length > 3000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'answer', messageKey: 'procurement.errors.answer' }] });
  await deps.db.transaction().execute(async (trx) => {
    if (!UUID.test(questionId) || !(await q.answerQuestion(trx, questionId, tender.id, text))) throw new AppError('PROCUREMENT_NOT_FOUND');
    await recordAudit(trx, { actor: { type: 'official', id: account.id }, action: 'procurement.question_answered', subject: { type: 'tender', id: tender.id }, data: { questionId }, requestId });
  });
}

const documentUrl = (deps: Pick<Deps, 'config'>, code: string) => `${deps.config.publicUrl}/verificar/${code}`;

/** After the standstill the entity signs the contract with the winner: a signed document held by the winner's representative. */
export async function signContract(deps: Deps, account: Person, tenderId: string, requestId: string | null = null): Promise<Contract> {
  const tender = await getTender(deps, tenderId);
  await requireOfficer(deps, account, tender.agencyCode);
  if (tender.status !== 'awarded' || !tender.awardedOfferId) throw new AppError('PROCUREMENT_NOT_AWARDED');
  if (tender.standstillEndsAt && new Date() < tender.standstillEndsAt) throw new AppError('PROCUREMENT_IN_STANDSTILL');
  if ((await q.countPendingComplaints(deps.db, tender.id)) > 0) throw new AppError('PROCUREMENT_COMPLAINT_PENDING');
  const winner = (await q.listOffers(deps.db, tender.id)).find((o) => o.id === tender.awardedOfferId)!;
  const document = await issueDocument(
    deps,
    {
      kind: 'notice',
      sourceKey: `procurement:${tender.id}`,
      accountId: winner.submittedBy,
      agencyCode: tender.agencyCode,
      title: `Contrato: ${tender.title}`,
      body: '{agency} contrata a {supplier} (NIT {nit}), representada por {holder} ({document}), la provisión de {quantity} {unit} de «{item}» por {amount} {currency}, con entrega en {place} hasta el {delivery}, según el proceso {ocid}. {date}.',
      values: {
        supplier: winner.supplierName,
        nit: winner.supplierKey,
        quantity: String(tender.quantity),
        unit: tender.unit,
        item: tender.title,
        amount: String(winner.amount),
        currency: tender.currency,
        place: tender.deliveryPlace,
        delivery: winner.deliveryDate ?? tender.deliveryDate,
        ocid: tender.ocid,
      },
    },
    requestId,
  );
  if (!document) throw new AppError('PROCUREMENT_NOT_AWARDED');
  const agency = await getAgency(deps, tender.agencyCode);
  return deps.db.transaction().execute(async (trx) => {
    const locked = (await q.findTender(trx, tender.id, { forUpdate: true }))!;
    if (locked.status !== 'awarded' || locked.awardedOfferId !== winner.id) throw new AppError('PROCUREMENT_NOT_AWARDED');
    if ((await q.countPendingComplaints(trx, tender.id)) > 0) throw new AppError('PROCUREMENT_COMPLAINT_PENDING');
    const contract: Contract = {
      id: randomUUID(),
      tenderId: tender.id,
      offerId: winner.id,
      amount: winner.amount ?? 0,
      documentNumber: document.number,
      verificationCode: document.verificationCode,
      signedAt: new Date(),
      acceptedAt: null,
    };
    await q.insertContract(trx, { ...contract, signedBy: account.id });
    await q.setTenderStatus(trx, tender.id, 'contracted');
    await q.insertRelease(trx, contractRelease(tender, buyerParty(agency), contract, documentUrl(deps, document.verificationCode), `${tender.ocid}-${uuidv7()}`, contract.signedAt));
    await recordAudit(trx, {
      actor: { type: 'official', id: account.id },
      action: 'procurement.contract_signed',
      subject: { type: 'tender', id: tender.id },
      data: { contractId: contract.id, document: document.number },
      requestId,
    });
    return contract;
  });
}

const LEVELS = ['bajo', 'sustancial', 'alto'];

/** The winner's representative accepts the contract, signed in at level `sustancial` or higher. */
export async function acceptContract(
  deps: Deps,
  person: Pick<Account, 'id' | 'documentNumber'>,
  sessionLevel: string,
  unitKey: string | undefined,
  tenderId: string,
  requestId: string | null = null,
): Promise<void> {
  const tender = await getTender(deps, tenderId);
  const contract = await q.findContract(deps.db, tender.id);
  if (!contract) throw new AppError('PROCUREMENT_NOT_AWARDED');
  const offer = await myOffer(deps, person, unitKey, tender.id);
  if (!offer || offer.id !== contract.offerId) throw new AppError('PROCUREMENT_FORBIDDEN');
  if (LEVELS.indexOf(sessionLevel) < LEVELS.indexOf('sustancial')) throw new AppError('PROCUREMENT_LEVEL');
  const agency = await getAgency(deps, tender.agencyCode);
  await deps.db.transaction().execute(async (trx) => {
    const acceptedAt = await q.acceptContract(trx, contract.id, person.id);
    if (!acceptedAt) throw new AppError('PROCUREMENT_ALREADY_ACCEPTED');
    await q.insertRelease(trx, contractRelease(tender, buyerParty(agency), { ...contract, acceptedAt }, documentUrl(deps, contract.verificationCode), `${tender.ocid}-${uuidv7()}`, acceptedAt));
    await recordAudit(trx, {
      actor: { type: 'person', id: person.id },
      action: 'procurement.contract_accepted',
      subject: { type: 'tender', id: tender.id },
      data: { contractId: contract.id, level: sessionLevel, supplier: offer.supplierKey },
      requestId,
    });
  });
}

/** A delivery or a payment recorded by the entity against the contract. */
export async function recordTransaction(
  deps: Deps,
  account: Person,
  tenderId: string,
  input: { kind: string; amount: string; onDate: string; note: string },
  requestId: string | null = null,
): Promise<void> {
  const tender = await getTender(deps, tenderId);
  await requireOfficer(deps, account, tender.agencyCode);
  const contract = await q.findContract(deps.db, tender.id);
  if (!contract?.acceptedAt) throw new AppError('PROCUREMENT_NOT_CONTRACTED');
  const fields: FieldError[] = [];
  if (input.kind !== 'delivery' && input.kind !== 'payment') fields.push({ field: 'kind', messageKey: 'procurement.errors.kind' });
  if (input.kind === 'payment' && (!AMOUNT.test(input.amount) || amountOf(input.amount) <= 0)) fields.push({ field: 'amount', messageKey: 'procurement.errors.amount' });
  if (!DAY.test(input.onDate)) fields.push({ field: 'onDate', messageKey: 'procurement.errors.onDate' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const agency = await getAgency(deps, tender.agencyCode);
  const winner = (await q.listOffers(deps.db, tender.id)).find((o) => o.id === contract.offerId)!;
  await deps.db.transaction().execute(async (trx) => {
    const id = randomUUID();
    await q.insertTransaction(trx, {
      id,
      contractId: contract.id,
      kind: input.kind as 'delivery' | 'payment',
      amount: input.kind === 'payment' ? amountOf(input.amount) : null,
      onDate: input.onDate,
      note: input.note.trim().slice(0, 300),
      recordedBy: account.id,
    });
    const all = await q.listTransactions(trx, contract.id);
    await q.insertRelease(trx, implementationRelease(tender, buyerParty(agency), contract, supplierParty(winner, deps.country.code), all, `${tender.ocid}-${uuidv7()}`, new Date()));
    await recordAudit(trx, {
      actor: { type: 'official', id: account.id },
      action: 'procurement.transaction_recorded',
      subject: { type: 'tender', id: tender.id },
      data: { transactionId: id, kind: input.kind },
      requestId,
    });
  });
}

export interface TenderView {
  tender: Tender;
  offers: number;
  opened: Offer[];
  questions: Awaited<ReturnType<typeof q.listQuestions>>;
  complaints: Awaited<ReturnType<typeof q.listComplaints>>;
  contract: Contract | undefined;
  transactions: Awaited<ReturnType<typeof q.listTransactions>>;
  flags: RedFlag[];
}

/** Everything public about a process (offers' content only once opened). */
export async function tenderView(deps: Pick<Deps, 'db'>, id: string): Promise<TenderView> {
  const tender = await getTender(deps, id);
  const [offers, questions, complaints, contract, awards] = await Promise.all([
    q.countOffers(deps.db, tender.id),
    q.listQuestions(deps.db, tender.id),
    q.listComplaints(deps.db, tender.id),
    q.findContract(deps.db, tender.id),
    q.listAwards(deps.db),
  ]);
  const opened = tender.openedAt ? await q.listOffers(deps.db, tender.id) : [];
  const transactions = contract ? await q.listTransactions(deps.db, contract.id) : [];
  return {
    tender,
    offers,
    opened,
    questions,
    complaints,
    contract,
    transactions,
    flags: flagsOf(
      tender,
      awards.find((a) => a.tender.id === tender.id),
      awards,
    ),
  };
}

export const searchTenders = (deps: Pick<Deps, 'dbRead'>, filter: q.TenderFilter) => q.searchTenders(deps.dbRead, filter);

/** The observatory's figures: totals awarded by entity and year, and red flags by entity. */
export async function observatory(deps: Pick<Deps, 'dbRead' | 'country'>) {
  const [tenders, awards] = await Promise.all([q.searchTenders(deps.dbRead, {}, 10_000), q.listAwards(deps.dbRead)]);
  const totals = new Map<string, { agencyCode: string; year: number; processes: number; amount: number }>();
  for (const a of awards) {
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: deps.country.timeZone, year: 'numeric' }).format(a.tender.openedAt ?? a.tender.publishedAt));
    const key = `${a.tender.agencyCode}:${year}`;
    const entry = totals.get(key) ?? { agencyCode: a.tender.agencyCode, year, processes: 0, amount: 0 };
    entry.processes += 1;
    entry.amount += a.amount;
    totals.set(key, entry);
  }
  return { totals: [...totals.values()].sort((a, b) => a.agencyCode.localeCompare(b.agencyCode) || a.year - b.year), flags: flagTotals(tenders, awards as AwardFacts[]) };
}

/** A supplier's awards (public page). */
export async function supplierAwards(deps: Pick<Deps, 'dbRead'>, key: string) {
  return (await q.listAwards(deps.dbRead)).filter((a) => a.supplierKey === key);
}

export const pageReleases = (deps: Pick<Deps, 'dbRead'>, p: Parameters<typeof q.pageReleases>[1]) => q.pageReleases(deps.dbRead, p);
export const pageProcesses = (deps: Pick<Deps, 'dbRead'>, p: Parameters<typeof q.pageProcesses>[1]) => q.pageProcesses(deps.dbRead, p);
export const releasesOf = (deps: Pick<Deps, 'dbRead'>, ocids: string[]): Promise<Release[]> => q.releasesOf(deps.dbRead, ocids);
