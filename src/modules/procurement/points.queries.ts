// Every SQL statement of the points rule's scoring (docs/procurement.md, "Points").
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { Outcome, TenderStatus } from './procurement.types.ts';

export async function insertScores(trx: Queryable, scores: Array<{ offerId: string; criterion: string; score: number }>, scoredBy: string): Promise<void> {
  if (scores.length === 0) return;
  await sql`INSERT INTO procurement.offer_score (offer_id, criterion, score, scored_by)
    SELECT * FROM unnest(${scores.map((s) => s.offerId)}::uuid[], ${scores.map((s) => s.criterion)}::text[], ${scores.map((s) => s.score)}::numeric[], ${scores.map(() => scoredBy)}::uuid[])`.execute(
    trx,
  );
}

export async function writeScoredOffer(trx: Queryable, id: string, e: { points: number; outcome: Outcome; reason: string }): Promise<void> {
  await sql`UPDATE procurement.offer SET points = ${e.points}, outcome = ${e.outcome}, reason = ${e.reason} WHERE id = ${id}`.execute(trx);
}

/** The award after the scores, once: false when the process was scored already. */
export async function writeScoredAward(trx: Queryable, id: string, a: { awardedOfferId: string | null; standstillEndsAt: Date | null; status: TenderStatus }): Promise<boolean> {
  const r = await sql`UPDATE procurement.tender SET scored_at = now(), awarded_offer_id = ${a.awardedOfferId}, standstill_ends_at = ${a.standstillEndsAt}, status = ${a.status}
    WHERE id = ${id} AND scored_at IS NULL AND status = 'active' AND opened_at IS NOT NULL`.execute(trx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** The committee's scores of a process: offer → criterion → score. */
export async function scoresOf(db: Queryable, tenderId: string): Promise<Map<string, Record<string, number>>> {
  const { rows } = await sql<{ offer_id: string; criterion: string; score: string }>`SELECT s.offer_id, s.criterion, s.score FROM procurement.offer_score s
    JOIN procurement.offer o ON o.id = s.offer_id WHERE o.tender_id = ${tenderId}`.execute(db);
  const result = new Map<string, Record<string, number>>();
  for (const r of rows) result.set(r.offer_id, { ...result.get(r.offer_id), [r.criterion]: Number(r.score) });
  return result;
}
