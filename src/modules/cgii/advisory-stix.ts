// An advisory as a STIX 2.1 bundle (docs/cgii.md#stix-of-advisories), and back: a `report`
// (report_types `vulnerability`) naming a `vulnerability` per CVE (or one for the advisory when
// it names none), the `course-of-action` with the recommended actions and its `mitigates`
// relationships; every object marked with the advisory's TLP 2.0 marking definition. What STIX
// has no property for (code, affected products, audience, recipients, version, withdrawal…)
// travels in the report's property extension `ADVISORY_EXTENSION_ID`, so that an import gives
// the same advisory. Ids are stable (the advisory's own UUID; the others derived from it).
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { insertAdvisory } from './advisory.queries.ts';
import { type Advisory, readAdvisory, recipientsOf, UUID, validCves } from './advisory.service.ts';
import { SEVERITIES, TLPS, type Tlp, type Viewer } from './cgii.types.ts';
import { type Bundle, centreIdentity, centreIdentityObject, stableId, TLP_MARKINGS, tlpMarkingObjects } from './stix.ts';

export const ADVISORY_EXTENSION_ID = 'extension-definition--7d2e4b6a-1c3f-4a58-9e0b-5f6a8c2d1e37';
const EPOCH = '2026-01-01T00:00:00.000Z';

/** The extension definition of the CGII's advisories (the same wherever it is exported). */
export function advisoryExtensionDefinition(country: string): Record<string, unknown> {
  return {
    type: 'extension-definition',
    spec_version: '2.1',
    id: ADVISORY_EXTENSION_ID,
    created_by_ref: centreIdentity(country),
    created: EPOCH,
    modified: EPOCH,
    name: 'CGII advisory',
    description: 'Fields of a CGII advisory that STIX has no property for: code, affected products and versions, severity, TLP 2.0, audience, recipients, version and withdrawal.',
    schema: 'JSON Schema 2020-12 served by every Tambo instance at /cgii/stix/advisory-extension.json',
    version: '1.0.0',
    extension_types: ['property-extension'],
  };
}

const TIME = { type: 'string', format: 'date-time' } as const;
/** The JSON Schema of the report's extension properties, published with the definition. */
export const ADVISORY_EXTENSION_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'CGII advisory (property extension of the STIX 2.1 report)',
  type: 'object',
  required: ['extension_type', 'code', 'title', 'description', 'actions', 'products', 'cve', 'severity', 'tlp', 'audience', 'author', 'published_at', 'version', 'recipients'],
  properties: {
    extension_type: { const: 'property-extension' },
    code: { type: 'string' },
    title: { type: 'string', maxLength: 200 },
    description: { type: 'string', maxLength: 20000 },
    actions: { type: 'string', maxLength: 20000, description: 'the recommended actions' },
    products: { type: 'array', items: { type: 'object', required: ['name', 'versions'], properties: { name: { type: 'string' }, versions: { type: 'array', items: { type: 'string' } } } } },
    cve: { type: 'array', items: { type: 'string', pattern: '^CVE-\\d{4}-\\d{4,7}$' } },
    severity: { enum: [...SEVERITIES] },
    tlp: { enum: [...TLPS] },
    audience: { enum: ['all', 'products'] },
    author: { type: 'string', format: 'uuid' },
    published_at: TIME,
    version: { type: 'integer', minimum: 1 },
    modified_at: TIME,
    withdrawn_at: TIME,
    withdrawn_by: { type: 'string', format: 'uuid' },
    withdrawal_reason: { type: 'string', maxLength: 2000 },
    recipients: { type: 'array', items: { type: 'string' }, description: 'the agency codes of the entities it went to' },
  },
} as const;

const latest = (...dates: Array<Date | null>) => new Date(Math.max(...dates.filter((d): d is Date => d !== null).map((d) => d.getTime())));

export function advisoryBundle(country: string, a: Advisory, recipients: string[]): Bundle {
  const created = a.publishedAt.toISOString();
  const modified = latest(a.publishedAt, a.modifiedAt, a.withdrawnAt).toISOString();
  const common = { spec_version: '2.1', created, modified, created_by_ref: centreIdentity(country), object_marking_refs: [TLP_MARKINGS[a.tlp]] };
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
  // STIX has no null: what has not happened is left out.
  const extension = Object.fromEntries(
    Object.entries({
      extension_type: 'property-extension',
      code: a.code,
      title: a.title,
      description: a.description,
      actions: a.actions,
      products: a.products,
      cve: a.cve,
      severity: a.severity,
      tlp: a.tlp,
      audience: a.audience,
      author: a.author,
      published_at: created,
      version: a.version,
      modified_at: a.modifiedAt?.toISOString() ?? null,
      withdrawn_at: a.withdrawnAt?.toISOString() ?? null,
      withdrawn_by: a.withdrawnBy,
      withdrawal_reason: a.withdrawalReason,
      recipients,
    }).filter(([, v]) => v !== null),
  );
  const report = {
    type: 'report',
    ...common,
    id: `report--${a.id}`,
    name: `${a.code}: ${a.title}`,
    description: a.description,
    report_types: ['vulnerability'],
    published: created,
    labels: [`severity:${a.severity}`],
    ...(a.withdrawnAt ? { revoked: true } : {}),
    object_refs: [...vulnerabilities.map((v) => v.id), action.id, ...relationships.map((r) => r.id)],
    extensions: { [ADVISORY_EXTENSION_ID]: extension },
  };
  return {
    type: 'bundle',
    id: stableId('bundle', `advisory:${a.id}:${a.version}:${a.withdrawnAt ? 'withdrawn' : 'in-force'}`),
    objects: [centreIdentityObject(country), ...tlpMarkingObjects(), advisoryExtensionDefinition(country), report, ...vulnerabilities, action, ...relationships],
  };
}

