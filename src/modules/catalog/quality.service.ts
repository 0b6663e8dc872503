// Two of the ranking's terms per agency (issue #25, docs/entities.md#ranking), from the catalog's
// own figures: the saving per procedure (its simplification history: the burden on the person
// of the version in force against the first) and its service-charter commitments met
// (commitments.ts, measured against each procedure's statistics).
import type { Deps } from '../../platform/module.ts';
import { type CommitmentTarget, measureCommitments } from './commitments.ts';
import { selectProcedureQuality } from './procedure-offer.queries.ts';
import { listProcedureStatistics } from './statistics.service.ts';

export interface AgencyQuality {
  agencyCode: string;
  /** Published procedures. */
  procedures: number;
  /**
   * Mean over its published procedures of the share of the first version's burden (steps +
   * requirements + visits) the version in force removed, in percent, 2 decimals (negative when
   * it grew; a procedure with one version saved 0; one whose first version asked nothing, 0).
   */
  savingPercent: number;
  /** Commitments with a target and a figure to measure it, and how many of them are met. */
  commitmentsMeasured: number;
  commitmentsMet: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The saving and commitments of every agency with a published procedure. */
export async function procedureQualityByAgency(deps: Pick<Deps, 'db'>): Promise<AgencyQuality[]> {
  const [rows, statistics] = await Promise.all([selectProcedureQuality(deps), listProcedureStatistics(deps)]);
  const statsOf = new Map(statistics.map((s) => [s.procedureId, s]));
  const agencies = new Map<string, AgencyQuality & { savingSum: number }>();
  for (const row of rows) {
    let agency = agencies.get(row.agencyCode);
    if (!agency) {
      agency = { agencyCode: row.agencyCode, procedures: 0, savingPercent: 0, commitmentsMeasured: 0, commitmentsMet: 0, savingSum: 0 };
      agencies.set(row.agencyCode, agency);
    }
    agency.procedures += 1;
    agency.savingSum += row.burdenFirst > 0 ? (row.burdenFirst - row.burdenNow) / row.burdenFirst : 0;
    const targets = Array.isArray(row.commitmentTargets) ? (row.commitmentTargets as CommitmentTarget[]) : [];
    for (const result of measureCommitments(row.commitments, targets, statsOf.get(row.procedureId))) {
      if (result.met === null) continue;
      agency.commitmentsMeasured += 1;
      if (result.met) agency.commitmentsMet += 1;
    }
  }
  return [...agencies.values()].map(({ savingSum, ...agency }) => ({ ...agency, savingPercent: round2((savingSum / agency.procedures) * 100) }));
}
