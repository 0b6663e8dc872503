// STIX 2.1 exchange (docs/cgii.md#stix-21): an incident as a bundle (the centre's identity,
// the affected entity, the TLP 2.0 marking definitions, the CGII's extension definition, the
// incident with the extension's properties, indicators with their `indicates` relationships,
// notes), and back. STIX's `incident` is a stub: every field the CGII keeps travels in the
// property extension `CGII_EXTENSION_ID`, published at `/cgii/stix/extension.json`.
// TLP:RED notes never leave the centre.
import { createHash } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { findIncident, insertEvidence, insertIncident, insertIndicators, insertNote, listEvidence, listIndicators, listNotes } from './cgii.queries.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import {
  centreAgency,
  type Evidence,
  type Incident,
  type Indicator,
  INDICATOR_KINDS,
  type Note,
  NOTE_KINDS,
  SEVERITIES,
  shareable,
  TLPS,
  type Tlp,
  type Viewer,
  canSeeIncident,
} from './cgii.types.ts';

export const CGII_EXTENSION_ID = 'extension-definition--3f6c2d1e-8a47-4b0e-9c5d-7e2a1b9f4c60';
const TLP_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
/** TLP 2.0 marking definitions as published by the FIRST / OASIS CTI TC. */
export const TLP_MARKINGS: Record<Tlp, string> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac3bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};
const EPOCH = '2026-01-01T00:00:00.000Z';

/** A stable STIX id from a name (a v4-shaped UUID made from its hash): the same thing exports the same id everywhere. */
export function stableId(type: string, name: string): string {
  const h = createHash('sha256').update(`${type}:${name}`).digest('hex');
  return `${type}--${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((Number.parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const centreIdentity = (country: string) => stableId('identity', `cgii:${centreAgency(country)}`);
const entityIdentity = (agency: string) => stableId('identity', `agency:${agency}`);

/** The centre's STIX `identity`. */
export const centreIdentityObject = (country: string): Record<string, unknown> => ({
  type: 'identity',
  spec_version: '2.1',
  id: centreIdentity(country),
  created: EPOCH,
  modified: EPOCH,
  name: `CGII (${centreAgency(country)})`,
  identity_class: 'organization',
  sectors: ['government-national'],
});

export function tlpMarkingObjects(): Array<Record<string, unknown>> {
  return TLPS.map((tlp) => ({
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP_MARKINGS[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp.toUpperCase()}`,
    extensions: { [TLP_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: tlp } },
  }));
}

/** The CGII's extension definition (what `/cgii/stix/extension` publishes). */
export function extensionDefinition(country: string): Record<string, unknown> {
  return {
    type: 'extension-definition',
    spec_version: '2.1',
    id: CGII_EXTENSION_ID,
    created_by_ref: centreIdentity(country),
    created: EPOCH,
    modified: EPOCH,
    name: 'CGII incident',
    description: 'Fields of a security incident handled by the CGII: code, category (ENISA reference taxonomy), severity, TLP 2.0, times, affected entities, evidence by hash.',
    // The same definition wherever it is exported (an extension's id names one definition): the
    // schema is named by its path, which every instance serves.
    schema: 'JSON Schema 2020-12 served by every Tambo instance at /cgii/stix/extension.json',
    version: '1.0.0',
    extension_types: ['property-extension'],
  };
}

