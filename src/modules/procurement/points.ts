// The points rule (docs/procurement.md, "Points"): the need declares the weight of the price and
// of each quality criterion (adding up to 100); the committee scores each qualified offer on each
// criterion from 0 to 100. An offer's total = price weight × lowest price ÷ its price + Σ weight ×
// score ÷ 100, rounded to hundredths; the highest total wins, a tie goes to the lower price, then
// to the earlier receipt.
import type { FieldError } from '../../platform/errors.ts';

export interface Criterion {
  id: string;
  name: string;
  weight: number;
}

const WEIGHT = /^\d{1,3}$/;

/**
 * The weights of a points need from its form: the price's weight and one criterion a line, "name:
 * weight" (1 to 5 criteria, whole numbers, everything adding up to 100).
 */
export function parseWeights(priceWeight: string, criteriaText: string): { priceWeight: number; criteria: Criterion[] } | FieldError[] {
  const lines = criteriaText
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const criteria: Criterion[] = [];
  for (const [index, line] of lines.entries()) {
    const match = /^(.{2,80}?)\s*:\s*(\d{1,3})$/.exec(line);
    if (!match) return [{ field: 'criteria', messageKey: 'procurement.errors.criteria' }];
    criteria.push({ id: `c${index + 1}`, name: match[1]!.trim(), weight: Number(match[2]) });
  }
  if (!WEIGHT.test(priceWeight.trim())) return [{ field: 'priceWeight', messageKey: 'procurement.errors.priceWeight' }];
  const price = Number(priceWeight.trim());
  if (criteria.length < 1 || criteria.length > 5 || criteria.some((c) => c.weight < 1)) return [{ field: 'criteria', messageKey: 'procurement.errors.criteria' }];
  if (price + criteria.reduce((sum, c) => sum + c.weight, 0) !== 100) return [{ field: 'priceWeight', messageKey: 'procurement.errors.weightsSum' }];
  return { priceWeight: price, criteria };
}

/** The totals of the qualified offers from their prices and the committee's scores (criterion id → 0..100). */
export function totals(weights: { priceWeight: number; criteria: Criterion[] }, offers: Array<{ id: string; amount: number; scores: Record<string, number> }>): Map<string, number> {
  const lowest = Math.min(...offers.map((o) => o.amount));
  const result = new Map<string, number>();
  for (const o of offers) {
    const quality = weights.criteria.reduce((sum, c) => sum + (c.weight * (o.scores[c.id] ?? 0)) / 100, 0);
    result.set(o.id, Math.round(((weights.priceWeight * lowest) / o.amount + quality) * 100) / 100);
  }
  return result;
}

/** The award criteria as OCDS publishes them (`awardCriteria` `ratedCriteria`, and the details in words). */
export function awardCriteriaDetails(weights: { priceWeight: number; criteria: Criterion[] }): string {
  const quality = weights.criteria.map((c) => `${c.name} ${c.weight}`).join(', ');
  return `Points out of 100: price ${weights.priceWeight} (lowest price × ${weights.priceWeight} ÷ the offer's price), ${quality} (the committee's score 0-100 × weight ÷ 100); highest total wins, a tie goes to the lower price, then to the earlier offer`;
}
