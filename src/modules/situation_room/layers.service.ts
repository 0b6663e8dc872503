// Reports by layer feature (cuadrantes de paz in the Venezuelan profile, health networks in the
// Bolivian demo): when a report with coordinates is submitted, the room finds the features of
// every territory layer that contain it (`locateInLayer`) and counts the report in the figure
// `situation_room.reports_in_layer`, so the room reads counts per feature from the stats
// contract, never by scanning reports on a request.
import type { DomainEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { readStat, recordStat } from '../../platform/stats/stats.ts';
import { getLayer, listLayers, locateInLayer, type Names } from '../territories/index.ts';
import { figureValue, type FigureValue } from './room.service.ts';
import { roomStats } from './room.stats.ts';

export async function countReportInLayers(deps: Deps, event: DomainEvent): Promise<number> {
  const { lat, lon, territoryPath } = event.payload as { lat?: unknown; lon?: unknown; territoryPath?: unknown };
  if (typeof lat !== 'number' || typeof lon !== 'number') return 0;
  const path = Array.isArray(territoryPath) ? territoryPath.filter((c): c is string => typeof c === 'string') : [];
  let counted = 0;
  for (const layer of await listLayers(deps)) {
    for (const feature of await locateInLayer(deps, layer.code, { lat, long: lon })) {
      await recordStat(deps.db, roomStats.reports_in_layer, { territory: path, layer: layer.code, feature: feature.code, at: event.createdAt });
      counted += 1;
    }
  }
  return counted;
}

export interface LayerCounts {
  code: string;
  name: Names;
  features: Array<{ code: string; name: Names; value: FigureValue }>;
}

/** Reports per feature of each layer, within a territory (public read: small counts withheld). */
export async function reportsByLayer(deps: Deps, territoryCode: string | null, operator: boolean): Promise<LayerCounts[]> {
  const rows = await readStat(deps.dbRead, roomStats.reports_in_layer, {
    public: !operator,
    groupBy: ['layer', 'feature'],
    ...(territoryCode ? { territory: territoryCode } : {}),
  });
  if (rows.length === 0) return [];
  const layers = [...new Set(rows.map((r) => r.group.layer!))];
  return Promise.all(
    layers.map(async (code) => {
      const { layer, features } = await getLayer(deps, code);
      const names = new Map(features.map((f) => [f.code, f.name]));
      return {
        code,
        name: layer.name,
        features: rows
          .filter((r) => r.group.layer === code)
          .map((r) => ({ code: r.group.feature!, name: names.get(r.group.feature!) ?? { es: r.group.feature!, en: r.group.feature! }, value: figureValue(roomStats.reports_in_layer, r) })),
      };
    }),
  );
}
