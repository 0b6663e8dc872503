// Service-charter commitments measured (issue #25, docs/entities.md): a commitment may carry a
// metric and a target, measured against the procedure's own public figures. In the publisher's
// editor a target is written at the end of the commitment's line, after a bar:
// `… | en plazo 90` (share decided within the legal time, in %, at least), `… | satisfacción 4`
// (average rating from 1 to 5, at least), `… | días 10` (median business days to decide, at most).
import type { ProcedureStatistics } from './procedure.types.ts';

export const COMMITMENT_METRICS = ['in_time', 'satisfaction', 'median_days'] as const;
export type CommitmentMetric = (typeof COMMITMENT_METRICS)[number];

export interface CommitmentTarget {
  /** The commitment's position in the version's `commitments`, from 0. */
  commitment: number;
  metric: CommitmentMetric;
  target: number;
}

const WORDS: Record<CommitmentMetric, string> = { in_time: 'en plazo', satisfaction: 'satisfacción', median_days: 'días' };
const METRIC_OF: Record<string, CommitmentMetric> = { 'en plazo': 'in_time', satisfacción: 'satisfaction', satisfaccion: 'satisfaction', días: 'median_days', dias: 'median_days' };
const RANGE: Record<CommitmentMetric, [number, number]> = { in_time: [0, 100], satisfaction: [1, 5], median_days: [1, 365] };

/** The editor's lines as commitments and targets; `bad` lists the lines (from 0) whose target cannot be read. */
export function parseCommitmentLines(lines: readonly string[]): { commitments: string[]; targets: CommitmentTarget[]; bad: number[] } {
  const commitments: string[] = [];
  const targets: CommitmentTarget[] = [];
  const bad: number[] = [];
  for (const line of lines) {
    const bar = line.lastIndexOf('|');
    if (bar < 0) {
      commitments.push(line.trim());
      continue;
    }
    const text = line.slice(0, bar).trim();
    const found = /^(en plazo|satisfacci[oó]n|d[ií]as)\s+(\d{1,3}(?:[.,]\d)?)$/i.exec(line.slice(bar + 1).trim());
    const metric = found ? METRIC_OF[found[1]!.toLowerCase()] : undefined;
    if (!found || !metric || !text) bad.push(commitments.length);
    else targets.push({ commitment: commitments.length, metric, target: Number(found[2]!.replace(',', '.')) });
    commitments.push(text || line.trim());
  }
  return { commitments, targets, bad };
}

/** The editor's lines of stored commitments, each with its target written back after a bar. */
export function commitmentLines(commitments: readonly string[], targets: readonly CommitmentTarget[]): string {
  return commitments
    .map((text, i) => {
      const target = targets.find((t) => t.commitment === i);
      return target ? `${text} | ${WORDS[target.metric]} ${target.target}` : text;
    })
    .join('\n');
}

/** Whether a target is well formed for a version with `count` commitments. */
export function targetProblem(target: CommitmentTarget, count: number): boolean {
  const range = RANGE[target.metric];
  return !range || !Number.isInteger(target.commitment) || target.commitment < 0 || target.commitment >= count || !(target.target >= range[0] && target.target <= range[1]);
}

export interface CommitmentResult {
  text: string;
  target: CommitmentTarget | undefined;
  /** The figure measured (% for in_time), null when there is none yet. */
  actual: number | null;
  /** null: nothing to measure yet (no target, or no figure). */
  met: boolean | null;
}

/** Each commitment with its target measured against the procedure's figures. */
export function measureCommitments(
  commitments: readonly string[],
  targets: readonly CommitmentTarget[],
  statistics: Pick<ProcedureStatistics, 'shareWithinLegalTime' | 'satisfactionAverage' | 'medianDaysToComplete'> | undefined,
): CommitmentResult[] {
  return commitments.map((text, i) => {
    const target = targets.find((t) => t.commitment === i);
    if (!target) return { text, target, actual: null, met: null };
    const actual =
      target.metric === 'in_time'
        ? statistics?.shareWithinLegalTime == null
          ? null
          : Math.round(statistics.shareWithinLegalTime * 1000) / 10
        : target.metric === 'satisfaction'
          ? (statistics?.satisfactionAverage ?? null)
          : (statistics?.medianDaysToComplete ?? null);
    const met = actual === null ? null : target.metric === 'median_days' ? actual <= target.target : actual >= target.target;
    return { text, target, actual, met };
  });
}
