// The demo catalog (idempotent): organizations for the directory's agencies and the platform,
// the themes, the datasets of demo/specs.ts with their tables, and the platform's own
// snapshots (publish.service.ts).
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { listAgencies } from '../agencies/index.ts';
import { upsertOrganization, upsertTheme } from './catalog.queries.ts';
import { saveDataset } from './catalog.service.ts';
import { COUNTERPART_VE, SPECS_BO, THEMES } from './demo/specs.ts';
import { allTerritories, buildTable } from './demo/tables.ts';
import { PLATFORM_ORGANIZATION, publishPlatformDatasets } from './publish.service.ts';
import { tabularResource } from './tabular.service.ts';

const SYSTEM = { type: 'system' as const };

export async function seedOpenData(deps: Deps): Promise<void> {
  const country = deps.country.code.toLowerCase();
  for (const theme of THEMES) await upsertTheme(deps.db, { id: uuidv7(), name: theme.name, title: theme.title, description: `Datos de ${theme.title.toLowerCase()}.`, euTheme: theme.eu });
  const organizations = new Map<string, string>();
  for (const agency of await listAgencies(deps)) {
    const org = await upsertOrganization(deps.db, { id: uuidv7(), name: agency.code.toLowerCase(), title: agency.name, description: agency.mission, agencyCode: agency.code, homepage: null });
    organizations.set(agency.code, org.id);
  }
  await upsertOrganization(deps.db, PLATFORM_ORGANIZATION(deps));
  const territories = await allTerritories(deps);
  for (const spec of SPECS_BO) {
    if (spec.table.kind === 'population' && country !== 'bo') continue;
    const agency = country === 'bo' ? spec.agency : (COUNTERPART_VE[spec.agency] ?? spec.agency);
    const organizationId = organizations.get(agency);
    if (!organizationId) continue;
    const table = await buildTable(deps, spec.table, territories);
    const years = table.rows.map((row) => row[0] ?? '').filter((v) => /^\d{4}/.test(v));
    await deps.db.transaction().execute(async (trx) => {
      const resource = await tabularResource(trx, { name: `${spec.title} (CSV)`, description: spec.notes, fields: table.fields, rows: table.rows });
      await saveDataset(
        { db: trx },
        {
          name: spec.name,
          title: spec.title,
          notes: spec.notes,
          organizationId,
          licenseId: spec.license,
          tags: spec.tags,
          themes: spec.themes,
          temporalStart: years.length ? `${years.sort()[0]!.slice(0, 4)}-01-01` : null,
          temporalEnd: years.length ? `${years.sort().at(-1)!.slice(0, 4)}-12-31` : null,
          spatial: country === 'bo' ? (spec.spatial ?? null) : null,
          frequency: spec.frequency,
          contactName: `Unidad de datos abiertos (${agency})`,
          contactEmail: `datos.abiertos@${agency.toLowerCase()}.gob.${country}`,
          provenance: 'Datos de demostración de Tambo, construidos a partir de los hechos del país (src/modules/open_data/demo).',
          source: 'agency',
          sourceKey: null,
        },
        [resource],
        SYSTEM,
        { note: 'Demo data' },
      );
    });
  }
  await publishPlatformDatasets(deps);
}
