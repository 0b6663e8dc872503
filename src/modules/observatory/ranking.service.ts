// The ranking's figures per entity (docs/entities.md#ranking): the register and the catalog's
// offer (entityFigures), the catalog's saving per procedure and commitments met, and the
// reports module's public figures of answers within the legal time, read through readStat
// (never its tables) for the year, grouped by the agency responsible.
import type { Deps } from '../../platform/module.ts';
import { readStat } from '../../platform/stats/stats.ts';
import { procedureQualityByAgency } from '../catalog/index.ts';
import { publicFigure } from './figures.service.ts';
import { entityFigures } from './levels.service.ts';
import { type RankedEntity, rankEntities } from './ranking.ts';

const DAY = 86_400_000;

/** Per agency code, one public figure's count in the year (the country's calendar). */
export async function countsByAgency(deps: Deps, figure: string, year: number): Promise<Map<string, number>> {
  const stat = publicFigure(deps, figure);
  const counts = new Map<string, number>();
  if (!stat) return counts;
  const rows = await readStat(deps.dbRead, stat, {
    from: new Date(Date.UTC(year, 0, 1) - DAY),
    to: new Date(Date.UTC(year + 1, 0, 1) + DAY),
    groupBy: ['agency', 'year'],
    timeZone: deps.country.timeZone,
  });
  for (const row of rows) if (row.group.year === String(year) && row.group.agency) counts.set(row.group.agency, (counts.get(row.group.agency) ?? 0) + (row.count ?? 0));
  return counts;
}

export async function rankingView(deps: Deps, year: number): Promise<{ year: number; ranked: RankedEntity[]; unranked: Array<{ code: string; name: string; level: string }> }> {
  const [entities, quality, answered, inTime] = await Promise.all([
    entityFigures(deps, year),
    procedureQualityByAgency(deps),
    // Every first answer records its hours; those within the legal time are counted apart.
    countsByAgency(deps, 'reports.response_hours', year),
    countsByAgency(deps, 'reports.answered_in_time', year),
  ]);
  const qualityOf = new Map(quality.map((q) => [q.agencyCode, q]));
  return {
    year,
    ...rankEntities(
      entities.map((e) => ({
        code: e.code,
        name: e.name,
        level: e.level,
        published: e.published,
        online: e.online,
        savingPercent: qualityOf.get(e.code)?.savingPercent ?? 0,
        commitmentsMeasured: qualityOf.get(e.code)?.commitmentsMeasured ?? 0,
        commitmentsMet: qualityOf.get(e.code)?.commitmentsMet ?? 0,
        complaintsAnswered: answered.get(e.code) ?? 0,
        complaintsInTime: inTime.get(e.code) ?? 0,
      })),
    ),
  };
}
