// Empresa digital: the economic units a person represents now, as the cases of a unit are shown to them.
import type { Deps } from '../../../platform/module.ts';
import { actingFor, unitsRepresentedBy } from '../../registries/index.ts';

type RegistryRecord = Awaited<ReturnType<typeof unitsRepresentedBy>>[number];

export interface UnitRef {
  /** The NIT/RIF. */
  key: string;
  name: string;
}

const refOf = (unit: RegistryRecord): UnitRef => ({ key: unit.key, name: typeof unit.content.name === 'string' ? unit.content.name : unit.key });

/** Every unit the person represents now (read from the registry on each request: a revoked representative loses access at once). */
export async function representedUnits(deps: Deps, person: { documentNumber: string } | undefined): Promise<UnitRef[]> {
  return person ? (await unitsRepresentedBy(deps, person.documentNumber)).map(refOf) : [];
}

/** The unit an application is filed for: the one chosen at /empresa for the session, when the person still represents it; undefined: her own. */
export async function unitFiledFor(deps: Deps, person: { documentNumber: string }, chosen: string | undefined): Promise<UnitRef | undefined> {
  const unit = await actingFor(deps, person, chosen);
  return unit ? refOf(unit) : undefined;
}
