// The public ranking of entities (issue #25, "the incentive" of seed 001, docs/entities.md#ranking):
// a published formula over four terms, no I/O here. For an entity with published procedures:
// - online: online ÷ published procedures, in percent;
// - saving: the mean, over its published procedures, of the share of the first version's burden
//   (steps + requirements + visits to an office) that the version in force removed, in percent;
// - commitments: service-charter commitments met ÷ commitments with a target and a figure, in percent;
// - complaints: citizen reports answered within the legal time ÷ reports answered, in the year, in percent.
// Score: the mean of the terms that have data, each bounded to 0–100 (a term without data, such
// as no measured commitment, is left out, never counted as 100). Higher score first, then more
// online procedures, then the name; equal score and online count share a rank. Entities with
// no published procedure are not ranked (listed apart), so publishing nothing cannot rank.

export interface RankingInput {
  code: string;
  name: string;
  level: string;
  published: number;
  online: number;
  /** The saving per procedure, in percent (negative when the burden grew). */
  savingPercent: number;
  commitmentsMeasured: number;
  commitmentsMet: number;
  complaintsAnswered: number;
  complaintsInTime: number;
}

export interface RankedEntity extends RankingInput {
  /** Percent, 2 decimals. */
  share: number;
  /** Percent, 2 decimals; null without a measured commitment. */
  commitments: number | null;
  /** Percent, 2 decimals; null without an answered report. */
  complaints: number | null;
  /** The composite score, 2 decimals. */
  score: number;
  /** 1 for the first; entities with the same score and online count share a rank. */
  rank: number;
}

const percent = (part: number, whole: number) => Math.round((part / whole) * 10_000) / 100;
const bounded = (value: number) => Math.min(100, Math.max(0, value));

/** The composite score of the terms with data (each bounded to 0–100), 2 decimals. */
export function compositeScore(terms: ReadonlyArray<number | null>): number {
  const known = terms.filter((term): term is number => term !== null).map(bounded);
  return known.length === 0 ? 0 : Math.round((known.reduce((sum, term) => sum + term, 0) / known.length) * 100) / 100;
}

export function rankEntities(entities: readonly RankingInput[]): {
  ranked: RankedEntity[];
  unranked: Array<{ code: string; name: string; level: string }>;
} {
  const scored = entities
    .filter((e) => e.published > 0)
    .map((e) => {
      const share = percent(e.online, e.published);
      const commitments = e.commitmentsMeasured > 0 ? percent(e.commitmentsMet, e.commitmentsMeasured) : null;
      const complaints = e.complaintsAnswered > 0 ? percent(e.complaintsInTime, e.complaintsAnswered) : null;
      return { ...e, share, commitments, complaints, score: compositeScore([share, e.savingPercent, commitments, complaints]) };
    })
    .sort((a, b) => b.score - a.score || b.online - a.online || a.name.localeCompare(b.name, 'es'));
  const ranked: RankedEntity[] = [];
  scored.forEach((e, index) => {
    const previous = ranked[index - 1];
    const rank = previous && previous.score === e.score && previous.online === e.online ? previous.rank : index + 1;
    ranked.push({ ...e, rank });
  });
  const unranked = entities.filter((e) => e.published === 0).map((e) => ({ code: e.code, name: e.name, level: e.level }));
  return { ranked, unranked };
}
