// Use cases of the territorial registry.
import { recordAudit } from '../../platform/audit/audit.ts';
import { territoriesFor } from '../../platform/country/territories.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import {
  findChildTerritories,
  findTerritoriesByCodes,
  findTerritory,
  findTerritoryVersionAt,
  findTerritoryVersions,
  findTerritoryVersionsAt,
  renameTerritory,
  setVersionAuthor,
  type TerritoryVersionSelection,
  upsertTerritory,
} from './territory.queries.ts';
import type { Territory, TerritoryVersion } from './territory.types.ts';

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
    await setVersionAuthor(trx, 'seed', 'country profile');
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

const toVersion = (r: TerritoryVersionSelection): TerritoryVersion => ({
  code: r.code,
  version: r.version,
  level: r.level,
  name: r.name,
  parentCode: r.parent_code,
  path: r.path,
  isCapital: r.is_capital,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  actor: r.actor,
  reason: r.reason,
});

/** Renames a unit: a new version recording who and why (audited); false when the name was already that. */
export async function renameTerritoryUnit(deps: Pick<Deps, 'db'>, code: string, name: string, change: { actor: string; reason: string; requestId?: string | null }): Promise<boolean> {
  await getTerritory(deps, code);
  return deps.db.transaction().execute(async (trx) => {
    await setVersionAuthor(trx, change.actor, change.reason);
    if (!(await renameTerritory(trx, code, name))) return false;
    await recordAudit(trx, {
      actor: { type: 'system', id: change.actor },
      action: 'territories.territory_renamed',
      subject: { type: 'territory', id: code },
      data: { name, reason: change.reason },
      requestId: change.requestId ?? null,
    });
    return true;
  });
}

/** The unit as it was at an instant (undefined when it did not exist then). */
export async function getTerritoryAsOf(deps: Pick<Deps, 'db'>, code: string, at: Date): Promise<TerritoryVersion | undefined> {
  const row = await findTerritoryVersionAt(deps.db, code, at);
  return row ? toVersion(row) : undefined;
}

/** Every version of the unit, oldest first. */
export async function getTerritoryHistory(deps: Pick<Deps, 'db'>, code: string): Promise<TerritoryVersion[]> {
  return (await findTerritoryVersions(deps.db, code)).map(toVersion);
}

/** A page of the units in force at an instant (the registries module's view of territories). */
export async function listTerritoriesAsOf(deps: Pick<Deps, 'db'>, at: Date, options: { search?: string; limit: number; offset: number }): Promise<{ items: TerritoryVersion[]; total: number }> {
  const { rows, total } = await findTerritoryVersionsAt(deps.db, at, options);
  return { items: rows.map(toVersion), total };
}
