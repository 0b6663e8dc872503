// Reports by layer feature (cuadrantes de paz in the Venezuelan profile, health networks in the
// Bolivian demo): when a report with coordinates is submitted, the room finds the features of
// every territory layer that contain it (`locateInLayer`) and counts the report in the figure
// `situation_room.reports_in_layer`, so the room reads counts per feature from the stats
// contract, never by scanning reports on a request. A rebuild (a layer imported or replaced,
// the job `situation_room:rebuild_layer_counts`) clears the figure and recounts it from the
// public reports' points, read through reports' index in batches.
import type { DomainEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { clearStat, foldStats, readStat, recordStat, recordStats, type StatDims } from '../../platform/stats/stats.ts';
import { publicReportPoints } from '../reports/index.ts';
import { getLayer, listLayers, locateInLayer, type Names } from '../territories/index.ts';
import { lockLayerCounts, lockLayerCountsShared, saveRebuiltThrough, selectRebuiltThrough } from './layers.queries.ts';
import { figureValue, type FigureValue } from './room.service.ts';
import { roomStats } from './room.stats.ts';

/**
 * Counts a submitted report in the features of every layer that contain its point, unless the
 * last rebuild already counted it (its id is at or below the rebuild's watermark: an event
 * handled after a rebuild that read the report). Waits while a rebuild runs.
 */
export async function countReportInLayers(deps: Deps, event: DomainEvent): Promise<number> {
  const { lat, lon, territoryPath, reportId } = event.payload as { lat?: unknown; lon?: unknown; territoryPath?: unknown; reportId?: unknown };
  if (typeof lat !== 'number' || typeof lon !== 'number') return 0;
  const path = Array.isArray(territoryPath) ? territoryPath.filter((c): c is string => typeof c === 'string') : [];
  const layers = await listLayers(deps);
  const located = await Promise.all(layers.map(async (layer) => ({ layer, features: await locateInLayer(deps, layer.code, { lat, long: lon }) })));
  return deps.db.transaction().execute(async (trx) => {
    await lockLayerCountsShared(trx);
    if (typeof reportId === 'number' && reportId <= (await selectRebuiltThrough(trx))) return 0;
    let counted = 0;
    for (const { layer, features } of located) {
      for (const feature of features) {
        await recordStat(trx, roomStats.reports_in_layer, { territory: path, layer: layer.code, feature: feature.code, at: event.createdAt });
        counted += 1;
      }
    }
    return counted;
  });
}

/**
 * Recounts `situation_room.reports_in_layer` from every public report with a point (reports
 * filed before the room or the layer existed included): the figure is cleared and rebuilt in one
 * transaction, alone (two rebuilds take turns; the live counting waits), and the highest report
 * id counted is kept, so a report's event handled afterwards is not counted twice. Then folded.
 * The same reports give the same cells. Returns how many records it wrote.
 */
export async function rebuildLayerCounts(deps: Deps): Promise<number> {
  let counted = 0;
  await deps.db.transaction().execute(async (trx) => {
    await lockLayerCounts(trx);
    const layers = await listLayers(deps);
    await clearStat(trx, roomStats.reports_in_layer);
    let through = await selectRebuiltThrough(trx);
    for await (const batch of publicReportPoints(deps, { batchSize: 1000 })) {
      const records: Array<{ dims: StatDims }> = [];
      for (const point of batch) {
        through = Math.max(through, point.id);
        for (const layer of layers) {
          for (const feature of await locateInLayer(deps, layer.code, { lat: point.lat, long: point.lon })) {
            records.push({ dims: { territory: point.territoryPath, layer: layer.code, feature: feature.code, at: point.createdAt } });
          }
        }
      }
      await recordStats(trx, roomStats.reports_in_layer, records);
      counted += records.length;
    }
    await saveRebuiltThrough(trx, through);
  });
  await foldStats(deps.db);
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
