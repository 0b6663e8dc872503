// Use cases of the territorial registry.
import { recordAudit } from '../../platform/audit/audit.ts';
import { territoriesFor } from '../../platform/country/territories.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { findChildTerritories, findTerritoriesByCodes, findTerritory, upsertTerritory } from './territory.queries.ts';
import type { Territory } from './territory.types.ts';

export async function getTerritory(deps: Pick<Deps, 'db'>, code: string): Promise<Territory> {
  const territory = await findTerritory(deps.db, code);
  if (!territory) throw new AppError('TERRITORY_NOT_FOUND', { params: { code } });
  return territory;
}

/** The unit and every unit above it, from the top level down. */
export async function getTerritoryWithAncestors(deps: Pick<Deps, 'db'>, code: string): Promise<Territory[]> {
  const territory = await getTerritory(deps, code);
  const all = await findTerritoriesByCodes(deps.db, territory.path);
  const byCode = new Map(all.map((t) => [t.code, t]));
  return territory.path.map((c) => byCode.get(c)).filter((t): t is Territory => t !== undefined);
}

export async function listTerritories(deps: Pick<Deps, 'db'>, parentCode: string | null, level?: string): Promise<Territory[]> {
  if (parentCode !== null) await getTerritory(deps, parentCode);
  return findChildTerritories(deps.db, parentCode, { level });
}

/** Loads the country profile's territorial tree (idempotent; each change audited). */
export async function seedTerritories(deps: Pick<Deps, 'db' | 'country'>): Promise<number> {
  const seeds = territoriesFor(deps.country.code);
  const paths = new Map<string, string[]>();
  let changed = 0;
  await deps.db.transaction().execute(async (trx) => {
    for (const seed of seeds) {
      const parentPath = seed.parent ? paths.get(seed.parent) : [];
      if (!parentPath) throw new Error(`territory ${seed.code} comes before its parent ${seed.parent}`);
      const path = [...parentPath, seed.code];
      paths.set(seed.code, path);
      const territory: Territory = {
        code: seed.code,
        country: deps.country.code,
        level: seed.level,
        name: seed.name,
        parentCode: seed.parent,
        path,
        isCapital: seed.capital === true,
        isDemo: seed.demo === true,
      };
      if (await upsertTerritory(trx, territory)) {
        changed += 1;
        await recordAudit(trx, {
          actor: { type: 'system', id: 'seed' },
          action: 'territories.territory_loaded',
          subject: { type: 'territory', id: seed.code },
          data: { level: seed.level, parent: seed.parent },
        });
      }
    }
  });
  return changed;
}
