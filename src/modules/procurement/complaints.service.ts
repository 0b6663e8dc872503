// Complaints against an award (docs/procurement.md, "Complaints"): a bidder that did not win
// complains during the standstill, once per award; the entity answers within the legal time,
// upheld or rejected with its reasons, in public. While a complaint is pending the award is
// suspended (the contract cannot be signed); an upheld complaint annuls the award and the
// evaluation runs again over the remaining offers, with a new standstill.
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.ts';
import { dueAt } from '../../platform/country/deadlines.ts';
import { decreedHolidays } from '../../platform/country/holidays.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { getAgency } from '../agencies/index.ts';
import type { Account } from '../identity/index.ts';
import { buyerParty, reawardRelease } from './ocds.ts';
import * as q from './procurement.queries.ts';
import { COMPLAINT_DAYS, evaluate, getTender, myOffer, requireOfficer, STANDSTILL_DAYS } from './procurement.service.ts';
import { COMPLAINT_OUTCOMES, type ComplaintOutcome } from './procurement.types.ts';

const UUID = /^[0-9a-f-]{36}$/i;

/** A bidder (not the winner) complains against the award during the standstill; the entity has a legal time to answer. */
export async function fileComplaint(
  deps: Deps,
  person: Pick<Account, 'id' | 'documentNumber'>,
  unitKey: string | undefined,
  tenderId: string,
  body: string,
  requestId: string | null = null,
): Promise<{ dueAt: Date }> {
  const tender = await getTender(deps, tenderId);
  const inStandstill = (t: typeof tender) => t.status === 'awarded' && t.standstillEndsAt !== null && new Date() < t.standstillEndsAt;
  if (!inStandstill(tender)) throw new AppError('PROCUREMENT_NOT_IN_STANDSTILL');
  const offer = await myOffer(deps, person, unitKey, tender.id);
  if (!offer || offer.id === tender.awardedOfferId) throw new AppError('PROCUREMENT_NOT_A_BIDDER');
  const text = body.trim();
  if (text.length < 10 || text.length > 3000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'complaint', messageKey: 'procurement.errors.complaint' }] });
  const filedAt = new Date();
  const due = dueAt(deps.country, await decreedHolidays(deps.db, deps.country.code), filedAt, { businessDays: COMPLAINT_DAYS });
  const id = randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    // The process locked: a complaint and the contract's signature never cross (signContract locks it too).
    const locked = (await q.findTender(trx, tender.id, { forUpdate: true }))!;
    if (!inStandstill(locked) || !locked.awardedOfferId) throw new AppError('PROCUREMENT_NOT_IN_STANDSTILL');
    if (offer.id === locked.awardedOfferId) throw new AppError('PROCUREMENT_NOT_A_BIDDER');
    const written = await q.insertComplaint(trx, { id, tenderId: tender.id, offerId: offer.id, awardOfferId: locked.awardedOfferId, filedBy: person.id, body: text, filedAt, dueAt: due });
    if (!written) throw new AppError('PROCUREMENT_ALREADY_COMPLAINED');
    await recordAudit(trx, {
      actor: { type: 'person', id: person.id },
      action: 'procurement.complaint_filed',
      subject: { type: 'tender', id: tender.id },
      data: { complaintId: id, offerId: offer.id, against: locked.awardedOfferId, dueAt: due.toISOString() },
      requestId,
    });
  });
  return { dueAt: due };
}

/**
 * The entity's answer to a pending complaint: `upheld` or `rejected`, with its reasons (public).
 * Upheld against the current award, the award is annulled: the winning offer is disqualified
 * (reason `complaint_upheld`), the rule picks again among the other offers and the new award gets
 * its own standstill; with none left the process is unsuccessful. Published as an OCDS release.
 */
export async function answerComplaint(
  deps: Deps,
  account: Pick<Account, 'id' | 'isPlatformAdmin'>,
  tenderId: string,
  complaintId: string,
  input: { outcome: string; reasons: string },
  requestId: string | null = null,
): Promise<{ outcome: ComplaintOutcome; reawarded: boolean }> {
  const tender = await getTender(deps, tenderId);
  await requireOfficer(deps, account, tender.agencyCode);
  const fields: FieldError[] = [];
  const reasons = input.reasons.trim();
  if (!(COMPLAINT_OUTCOMES as readonly string[]).includes(input.outcome)) fields.push({ field: 'outcome', messageKey: 'procurement.errors.complaintOutcome' });
  if (reasons.length < 10 || reasons.length > 3000) fields.push({ field: 'reasons', messageKey: 'procurement.errors.complaintReasons' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const outcome = input.outcome as ComplaintOutcome;
  const agency = await getAgency(deps, tender.agencyCode);
  const standstillEndsAt = dueAt(deps.country, await decreedHolidays(deps.db, deps.country.code), new Date(), { businessDays: STANDSTILL_DAYS });
  return deps.db.transaction().execute(async (trx) => {
    const locked = (await q.findTender(trx, tender.id, { forUpdate: true }))!;
    const answered = UUID.test(complaintId) ? await q.answerComplaint(trx, { id: complaintId, tenderId: tender.id, outcome, resolution: reasons, resolvedBy: account.id }) : undefined;
    if (!answered) {
      const known = (await q.listComplaints(trx, tender.id)).some((c) => c.id === complaintId);
      throw new AppError(known ? 'PROCUREMENT_ALREADY_ANSWERED' : 'PROCUREMENT_NOT_FOUND');
    }
    // Only an upheld complaint against the award still in force annuls it (a later one finds it already annulled).
    const annul = outcome === 'upheld' && locked.status === 'awarded' && locked.awardedOfferId === answered.awardOfferId;
    let next: string | null = null;
    if (annul) {
      const offers = await q.listOffers(trx, tender.id);
      const remaining = offers.filter((o) => o.id !== answered.awardOfferId && o.reason !== 'complaint_upheld' && o.amount !== null && o.deliveryDate !== null);
      const outcomes = evaluate(
        locked,
        remaining.map((o) => ({ id: o.id, amount: o.amount!, deliveryDate: o.deliveryDate!, supplierKind: o.supplierKind, points: o.points })),
      );
      next = remaining.find((o) => outcomes.get(o.id)?.outcome === 'winner')?.id ?? null;
      await q.writeReaward(trx, tender.id, {
        annulledOfferId: answered.awardOfferId,
        awardedOfferId: next,
        reason: next ? outcomes.get(next)?.reason : undefined,
        standstillEndsAt: next ? standstillEndsAt : null,
        status: next ? 'awarded' : 'unsuccessful',
      });
      const evaluated = offers.map((o) =>
        o.id === answered.awardOfferId ? { ...o, outcome: 'disqualified' as const, reason: 'complaint_upheld' } : o.id === next ? { ...o, outcome: 'winner' as const } : o,
      );
      await q.insertRelease(trx, reawardRelease(locked, buyerParty(agency), evaluated, deps.country.code, `${tender.ocid}-${uuidv7()}`, new Date()));
    }
    await recordAudit(trx, {
      actor: { type: 'official', id: account.id },
      action: 'procurement.complaint_answered',
      subject: { type: 'tender', id: tender.id },
      data: { complaintId, outcome, annulled: annul ? answered.awardOfferId : null, awarded: next },
      requestId,
    });
    return { outcome, reawarded: next !== null };
  });
}
