// What the download addresses serve: a resource's file, and a DataStore query's rows as CSV
// or JSON (the same query datastore_search answers, up to 1 000 000 rows).
import { DATA_EXTENSIONS, type DataMediaType, readFile } from '../../platform/files/index.ts';
import type { Deps } from '../../platform/module.ts';
import { getDataset } from './catalog.service.ts';
import { queryDatastore } from './datastore.queries.ts';
import { datastoreQueryOf, findDatastoreResource, toCsv } from './datastore.service.ts';

export const DUMP_LIMIT = 1_000_000;

export async function resourceFile(deps: Pick<Deps, 'dbRead'>, datasetName: string, resourceId: string) {
  const dataset = await getDataset(deps, datasetName);
  const resource = dataset?.resources.find((r) => r.id === resourceId);
  if (!dataset || !resource?.fileSha256) return undefined;
  const file = await readFile<DataMediaType>(deps.dbRead, resource.fileSha256);
  if (!file) return undefined;
  const extension = DATA_EXTENSIONS[file.mediaType] ?? '';
  return { ...file, filename: `${dataset.name}-${resource.position + 1}${extension}` };
}

export async function datastoreDump(deps: Deps, params: Record<string, unknown>, format: 'csv' | 'json'): Promise<{ filename: string; body: string }> {
  const resource = await findDatastoreResource(deps, params);
  const query = datastoreQueryOf(resource, params, { defaultLimit: DUMP_LIMIT, maxLimit: DUMP_LIMIT });
  const { records } = await queryDatastore(deps.dbRead, { ...query, total: false });
  const filename = `${resource.id}.${format}`;
  if (format === 'json')
    return {
      filename,
      body: JSON.stringify({
        fields: query.select.map((id) => ({ id, type: resource.dictionary.find((f) => f.id === id)?.type ?? 'int' })),
        records: records.map((r) => query.select.map((c) => r[c])),
      }),
    };
  return { filename, body: toCsv(query.select, records) };
}
