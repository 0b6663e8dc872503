// A consultation created by an official from the page /gestion/consultas/nueva: every unit of
// its scope must be a territory the official's grant of `consultation_officer` covers (platform
// administrators: any), and the rules are those `createConsultation` applies to the demo seed.
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import { AppError } from '../../platform/errors.ts';
import { claimIdempotencyKey, type IdempotencyClaim, IdempotentReplay } from '../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { slugOf } from '../../shared/slug.ts';
import { getLayer, getTerritory, listLayers, type Territory } from '../territories/index.ts';
import type { NewConsultation } from './consultations.queries.ts';
import { createConsultation, OFFICER } from './consultations.service.ts';
import type { Official } from './results.service.ts';

/** What the form gives: everything but what the platform decides (id, address, country, currency). */
export interface ConsultationDraft extends Omit<NewConsultation, 'id' | 'slug' | 'countryProfile' | 'currency' | 'isDemo' | 'units'> {
  /** The scope as typed: a territory code (or a layer's feature: `layerCode` set) and its budget per line. */
  units: Array<{ line: number; code: string; layerCode?: string; budgetMinor: number }>;
}

/**
 * A line of the scope that cannot be a unit: no such territory (or layer feature), outside the
 * official's grant, named twice, or a layer's feature named by an official who is not a platform
 * administrator (a feature is not in the tree a territory grant covers, so officials could not
 * manage its unit afterwards: see `isOfficerOf`).
 */
export interface UnitRefusal {
  line: number;
  code: string;
  reason: 'unknown' | 'not_yours' | 'duplicate' | 'layer_admin_only';
}

/** The features of the territory layers (communal circuits), the page's list of what a line may name as `layer:feature`. */
export async function layerFeatureChoices(deps: Pick<Deps, 'db'>): Promise<Array<{ layerCode: string; code: string; name: string }>> {
  const layers = await listLayers(deps);
  const features = await Promise.all(layers.map((layer) => getLayer(deps, layer.code)));
  return features.flatMap(({ features: all }) => all.map((f) => ({ layerCode: f.layerCode, code: f.code, name: f.name.es })));
}

export type CreationOutcome = { created: true; slug: string } | { created: false; units: UnitRefusal[] } | { created: false; slugTaken: true };

/** May this official create a consultation at all? (a grant of the role anywhere, or a platform administrator) */
export function mayCreateConsultations(grants: Official['grants']): boolean {
  return hasRole(grants, { role: PLATFORM_ADMIN }) || grants.some((g) => g.role === OFFICER);
}

/** A URL-safe address from the title: lower case, no accents, words joined by hyphens. */
export function consultationSlug(title: string): string {
  const slug = slugOf(title);
  return slug.length >= 2 ? slug : `consulta-${slug}`.replace(/-+$/, '');
}

/** Thrown inside the creating transaction when the address is taken, so the form's key claim rolls back with it. */
class SlugTaken extends Error {}

/**
 * Creates the consultation from the officials' form: checks every unit (each line's territory
 * exists and is covered by the official's grant), then stores it with the form key's claim in
 * one transaction, so a double submit or a burst of identical posts creates one consultation
 * and every one of them answers its address.
 */
export async function createConsultationAsOfficial(
  deps: Pick<Deps, 'db' | 'country'>,
  official: Official,
  draft: ConsultationDraft,
  options: { requestId?: string | null; idempotency?: IdempotencyClaim } = {},
): Promise<CreationOutcome> {
  if (!mayCreateConsultations(official.grants)) throw new AppError('CONSULTATIONS_FORBIDDEN');
  const admin = hasRole(official.grants, { role: PLATFORM_ADMIN });
  const seen = new Set<string>();
  const refused: UnitRefusal[] = [];
  const features = draft.units.some((u) => u.layerCode) ? await layerFeatureChoices(deps) : [];
  const found = await Promise.all(draft.units.map((u) => (u.layerCode ? Promise.resolve<Territory | undefined>(undefined) : getTerritory(deps, u.code).catch((): Territory | undefined => undefined))));
  const units = draft.units.flatMap((u, i): NewConsultation['units'] => {
    const key = u.layerCode ? `${u.layerCode}:${u.code}` : u.code;
    const duplicate = seen.has(key);
    seen.add(key);
    if (u.layerCode) {
      const feature = features.find((f) => f.layerCode === u.layerCode && f.code === u.code);
      const reason = duplicate ? 'duplicate' : !feature ? 'unknown' : !admin ? 'layer_admin_only' : undefined;
      if (reason || !feature) {
        refused.push({ line: u.line, code: key, reason: reason ?? 'unknown' });
        return [];
      }
      return [{ code: feature.code, layerCode: feature.layerCode, name: feature.name, budgetMinor: u.budgetMinor }];
    }
    const territory = found[i];
    const reason = duplicate ? 'duplicate' : !territory ? 'unknown' : !admin && !hasRole(official.grants, { role: OFFICER, territory: territory.path }) ? 'not_yours' : undefined;
    if (reason || !territory) {
      refused.push({ line: u.line, code: u.code, reason: reason ?? 'unknown' });
      return [];
    }
    return [{ code: territory.code, layerCode: null, name: territory.name, budgetMinor: u.budgetMinor }];
  });
  if (refused.length > 0) return { created: false, units: refused };
  const { units: _typed, ...rules } = draft;
  const input: NewConsultation = {
    ...rules,
    id: uuidv7(),
    slug: consultationSlug(draft.title),
    countryProfile: deps.country.code,
    currency: deps.country.currency as NewConsultation['currency'],
    isDemo: false,
    units,
  };
  const actor = { type: 'official' as const, id: official.accountId };
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (options.idempotency) await claimIdempotencyKey(trx, options.idempotency, input.slug);
      if (!(await createConsultation({ db: trx }, input, actor, options.requestId ?? null))) throw new SlugTaken();
    });
  } catch (error) {
    if (error instanceof IdempotentReplay) return { created: true, slug: error.resource };
    if (error instanceof SlugTaken) return { created: false, slugTaken: true };
    throw error;
  }
  return { created: true, slug: input.slug };
}
