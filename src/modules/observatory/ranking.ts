// The public ranking of entities by online procedures (issue #25, "the incentive" of seed 001,
// docs/entities.md#ranking): a published formula over the catalog's offer, no I/O here.
// Formula: share = online ÷ published procedures (percent, 2 decimals); higher share first,
// then more online procedures, then the name. Entities with no published procedure are not
// ranked (listed apart), so an entity cannot climb by publishing nothing.

export interface RankedEntity {
  code: string;
  name: string;
  level: string;
  published: number;
  online: number;
  /** Percent, 2 decimals. */
  share: number;
  /** 1 for the first; entities with the same share and online count share a rank. */
  rank: number;
}

export function rankByOnline(entities: ReadonlyArray<{ code: string; name: string; level: string; published: number; online: number }>): {
  ranked: RankedEntity[];
  unranked: Array<{ code: string; name: string; level: string }>;
} {
  const scored = entities
    .filter((e) => e.published > 0)
    .map((e) => ({ code: e.code, name: e.name, level: e.level, published: e.published, online: e.online, share: Math.round((e.online / e.published) * 10_000) / 100 }))
    .sort((a, b) => b.share - a.share || b.online - a.online || a.name.localeCompare(b.name, 'es'));
  const ranked: RankedEntity[] = [];
  scored.forEach((e, index) => {
    const previous = ranked[index - 1];
    const rank = previous && previous.share === e.share && previous.online === e.online ? previous.rank : index + 1;
    ranked.push({ ...e, rank });
  });
  const unranked = entities.filter((e) => e.published === 0).map((e) => ({ code: e.code, name: e.name, level: e.level }));
  return { ranked, unranked };
}
