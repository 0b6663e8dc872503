// Red flags (docs/procurement.md, "Red flags"): what procurement monitors compute by hand from
// published data, computed live on each process and in aggregate. Pure: no I/O.
import type { Tender } from './procurement.types.ts';

export type RedFlag = 'single_bidder' | 'short_period' | 'above_reference' | 'repeated_winner';

/** A tender period shorter than this many days is flagged. */
export const SHORT_PERIOD_DAYS = 5;
/** An award more than this share above the reference price is flagged. */
export const ABOVE_REFERENCE = 0.2;
/** A supplier winning this many processes or more of one entity is flagged there. */
export const REPEATED_WINS = 3;

export interface AwardFacts {
  tender: Tender;
  supplierKey: string;
  amount: number;
  bidders: number;
}

/** The flags of one process, given every award (for repeated winners). */
export function flagsOf(tender: Tender, award: AwardFacts | undefined, awards: AwardFacts[]): RedFlag[] {
  const flags: RedFlag[] = [];
  if ((tender.deadline.getTime() - tender.publishedAt.getTime()) / 86_400_000 < SHORT_PERIOD_DAYS) flags.push('short_period');
  if (award) {
    if (award.bidders === 1) flags.push('single_bidder');
    if (award.amount > tender.referenceAmount * (1 + ABOVE_REFERENCE)) flags.push('above_reference');
    const wins = awards.filter((a) => a.tender.agencyCode === tender.agencyCode && a.supplierKey === award.supplierKey).length;
    if (wins >= REPEATED_WINS) flags.push('repeated_winner');
  }
  return flags;
}

/** How many processes carry each flag, by entity. */
export function flagTotals(tenders: Tender[], awards: AwardFacts[]): Array<{ agencyCode: string; processes: number; flags: Record<RedFlag, number> }> {
  const byAgency = new Map<string, { agencyCode: string; processes: number; flags: Record<RedFlag, number> }>();
  for (const tender of tenders) {
    const entry = byAgency.get(tender.agencyCode) ?? { agencyCode: tender.agencyCode, processes: 0, flags: { single_bidder: 0, short_period: 0, above_reference: 0, repeated_winner: 0 } };
    entry.processes += 1;
    for (const flag of flagsOf(
      tender,
      awards.find((a) => a.tender.id === tender.id),
      awards,
    ))
      entry.flags[flag] += 1;
    byAgency.set(tender.agencyCode, entry);
  }
  return [...byAgency.values()].sort((a, b) => a.agencyCode.localeCompare(b.agencyCode));
}
