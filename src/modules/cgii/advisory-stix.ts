// An advisory as a STIX 2.1 bundle (docs/cgii.md#advisories): a `report` (report_types
// `vulnerability`) naming a `vulnerability` per CVE (or one for the advisory when it names none),
// the `course-of-action` with the recommended actions and its `mitigates` relationships; every
// object marked with the advisory's TLP 2.0 marking definition. Ids are stable (the advisory's
// own UUID; the others derived from it and the CVE).
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { type Advisory, readAdvisory } from './advisory.service.ts';
import type { Viewer } from './cgii.types.ts';
import { type Bundle, centreIdentity, centreIdentityObject, stableId, TLP_MARKINGS, tlpMarkingObjects } from './stix.ts';

export function advisoryBundle(country: string, a: Advisory): Bundle {
  const created = a.publishedAt.toISOString();
  const common = { spec_version: '2.1', created, modified: created, created_by_ref: centreIdentity(country), object_marking_refs: [TLP_MARKINGS[a.tlp]] };
  const affected = a.products.map((p) => (p.versions.length > 0 ? `${p.name} ${p.versions.join(', ')}` : p.name)).join('; ');
  const vulnerabilities = (a.cve.length > 0 ? a.cve : [null]).map((cve) => ({
    type: 'vulnerability',
    ...common,
    id: stableId('vulnerability', `advisory:${a.id}:${cve ?? a.code}`),
    name: cve ?? a.code,
    description: `${a.description}${affected ? `\n\n${affected}` : ''}`,
    ...(cve ? { external_references: [{ source_name: 'cve', external_id: cve }] } : {}),
  }));
  const action = { type: 'course-of-action', ...common, id: stableId('course-of-action', `advisory:${a.id}`), name: a.title, description: a.actions };
  const relationships = vulnerabilities.map((v) => ({
    type: 'relationship',
    ...common,
    id: stableId('relationship', `${action.id}:mitigates:${v.id}`),
    relationship_type: 'mitigates',
    source_ref: action.id,
    target_ref: v.id,
  }));
  const report = {
    type: 'report',
    ...common,
    id: `report--${a.id}`,
    name: `${a.code}: ${a.title}`,
    description: a.description,
    report_types: ['vulnerability'],
    published: created,
    labels: [`severity:${a.severity}`],
    object_refs: [...vulnerabilities.map((v) => v.id), action.id, ...relationships.map((r) => r.id)],
  };
  return {
    type: 'bundle',
    id: stableId('bundle', `advisory:${a.id}`),
    objects: [centreIdentityObject(country), ...tlpMarkingObjects(), report, ...vulnerabilities, action, ...relationships],
  };
}

/** The centre's analysts export an advisory (TLP:RED ones never leave the centre). */
export async function exportAdvisory(deps: Pick<Deps, 'db' | 'country'>, viewer: Viewer, id: string): Promise<Bundle> {
  if (viewer.kind !== 'person' || !viewer.analyst) throw new AppError('CGII_FORBIDDEN');
  const { advisory } = await readAdvisory(deps, viewer, id);
  if (advisory.tlp === 'red') throw new AppError('CGII_FORBIDDEN');
  return advisoryBundle(deps.country.code, advisory);
}
