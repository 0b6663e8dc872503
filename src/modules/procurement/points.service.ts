// Scoring under the points rule (docs/procurement.md, "Points"): after the opening act the entity's
// officer records the committee's scores of every qualified offer on every criterion; the rule
// computes the totals and picks the winner; the award (pending during the standstill) is published.
import { recordAudit } from '../../platform/audit/audit.ts';
import { dueAt } from '../../platform/country/deadlines.ts';
import { decreedHolidays } from '../../platform/country/holidays.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { getAgency } from '../agencies/index.ts';
import type { Account } from '../identity/index.ts';
import { awardRelease, buyerParty } from './ocds.ts';
import * as pq from './points.queries.ts';
import { totals } from './points.ts';
import * as q from './procurement.queries.ts';
import { evaluate, getTender, requireOfficer, STANDSTILL_DAYS } from './procurement.service.ts';
import type { Offer } from './procurement.types.ts';

const SCORE = /^\d{1,3}([.,]\d{1,2})?$/;
/** The form field of an offer's score on a criterion. */
export const scoreField = (offerId: string, criterion: string) => `score-${offerId}-${criterion}`;

/** Whether the process waits for the committee's scores. */
export const awaitingScores = (tender: { rule: string; openedAt: Date | null; status: string }) => tender.rule === 'points' && tender.openedAt !== null && tender.status === 'active';

/** The offers waiting for scores. */
export const toScore = (offers: Offer[]) => offers.filter((o) => o.outcome === 'qualified' && o.reason === 'to_score');

export async function scoreOffers(deps: Deps, account: Pick<Account, 'id' | 'isPlatformAdmin'>, tenderId: string, form: Record<string, string>, requestId: string | null = null) {
  const tender = await getTender(deps, tenderId);
  await requireOfficer(deps, account, tender.agencyCode);
  if (!awaitingScores(tender)) throw new AppError('PROCUREMENT_NOT_SCORING');
  const offers = await q.listOffers(deps.db, tender.id);
  const waiting = toScore(offers);
  const fields: FieldError[] = [];
  const scores: Array<{ offerId: string; criterion: string; score: number }> = [];
  for (const o of waiting)
    for (const c of tender.criteria) {
      const text = (form[scoreField(o.id, c.id)] ?? '').trim();
      const score = Number(text.replace(',', '.'));
      if (!SCORE.test(text) || score > 100) fields.push({ field: scoreField(o.id, c.id), messageKey: 'procurement.errors.score' });
      else scores.push({ offerId: o.id, criterion: c.id, score });
    }
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const points = totals(
    tender,
    waiting.map((o) => ({ id: o.id, amount: o.amount!, scores: Object.fromEntries(scores.filter((s) => s.offerId === o.id).map((s) => [s.criterion, s.score])) })),
  );
  const outcomes = evaluate(
    tender,
    waiting.map((o) => ({ id: o.id, amount: o.amount!, deliveryDate: o.deliveryDate!, supplierKind: o.supplierKind, points: points.get(o.id)! })),
  );
  const winner = waiting.find((o) => outcomes.get(o.id)?.outcome === 'winner');
  const standstillEndsAt = winner ? dueAt(deps.country, await decreedHolidays(deps.db, deps.country.code), new Date(), { businessDays: STANDSTILL_DAYS }) : null;
  const agency = await getAgency(deps, tender.agencyCode);
  await deps.db.transaction().execute(async (trx) => {
    const status = winner ? 'awarded' : 'unsuccessful';
    if (!(await pq.writeScoredAward(trx, tender.id, { awardedOfferId: winner?.id ?? null, standstillEndsAt, status }))) throw new AppError('PROCUREMENT_NOT_SCORING');
    await pq.insertScores(trx, scores, account.id);
    for (const o of waiting) await pq.writeScoredOffer(trx, o.id, { points: points.get(o.id)!, ...outcomes.get(o.id)! });
    const evaluated = offers.map((o) => ({ ...o, ...(outcomes.get(o.id) ?? {}), points: points.get(o.id) ?? o.points }));
    const now = new Date();
    await q.insertRelease(trx, awardRelease({ ...tender, status }, buyerParty(agency), evaluated, deps.country.code, `${tender.ocid}-${uuidv7()}`, now));
    await recordAudit(trx, {
      actor: { type: 'official', id: account.id },
      action: 'procurement.offers_scored',
      subject: { type: 'tender', id: tender.id },
      data: { offers: waiting.map((o) => ({ id: o.id, points: points.get(o.id), outcome: outcomes.get(o.id)?.outcome })), winner: winner?.id ?? null },
      requestId,
    });
  });
}