/** The JSON Schema of the extension's properties, published with the definition. */
export const EXTENSION_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'CGII incident (property extension of the STIX 2.1 incident)',
  type: 'object',
  required: ['extension_type', 'code', 'category', 'severity', 'tlp', 'status', 'detected_at', 'reported_at', 'closure_due', 'affected_entities'],
  properties: {
    extension_type: { const: 'property-extension' },
    code: { type: 'string' },
    category: { type: 'string', description: 'class/type of the ENISA reference incident classification taxonomy' },
    severity: { enum: [...SEVERITIES] },
    tlp: { enum: [...TLPS] },
    status: { enum: ['reported', 'triaged', 'waiting_entity', 'closed'] },
    reported_by: { type: 'string' },
    reported_via: { enum: ['web', 'api', 'import'] },
    detected_at: { type: 'string', format: 'date-time' },
    reported_at: { type: 'string', format: 'date-time' },
    first_response_due: { type: 'string', format: 'date-time' },
    containment_due: { type: 'string', format: 'date-time' },
    closure_due: { type: 'string', format: 'date-time' },
    first_response_at: { type: 'string', format: 'date-time', description: 'absent until it happens (STIX has no null)' },
    contained_at: { type: 'string', format: 'date-time' },
    closed_at: { type: 'string', format: 'date-time' },
    escalated_at: { type: 'string', format: 'date-time' },
    assigned_to: { type: 'string' },
    closure_report: { type: 'string' },
    systems_affected: { type: 'string' },
    data_affected: { type: 'string' },
    personal_data: { type: 'boolean' },
    affected_entities: { type: 'array', items: { type: 'string' }, minItems: 1 },
    evidence: { type: 'array', items: { type: 'object', properties: { sha256: { type: 'string' }, filename: { type: 'string' }, media_type: { type: 'string' }, size: { type: 'integer' } } } },
  },
} as const;

const PATTERN_PATHS: Record<Indicator['kind'], string> = {
  ipv4: 'ipv4-addr:value',
  ipv6: 'ipv6-addr:value',
  domain: 'domain-name:value',
  url: 'url:value',
  sha256: "file:hashes.'SHA-256'",
  md5: 'file:hashes.MD5',
  email: 'email-addr:value',
};
const quote = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const withoutNulls = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

export interface Bundle {
  type: 'bundle';
  id: string;
  objects: Array<Record<string, unknown>>;
}

export function incidentBundle(country: string, incident: Incident, indicators: Indicator[], evidence: Evidence[], notes: Note[]): Bundle {
  const incidentId = `incident--${incident.id}`;
  const created = incident.reportedAt.toISOString();
  const marking = (tlp: Tlp) => [TLP_MARKINGS[tlp]];
  const objects: Array<Record<string, unknown>> = [
    centreIdentityObject(country),
    {
      type: 'identity',
      spec_version: '2.1',
      id: entityIdentity(incident.agencyCode),
      created: EPOCH,
      modified: EPOCH,
      name: incident.agencyCode,
      identity_class: 'organization',
      sectors: ['government'],
    },
    ...tlpMarkingObjects(),
    extensionDefinition(country),
    {
      type: 'incident',
      spec_version: '2.1',
      id: incidentId,
      created_by_ref: centreIdentity(country),
      created,
      modified: (incident.closedAt ?? incident.reportedAt).toISOString(),
      name: incident.title,
      description: incident.description,
      object_marking_refs: marking(incident.tlp),
      extensions: {
        // STIX forbids null values: a time not yet reached is left out.
        [CGII_EXTENSION_ID]: withoutNulls({
          extension_type: 'property-extension',
          code: incident.code,
          category: incident.category,
          severity: incident.severity,
          tlp: incident.tlp,
          status: incident.status,
          reported_by: incident.reportedBy,
          reported_via: incident.reportedVia,
          detected_at: incident.detectedAt.toISOString(),
          reported_at: created,
          first_response_due: incident.firstResponseDue.toISOString(),
          containment_due: incident.containmentDue.toISOString(),
          closure_due: incident.closureDue.toISOString(),
          first_response_at: iso(incident.firstResponseAt),
          contained_at: iso(incident.containedAt),
          closed_at: iso(incident.closedAt),
          escalated_at: iso(incident.escalatedAt),
          assigned_to: incident.assignedTo,
          closure_report: incident.closureReport,
          systems_affected: incident.systemsAffected,
          data_affected: incident.dataAffected,
          personal_data: incident.personalData,
          affected_entities: [incident.agencyCode],
          evidence: evidence.length > 0 ? evidence.map((e) => ({ sha256: e.sha256, filename: e.filename, media_type: e.mediaType, size: e.size })) : null,
        }),
      },
    },
    {
      type: 'relationship',
      spec_version: '2.1',
      id: stableId('relationship', `${incident.id}:targets`),
      created,
      modified: created,
      relationship_type: 'related-to',
      source_ref: incidentId,
      target_ref: entityIdentity(incident.agencyCode),
      object_marking_refs: marking(incident.tlp),
    },
  ];
  indicators.forEach((i, position) => {
    const id = stableId('indicator', `${incident.id}:${position}`);
    objects.push(
      {
        type: 'indicator',
        spec_version: '2.1',
        id,
        created,
        modified: created,
        name: `${i.kind} ${i.value}`,
        indicator_types: ['compromised'],
        pattern: `[${PATTERN_PATHS[i.kind]} = ${quote(i.value)}]`,
        pattern_type: 'stix',
        valid_from: created,
        object_marking_refs: marking(incident.tlp),
      },
      {
        type: 'relationship',
        spec_version: '2.1',
        id: stableId('relationship', `${incident.id}:${position}`),
        created,
        modified: created,
        relationship_type: 'indicates',
        source_ref: id,
        target_ref: incidentId,
        object_marking_refs: marking(incident.tlp),
      },
    );
  });
  const shared = notes.filter((note) => shareable(note.tlp));
  for (const n of shared) {
    objects.push({
      type: 'note',
      spec_version: '2.1',
      id: `note--${n.id}`,
      created: n.createdAt.toISOString(),
      modified: n.createdAt.toISOString(),
      abstract: n.kind,
      content: n.body,
      authors: [n.author],
      object_refs: [incidentId],
      object_marking_refs: marking(n.tlp),
    });
  }
  return { type: 'bundle', id: stableId('bundle', `${incident.id}:${(incident.closedAt ?? incident.reportedAt).toISOString()}:${shared.length}`), objects };
}

