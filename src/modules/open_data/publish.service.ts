// The platform publishes itself: each module's `openData` dataset and public statistic
// (deps.openData, the contract's one read path) becomes a dataset of the catalog, snapshotted
// by the `open_data:publish_platform` job (on a schedule, and when a module announces a
// change), versioned (a new version only when the rows changed) and with its provenance.
import type { Deps } from '../../platform/module.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { findOrganization } from './catalog.queries.ts';
import { saveDataset } from './catalog.service.ts';
import { checkCsv } from './csv-check.ts';
import { toCsv } from './datastore.service.ts';
import { stableUuid } from './ids.ts';
import type { DictionaryField } from './open-data.types.ts';
import { tabularResource } from './tabular.service.ts';

export const PLATFORM_ORGANIZATION = (deps: Pick<Deps, 'country'>) => ({
  id: stableUuid('organization:tambo'),
  name: 'tambo',
  title: 'Tambo, la plataforma de gobierno digital',
  description: `Las cifras y registros que la plataforma publica de sí misma (${deps.country.name.es}).`,
  agencyCode: null,
  homepage: null,
});

/** The catalog name of a publication: `tambo-<module>-<id>`. */
export const platformDatasetName = (id: string): string => `tambo-${id.replace(/[._]/g, '-')}`;

const cellText = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/**
 * What a column of a platform dataset means, for its data dictionary: the declaration's own
 * words when its row schema describes the column, else what the contract says of it (a
 * statistic's figure or dimension, a field of the module's register).
 */
function columnMeaning(entry: Deps['openData']['entries'][number], column: string): string {
  const described = (entry.schema?.properties as Record<string, { description?: unknown; title?: unknown }> | undefined)?.[column];
  const own = described?.description ?? described?.title;
  if (typeof own === 'string' && own) return own;
  if (entry.kind === 'statistic') {
    if (['count', 'sum', 'median'].includes(column)) return `${column} of ${entry.id}${entry.unit ? ` (${entry.unit})` : ''}; cells under 5 are suppressed`;
    return `a dimension of ${entry.id}: the group the figures of the row count`;
  }
  return `the field ${column} of the register ${entry.id}, as the ${entry.module} module publishes it`;
}

export async function publishPlatformDatasets(deps: Deps): Promise<{ published: number; changed: number }> {
  const t = translator(deps.catalogs, 'es');
  const organization = await findOrganization(deps.db, 'tambo');
  if (!organization) return { published: 0, changed: 0 };
  let changed = 0;
  for (const entry of deps.openData.entries) {
    const items = (await deps.openData.read(entry.id)) ?? [];
    const columns = [...new Set(items.flatMap((item) => Object.keys(item)))].filter((c) => c !== 'buckets');
    const rows = items.map((item) => columns.map((c) => cellText(item[c])));
    // The column types as an upload's would be inferred.
    const checked = checkCsv(
      Buffer.from(
        toCsv(
          columns,
          items.map((item) => Object.fromEntries(columns.map((c) => [c, cellText(item[c])]))),
        ),
      ),
    );
    const fields: DictionaryField[] = columns.map((c, i) => ({
      id: c,
      type: checked.types[i] ?? 'text',
      label: c,
      unit: c === 'count' || c === 'sum' ? (entry.unit ?? '') : '',
      notes: columnMeaning(entry, c),
    }));
    const title = t(entry.titleKey);
    const saved = await deps.db.transaction().execute(async (trx) => {
      const resources = fields.length ? [await tabularResource(trx, { name: `${title} (CSV)`, description: t(entry.descriptionKey), fields, rows })] : [];
      resources.push({
        name: `${title} (JSON)`,
        description: 'La misma publicación en JSON, al día.',
        format: 'JSON',
        mimetype: 'application/json',
        fileSha256: null,
        url: `${deps.config.publicUrl}/api/v1/open-data/${entry.id}`,
        size: null,
        dictionary: [],
        datastoreTable: null,
        datastoreRows: null,
      });
      return saveDataset(
        { db: trx },
        {
          name: platformDatasetName(entry.id),
          title,
          notes: `${t(entry.descriptionKey)}. ${entry.kind === 'statistic' ? `Estadística de la plataforma (${entry.unit ?? ''}), por ${(entry.dimensions ?? []).join(', ')}; las celdas con menos de 5 casos se ocultan.` : 'Registro publicado por la plataforma.'}`,
          organizationId: organization.id,
          licenseId: 'cc-by',
          tags: ['tambo', entry.module, entry.kind === 'statistic' ? 'estadisticas' : 'registros'],
          themes: ['gobierno'],
          temporalStart: null,
          temporalEnd: null,
          spatial: null,
          frequency: entry.refresh === 'live' ? 'DAILY' : entry.refresh === 'monthly' ? 'MONTHLY' : 'DAILY',
          contactName: 'Tambo',
          contactEmail: `datos.abiertos@tambo.gob.${deps.country.code.toLowerCase()}`,
          provenance: `Instantánea de la publicación ${entry.id} del módulo ${entry.module} (GET /api/v1/open-data/${entry.id}), tomada por el trabajo open_data:publish_platform.`,
          source: 'platform',
          sourceKey: entry.id,
        },
        resources,
        { type: 'system' },
        { note: `Snapshot of ${entry.id}: ${items.length} rows` },
      );
    });
    if (saved.outcome !== 'unchanged') changed++;
  }
  return { published: deps.openData.entries.length, changed };
}
