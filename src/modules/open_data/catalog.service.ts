// Use cases of the catalog: publishing a dataset (metadata, resources, history, audit), and
// the reads the CKAN API, DCAT and the pages share.
import { createHash } from 'node:crypto';
import { recordAudit, type AuditInput } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { type DatasetSearch, findDatasetId, findDatasetsByIds, findDatasetVersions, findThemes, saveDatasetRows, type SavedDataset, searchDatasetIds } from './catalog.queries.ts';
import { FREQUENCIES, LICENSE_BY_ID, type Dataset, type DatasetInput, type ResourceInput, type Theme } from './open-data.types.ts';

const NAME = /^[a-z0-9][a-z0-9_-]{1,99}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Field problems of a dataset, as the API and the back office report them. */
export function checkDatasetInput(input: DatasetInput): Array<{ field: string; messageKey: string }> {
  const problems: Array<{ field: string; messageKey: string }> = [];
  if (!NAME.test(input.name)) problems.push({ field: 'name', messageKey: 'open_data.errors.name' });
  if (!input.title.trim() || input.title.length > 300) problems.push({ field: 'title', messageKey: 'open_data.errors.title' });
  if (!LICENSE_BY_ID.has(input.licenseId)) problems.push({ field: 'license_id', messageKey: 'open_data.errors.license' });
  if (!(FREQUENCIES as readonly string[]).includes(input.frequency)) problems.push({ field: 'frequency', messageKey: 'open_data.errors.frequency' });
  if (!EMAIL.test(input.contactEmail)) problems.push({ field: 'contact_email', messageKey: 'open_data.errors.email' });
  if (input.temporalStart && input.temporalEnd && input.temporalStart > input.temporalEnd) problems.push({ field: 'temporal_end', messageKey: 'open_data.errors.temporal' });
  return problems;
}

/** A publisher's dataset: what is given, the rest as an agency's upload has it (no coverage, irregular, no themes or tags). */
export function agencyDatasetInput(
  p: Pick<DatasetInput, 'name' | 'title' | 'notes' | 'organizationId' | 'licenseId' | 'contactName' | 'contactEmail' | 'provenance'> & Partial<DatasetInput>,
): DatasetInput {
  return { tags: [], themes: [], temporalStart: null, temporalEnd: null, spatial: null, frequency: 'IRREG', source: 'agency', sourceKey: null, ...p };
}

/** What identifies a published version: the same content is no new version. */
export function contentHashOf(input: DatasetInput, resources: ResourceInput[]): string {
  return createHash('sha256').update(JSON.stringify({ input, resources })).digest('hex');
}

/**
 * Publishes a dataset (created or updated by name) with its resources, in one transaction
 * with its audit entry; nothing is written when nothing changed.
 */
export async function saveDataset(
  deps: { db: Queryable },
  input: DatasetInput,
  resources: ResourceInput[],
  actor: AuditInput['actor'],
  options: { note?: string; requestId?: string } = {},
): Promise<SavedDataset> {
  const problems = checkDatasetInput(input);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const hash = contentHashOf(input, resources);
  // Inside the caller's transaction when given one (a resource's file and table commit with it).
  const inTransaction = <T>(work: (trx: typeof deps.db) => Promise<T>) => (deps.db.isTransaction ? work(deps.db) : deps.db.transaction().execute(work));
  return inTransaction(async (trx) => {
    const saved = await saveDatasetRows(
      trx,
      uuidv7(),
      input,
      resources.map((r) => ({ ...r, id: uuidv7() })),
      hash,
      options.note ?? '',
    );
    if (saved.outcome !== 'unchanged') {
      await recordAudit(trx, {
        actor,
        action: saved.outcome === 'created' ? 'open_data.dataset_created' : 'open_data.dataset_updated',
        subject: { type: 'dataset', id: saved.id },
        data: { name: input.name, version: saved.version, resources: resources.length },
        requestId: options.requestId ?? null,
      });
    }
    return saved;
  });
}

export async function getDataset(deps: Pick<Deps, 'dbRead'>, idOrName: string): Promise<Dataset | undefined> {
  const id = await findDatasetId(deps.dbRead, idOrName);
  if (!id) return undefined;
  return (await findDatasetsByIds(deps.dbRead, [id]))[0];
}

/** The datasets a search finds (one page, in order) and how many it finds in all. */
export async function searchDatasets(deps: Pick<Deps, 'dbRead'>, search: DatasetSearch): Promise<{ count: number; datasets: Dataset[] }> {
  const found = await searchDatasetIds(deps.dbRead, search);
  return { count: found.count, datasets: await findDatasetsByIds(deps.dbRead, found.ids) };
}

export async function themesByName(deps: Pick<Deps, 'dbRead'>): Promise<Map<string, Theme>> {
  return new Map((await findThemes(deps.dbRead)).map((t) => [t.name, t]));
}

export async function datasetHistory(deps: Pick<Deps, 'dbRead'>, datasetId: string) {
  return findDatasetVersions(deps.dbRead, datasetId);
}