/** The bundle of an incident the viewer may see. */
export async function exportIncident(deps: Pick<Deps, 'db' | 'country'>, viewer: Viewer, id: string): Promise<Bundle> {
  const incident = /^[0-9a-f-]{36}$/i.test(id) ? await findIncident(deps.db, { id }) : undefined;
  if (!incident || !canSeeIncident(viewer, incident)) throw new AppError('CGII_NOT_FOUND');
  const [indicators, evidence, notes] = await Promise.all([listIndicators(deps.db, id), listEvidence(deps.db, id), listNotes(deps.db, id)]);
  return incidentBundle(deps.country.code, incident, indicators, evidence, notes);
}

// biome-ignore lint/suspicious/noExplicitAny: a bundle from outside, read field by field and checked as it is read
type StixObject = Record<string, any>;
const date = (value: unknown): Date => {
  const d = new Date(String(value));
  if (typeof value !== 'string' || Number.isNaN(d.getTime())) throw new AppError('CGII_INVALID_BUNDLE');
  return d;
};
const maybeDate = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));
const tlpOf = (refs: unknown): Tlp => {
  const found = TLPS.find((tlp) => Array.isArray(refs) && refs.includes(TLP_MARKINGS[tlp]));
  if (!found) throw new AppError('CGII_INVALID_BUNDLE');
  return found;
};