/** The centre's analysts export an advisory (TLP:RED ones never leave the centre). */
export async function exportAdvisory(deps: Pick<Deps, 'db' | 'country'>, viewer: Viewer, id: string): Promise<Bundle> {
  if (viewer.kind !== 'person' || !viewer.analyst) throw new AppError('CGII_FORBIDDEN');
  const { advisory } = await readAdvisory(deps, viewer, id);
  if (advisory.tlp === 'red') throw new AppError('CGII_FORBIDDEN');
  return advisoryBundle(deps.country.code, advisory, await recipientsOf(deps, advisory.id));
}

// biome-ignore lint/suspicious/noExplicitAny: a bundle from outside, read field by field and checked as it is read
type StixObject = Record<string, any>;
const invalid = (): never => {
  throw new AppError('CGII_INVALID_BUNDLE');
};
const str = (value: unknown, max: number): string => (typeof value === 'string' && value.length >= 1 && value.length <= max ? value : invalid());
const time = (value: unknown): Date => {
  const d = new Date(String(value));
  return typeof value === 'string' && !Number.isNaN(d.getTime()) ? d : invalid();
};
const maybe = <T>(value: unknown, read: (v: unknown) => T): T | null => (value === undefined || value === null ? null : read(value));
const strings = (value: unknown, max: number): string[] => (Array.isArray(value) && value.length <= max ? value.map((v) => str(v, 200)) : invalid());

/** An advisory from a report with the CGII's advisory extension; a field missing or not valid: CGII_INVALID_BUNDLE. */
function advisoryOf(object: StixObject): { advisory: Advisory; recipients: string[] } {
  const ext = object.extensions?.[ADVISORY_EXTENSION_ID];
  const id = String(object.id ?? '').replace(/^report--/, '');
  if (!ext || !UUID.test(id) || !SEVERITIES.includes(ext.severity) || !TLPS.includes(ext.tlp) || !['all', 'products'].includes(ext.audience)) invalid();
  const marking = TLPS.find((tlp: Tlp) => Array.isArray(object.object_marking_refs) && object.object_marking_refs.includes(TLP_MARKINGS[tlp]));
  if (marking !== ext.tlp || !Array.isArray(ext.products) || !Array.isArray(ext.cve) || !validCves(ext.cve)) invalid();
  const version = Number.isInteger(ext.version) && ext.version >= 1 ? (ext.version as number) : invalid();
  const withdrawnAt = maybe(ext.withdrawn_at, time);
  const withdrawalReason = maybe(ext.withdrawal_reason, (v) => str(v, 2000));
  const withdrawnBy = maybe(ext.withdrawn_by, (v) => (UUID.test(String(v)) ? String(v) : invalid()));
  if ((withdrawnAt === null) !== (withdrawalReason === null) || (withdrawnAt === null) !== (withdrawnBy === null)) invalid();
  return {
    advisory: {
      id,
      code: str(ext.code, 60),
      title: str(ext.title, 200),
      description: str(ext.description, 20000),
      actions: str(ext.actions, 20000),
      products: (ext.products as StixObject[]).slice(0, 200).map((p) => ({ name: str(p?.name, 200), versions: strings(p?.versions, 50) })),
      cve: ext.cve,
      severity: ext.severity,
      tlp: ext.tlp,
      audience: ext.audience,
      author: UUID.test(String(ext.author)) ? String(ext.author) : invalid(),
      publishedAt: time(ext.published_at),
      version,
      modifiedAt: maybe(ext.modified_at, time),
      withdrawnAt,
      withdrawnBy,
      withdrawalReason,
    },
    recipients: [...new Set(strings(ext.recipients, 5000))].sort(),
  };
}

/**
 * An analyst of the centre imports a bundle's advisories (reports with the CGII's advisory
 * extension), keeping their marking, version and withdrawal; idempotent by STIX id (an advisory
 * already here is left as it is). No notices: the entities were notified where it was published.
 */
export async function importAdvisories(deps: Pick<Deps, 'db'>, viewer: Viewer, bundle: unknown, requestId?: string | null): Promise<{ imported: string[]; existing: string[] }> {
  if (viewer.kind !== 'person' || !viewer.analyst) throw new AppError('CGII_FORBIDDEN');
  const objects = (bundle as { type?: string; objects?: StixObject[] })?.objects;
  if ((bundle as { type?: string })?.type !== 'bundle' || !Array.isArray(objects)) invalid();
  const reports = (objects as StixObject[]).filter((o) => o?.type === 'report' && o.extensions?.[ADVISORY_EXTENSION_ID]);
  if (reports.length === 0) invalid();
  const read = reports.map(advisoryOf);
  const result = { imported: [] as string[], existing: [] as string[] };
  for (const { advisory, recipients } of read) {
    await deps.db.transaction().execute(async (trx) => {
      if (!(await insertAdvisory(trx, advisory, recipients))) return void result.existing.push(advisory.id);
      await recordAudit(trx, {
        actor: { type: 'person', id: viewer.accountId },
        action: 'cgii.advisory_imported',
        subject: { type: 'cgii_advisory', id: advisory.id },
        data: { code: advisory.code, tlp: advisory.tlp, version: advisory.version },
        requestId,
      });
      result.imported.push(advisory.id);
    });
  }
  return result;
}