/** Reads a bundle's incidents (with the CGII extension), indicators and notes into the database: idempotent by incident id. */
export async function importBundle(deps: Pick<Deps, 'db' | 'country'>, viewer: Viewer, bundle: unknown, requestId?: string | null): Promise<{ imported: string[]; existing: string[] }> {
  if (viewer.kind !== 'client' || !viewer.centre) throw new AppError('CGII_FORBIDDEN');
  const objects = (bundle as { type?: string; objects?: StixObject[] })?.objects;
  if ((bundle as { type?: string })?.type !== 'bundle' || !Array.isArray(objects)) throw new AppError('CGII_INVALID_BUNDLE');
  const result = { imported: [] as string[], existing: [] as string[] };
  for (const object of objects.filter((o) => o?.type === 'incident')) {
    const ext = object.extensions?.[CGII_EXTENSION_ID];
    const id = String(object.id ?? '').replace(/^incident--/, '');
    if (!ext || !/^[0-9a-f-]{36}$/i.test(id) || !SEVERITIES.includes(ext.severity) || !TLPS.includes(ext.tlp)) throw new AppError('CGII_INVALID_BUNDLE');
    const incident: Incident = {
      id,
      code: String(ext.code),
      agencyCode: String(ext.affected_entities?.[0] ?? ''),
      reportedBy: String(ext.reported_by ?? ''),
      reportedVia: ['web', 'api', 'import'].includes(ext.reported_via) ? ext.reported_via : 'import',
      title: String(object.name ?? ''),
      description: String(object.description ?? ''),
      detectedAt: date(ext.detected_at),
      reportedAt: date(ext.reported_at),
      systemsAffected: String(ext.systems_affected ?? ''),
      dataAffected: String(ext.data_affected ?? ''),
      personalData: ext.personal_data === true,
      category: String(ext.category),
      severity: ext.severity,
      tlp: ext.tlp,
      status: ext.status,
      assignedTo: ext.assigned_to ?? null,
      firstResponseDue: date(ext.first_response_due),
      containmentDue: date(ext.containment_due),
      closureDue: date(ext.closure_due),
      firstResponseAt: maybeDate(ext.first_response_at),
      containedAt: maybeDate(ext.contained_at),
      closedAt: maybeDate(ext.closed_at),
      closureReport: ext.closure_report ?? null,
      escalatedAt: maybeDate(ext.escalated_at),
    };
    if (tlpOf(object.object_marking_refs) !== incident.tlp) throw new AppError('CGII_INVALID_BUNDLE');
    const incidentRef = `incident--${id}`;
    const indicatorIds = new Set(objects.filter((o) => o?.type === 'relationship' && o.relationship_type === 'indicates' && o.target_ref === incidentRef).map((o) => o.source_ref));
    const indicators = objects
      .filter((o) => o?.type === 'indicator' && indicatorIds.has(o.id))
      .map((o) => {
        const [kind, ...value] = String(o.name ?? '').split(' ');
        if (!(INDICATOR_KINDS as readonly string[]).includes(kind ?? '')) throw new AppError('CGII_INVALID_BUNDLE');
        return { position: objects.indexOf(o), indicator: { kind: kind as Indicator['kind'], value: value.join(' ') } };
      })
      .sort((a, b) => a.position - b.position)
      .map((x) => x.indicator);
    const notes: Note[] = objects
      .filter((o) => o?.type === 'note' && Array.isArray(o.object_refs) && o.object_refs.includes(incidentRef))
      .map((o) => ({
        id: String(o.id).replace(/^note--/, ''),
        incidentId: id,
        kind: (NOTE_KINDS as readonly string[]).includes(o.abstract) ? o.abstract : 'note',
        author: String(o.authors?.[0] ?? 'import'),
        body: String(o.content ?? ''),
        tlp: tlpOf(o.object_marking_refs),
        recipients: [],
        createdAt: date(o.created),
      }))
      .filter((n) => n.tlp !== 'red');
    await deps.db.transaction().execute(async (trx) => {
      if (!(await insertIncident(trx, { ...incident, sourceKey: null }))) {
        result.existing.push(id);
        return;
      }
      await insertIndicators(trx, id, indicators);
      for (const e of Array.isArray(ext.evidence) ? ext.evidence : [])
        await insertEvidence(trx, id, { sha256: String(e.sha256), filename: String(e.filename), mediaType: String(e.media_type), size: Number(e.size) }, `client:${viewer.clientId}`);
      for (const n of notes) await insertNote(trx, n);
      await recordAudit(trx, { actor: { type: 'client', id: viewer.clientId }, action: 'cgii.incident_imported', subject: { type: 'cgii_incident', id }, data: { code: incident.code }, requestId });
      result.imported.push(id);
    });
  }
  return result;
}
