// Use cases of the CGII (docs/cgii.md): an entity's security contact (or its system) reports an
// incident with indicators and evidence; the centre's analysts triage, assign, note, ask the
// entity, which answers, and close with a report; overdue incidents escalate; TLP is enforced
// whenever a note is shown.
import { recordAudit } from '../../platform/audit/audit.ts';
import { hasRole } from '../../platform/contract/roles.ts';
import { dueAt } from '../../platform/country/deadlines.ts';
import { decreedHolidays } from '../../platform/country/holidays.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { type MediaType, readFile, safeFilename, storeFile } from '../../platform/files/files.ts';
import { type SweepResult, sweepDue } from '../../platform/jobs/sweep.ts';
import type { Deps } from '../../platform/module.ts';
import { readStat, recordStat } from '../../platform/stats/stats.ts';
import { type Account, findAgencyStaff, getRoles, roleGrantsOf } from '../identity/index.ts';
import {
  findIncident,
  findOverdue,
  insertCustody,
  insertEvidence,
  insertIncident,
  insertIndicators,
  insertNote,
  listCustody,
  listEvidence,
  listIncidents,
  listIndicators,
  listNotes,
  updateIncident,
} from './cgii.queries.ts';
import { cgiiStats, sectorOf } from './cgii.stats.ts';
import {
  CATEGORIES,
  CGII_ANALYST,
  CGII_CONTACT,
  canSeeIncident,
  canSeeNote,
  centreAgency,
  type Evidence,
  type Incident,
  type Indicator,
  INDICATOR_KINDS,
  type Note,
  type NoteKind,
  onTime,
  RESPONSE_TIMES,
  SEVERITIES,
  type Severity,
  TLPS,
  type Tlp,
  validIndicator,
  type Viewer,
} from './cgii.types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const MAX_EVIDENCE_FILES = 5;

/** The signed-in person as the CGII sees them. */
export async function personViewer(deps: Pick<Deps, 'db' | 'country'>, account: Pick<Account, 'id' | 'isPlatformAdmin'>): Promise<Viewer & { kind: 'person' }> {
  const grants = roleGrantsOf(account, await getRoles(deps, account.id));
  const contactOf = grants.flatMap((g) => (g.role === CGII_CONTACT && 'agency' in g && g.agency ? [g.agency] : []));
  return { kind: 'person', accountId: account.id, analyst: hasRole(grants, { role: CGII_ANALYST, agency: centreAgency(deps.country.code) }), contactOf };
}

export const clientViewer = (deps: Pick<Deps, 'country'>, client: { clientId: string; agencyCode: string }): Viewer => ({
  kind: 'client',
  clientId: client.clientId,
  agencyCode: client.agencyCode,
  centre: client.agencyCode === centreAgency(deps.country.code),
});

const actorOf = (viewer: Viewer) => (viewer.kind === 'person' ? { type: 'person' as const, id: viewer.accountId } : { type: 'client' as const, id: viewer.clientId });
const authorOf = (viewer: Viewer) => (viewer.kind === 'person' ? viewer.accountId : `client:${viewer.clientId}`);

export interface IncidentInput {
  agencyCode: string;
  title: string;
  description: string;
  detectedAt: string;
  systemsAffected?: string;
  dataAffected?: string;
  personalData?: boolean;
  category: string;
  severity: string;
  tlp: string;
  indicators?: Array<{ kind: string; value: string }>;
}
export interface EvidenceUpload {
  filename: string;
  bytes: Uint8Array;
  mediaType: MediaType;
}

/** The three due instants of an incident of this severity reported at `from`. */
export async function responseDues(deps: Pick<Deps, 'db' | 'country'>, from: Date, severity: Severity): Promise<{ firstResponseDue: Date; containmentDue: Date; closureDue: Date }> {
  const decreed = await decreedHolidays(deps.db, deps.country.code);
  const times = RESPONSE_TIMES[severity];
  return {
    firstResponseDue: dueAt(deps.country, decreed, from, times.firstResponse),
    containmentDue: dueAt(deps.country, decreed, from, times.containment),
    closureDue: dueAt(deps.country, decreed, from, times.closure),
  };
}

/** Checks the fields of a report; the form's field names (indicators: `indicadores`). */
export function checkIncidentInput(input: IncidentInput): { fields: FieldError[]; detectedAt: Date; indicators: Indicator[] } {
  const fields: FieldError[] = [];
  if (!input.title.trim() || input.title.trim().length > 200) fields.push({ field: 'titulo', messageKey: 'cgii.errors.title' });
  if (!input.description.trim() || input.description.length > 10000) fields.push({ field: 'descripcion', messageKey: 'cgii.errors.description' });
  const detectedAt = new Date(input.detectedAt);
  if (Number.isNaN(detectedAt.getTime()) || detectedAt.getTime() > Date.now() + 5 * 60_000) fields.push({ field: 'detectado', messageKey: 'cgii.errors.detectedAt' });
  if (!CATEGORIES.includes(input.category)) fields.push({ field: 'categoria', messageKey: 'cgii.errors.category' });
  if (!(SEVERITIES as readonly string[]).includes(input.severity)) fields.push({ field: 'severidad', messageKey: 'cgii.errors.severity' });
  if (!(TLPS as readonly string[]).includes(input.tlp)) fields.push({ field: 'tlp', messageKey: 'cgii.errors.tlp' });
  const indicators = (input.indicators ?? []).map((i) => ({ kind: i.kind as Indicator['kind'], value: i.value.trim() }));
  if (indicators.length > 200 || indicators.some((i) => !(INDICATOR_KINDS as readonly string[]).includes(i.kind) || !validIndicator(i)))
    fields.push({ field: 'indicadores', messageKey: 'cgii.errors.indicators' });
  return { fields, detectedAt, indicators };
}

/** Parses the form's indicators: one a line, `kind value` (e.g. `ipv4 203.0.113.7`). */
export function parseIndicatorLines(text: string): Array<{ kind: string; value: string }> {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [kind = '', ...rest] = line.split(/\s+/);
      return { kind: kind.toLowerCase(), value: rest.join(' ') };
    });
}

/** An entity reports an incident: its security contact (web) or its system (API). */
export async function reportIncident(
  deps: Pick<Deps, 'db' | 'country'>,
  viewer: Viewer,
  input: IncidentInput,
  files: EvidenceUpload[] = [],
  options: { requestId?: string | null; sourceKey?: string; at?: Date } = {},
): Promise<Incident> {
  const agencyCode = viewer.kind === 'client' ? viewer.agencyCode : input.agencyCode;
  if (viewer.kind === 'person' && !viewer.contactOf.includes(agencyCode)) throw new AppError('CGII_FORBIDDEN');
  const { fields, detectedAt, indicators } = checkIncidentInput(input);
  if (files.length > MAX_EVIDENCE_FILES) fields.push({ field: 'evidencias', messageKey: 'cgii.errors.files' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  if (options.sourceKey) {
    const earlier = await findIncident(deps.db, { sourceKey: options.sourceKey });
    if (earlier) return earlier;
  }
  const reportedAt = options.at ?? new Date();
  const severity = input.severity as Severity;
  const id = crypto.randomUUID();
  const incident: Incident = {
    id,
    code: `CGII-${reportedAt.getUTCFullYear()}-${id.replaceAll('-', '').slice(-8).toUpperCase()}`,
    agencyCode,
    reportedBy: authorOf(viewer),
    reportedVia: viewer.kind === 'person' ? 'web' : 'api',
    title: input.title.trim(),
    description: input.description.trim(),
    detectedAt,
    reportedAt,
    systemsAffected: (input.systemsAffected ?? '').trim(),
    dataAffected: (input.dataAffected ?? '').trim(),
    personalData: input.personalData ?? false,
    category: input.category,
    severity,
    tlp: input.tlp as Tlp,
    status: 'reported',
    assignedTo: null,
    ...(await responseDues(deps, reportedAt, severity)),
    firstResponseAt: null,
    containedAt: null,
    closedAt: null,
    closureReport: null,
    escalatedAt: null,
  };
  const sector = await sectorOf(deps, agencyCode);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await insertIncident(trx, { ...incident, sourceKey: options.sourceKey ?? null }))) return;
    await insertIndicators(trx, id, indicators);
    for (const file of files) {
      const stored = await storeFile(trx, file.bytes, file.mediaType);
      await insertEvidence(trx, id, { sha256: stored.sha256, filename: safeFilename(file.filename, file.mediaType), mediaType: file.mediaType, size: stored.size }, incident.reportedBy);
    }
    await recordAudit(trx, {
      actor: actorOf(viewer),
      action: 'cgii.incident_reported',
      subject: { type: 'cgii_incident', id },
      data: { agency: agencyCode, category: incident.category, severity, tlp: incident.tlp, indicators: indicators.length, evidence: files.length },
      requestId: options.requestId,
    });
    await recordStat(trx, cgiiStats.reported, figureDims(incident, sector));
    await emitEvent(trx, 'cgii.incident_reported', { incidentId: id, code: incident.code, agencyCode, severity, personalData: incident.personalData, path: `/cgii/incidentes/${id}` });
  });
  return incident;
}

const figureDims = (i: Pick<Incident, 'agencyCode' | 'reportedAt' | 'category' | 'severity'>, sector: string) => ({
  agency: i.agencyCode,
  sector,
  at: i.reportedAt,
  category: i.category.split('/')[0] ?? 'other',
  severity: i.severity,
});

async function visibleIncident(db: Queryable, viewer: Viewer, id: string, options: { forUpdate?: boolean } = {}): Promise<Incident> {
  const incident = UUID.test(id) ? await findIncident(db, { id }, options) : undefined;
  if (!incident || !canSeeIncident(viewer, incident)) throw new AppError('CGII_NOT_FOUND');
  return incident;
}

export interface IncidentView {
  incident: Incident;
  indicators: Indicator[];
  evidence: Evidence[];
  notes: Note[];
  custody: Array<{ sha256: string; action: 'uploaded' | 'read'; actor: string; at: Date }>;
  /** Names of the people of the incident (authors, recipients to choose for a TLP:RED note). */
  people: Array<{ id: string; name: string; analyst: boolean }>;
}

/** An incident as this viewer may see it: the notes TLP lets them see, custody only for analysts. */
export async function getIncident(deps: Pick<Deps, 'db' | 'country'>, viewer: Viewer, id: string): Promise<IncidentView> {
  const incident = await visibleIncident(deps.db, viewer, id);
  const [indicators, evidence, notes, custody, analysts, contacts] = await Promise.all([
    listIndicators(deps.db, id),
    listEvidence(deps.db, id),
    listNotes(deps.db, id),
    viewer.kind === 'person' && viewer.analyst ? listCustody(deps.db, id) : Promise.resolve([]),
    findAgencyStaff(deps, centreAgency(deps.country.code), [CGII_ANALYST]),
    findAgencyStaff(deps, incident.agencyCode, [CGII_CONTACT]),
  ]);
  return {
    incident,
    indicators,
    evidence,
    notes: notes.filter((n) => canSeeNote(viewer, n)),
    custody,
    people: [...analysts.map((p) => ({ ...p, analyst: true })), ...contacts.filter((c) => !analysts.some((a) => a.id === c.id)).map((p) => ({ ...p, analyst: false }))],
  };
}

/** The incidents a viewer may see: every one for the centre, the entity's own otherwise. */
export function incidentsFor(deps: Pick<Deps, 'db'>, viewer: Viewer): Promise<Incident[]> {
  if (viewer.kind === 'person') return listIncidents(deps.db, viewer.analyst ? undefined : viewer.contactOf);
  return listIncidents(deps.db, viewer.centre ? undefined : [viewer.agencyCode]);
}

function requireAnalyst(viewer: Viewer): asserts viewer is Viewer & { kind: 'person' } {
  if (viewer.kind !== 'person' || !viewer.analyst) throw new AppError('CGII_FORBIDDEN');
}

export interface NoteInput {
  kind: NoteKind;
  body: string;
  tlp: string;
  recipients?: string[];
}

function checkNote(input: NoteInput, people: string[]): { body: string; tlp: Tlp; recipients: string[] } {
  const fields: FieldError[] = [];
  const body = input.body.trim();
  if (!body || body.length > 10000) fields.push({ field: 'texto', messageKey: 'cgii.errors.noteBody' });
  if (!(TLPS as readonly string[]).includes(input.tlp)) fields.push({ field: 'tlp_nota', messageKey: 'cgii.errors.tlp' });
  const recipients = [...new Set(input.recipients ?? [])];
  if (input.tlp === 'red' && (recipients.length === 0 || recipients.some((r) => !people.includes(r)))) fields.push({ field: 'destinatarios', messageKey: 'cgii.errors.recipients' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  return { body, tlp: input.tlp as Tlp, recipients: input.tlp === 'red' ? recipients : [] };
}

/** Records a note in the incident's record, audited, with what it changes on the incident. */
async function writeNote(trx: Queryable, viewer: Viewer, incident: Incident, note: Omit<Note, 'id' | 'incidentId' | 'author' | 'createdAt'>, requestId?: string | null): Promise<string> {
  const id = crypto.randomUUID();
  await insertNote(trx, { id, incidentId: incident.id, author: authorOf(viewer), createdAt: new Date(), ...note });
  await recordAudit(trx, {
    actor: actorOf(viewer),
    action: `cgii.note_${note.kind}`,
    subject: { type: 'cgii_incident', id: incident.id },
    data: { noteId: id, tlp: note.tlp, recipients: note.recipients.length },
    requestId,
  });
  return id;
}

/** The hours to first response and to containment, recorded once each, in the transaction that sets them. */
async function recordResponseTimes(trx: Queryable, incident: Incident, now: Date, happened: { response: boolean; containment: boolean }): Promise<void> {
  const respond = happened.response && !incident.firstResponseAt;
  const contain = happened.containment && !incident.containedAt;
  if (!respond && !contain) return;
  const dims = figureDims(incident, await sectorOf({ db: trx }, incident.agencyCode));
  const hours = (now.getTime() - incident.reportedAt.getTime()) / 3_600_000;
  if (respond) await recordStat(trx, cgiiStats.hours_to_first_response, dims, hours);
  if (contain) await recordStat(trx, cgiiStats.hours_to_containment, dims, hours);
}

/** The analyst's triage: classification, severity (the due instants follow it), marking, assignment. */
export async function triageIncident(
  deps: Pick<Deps, 'db' | 'country'>,
  viewer: Viewer,
  id: string,
  input: { category: string; severity: string; tlp: string; assignToMe: boolean; note?: string },
  requestId?: string | null,
): Promise<void> {
  requireAnalyst(viewer);
  const fields: FieldError[] = [];
  if (!CATEGORIES.includes(input.category)) fields.push({ field: 'categoria', messageKey: 'cgii.errors.category' });
  if (!(SEVERITIES as readonly string[]).includes(input.severity)) fields.push({ field: 'severidad', messageKey: 'cgii.errors.severity' });
  if (!(TLPS as readonly string[]).includes(input.tlp)) fields.push({ field: 'tlp', messageKey: 'cgii.errors.tlp' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  await deps.db.transaction().execute(async (trx) => {
    const incident = await visibleIncident(trx, viewer, id, { forUpdate: true });
    if (incident.status === 'closed') throw new AppError('CGII_CLOSED');
    const severity = input.severity as Severity;
    const dues = severity === incident.severity ? {} : await responseDues({ ...deps, db: trx }, incident.reportedAt, severity);
    const now = new Date();
    await updateIncident(trx, id, {
      category: input.category,
      severity,
      tlp: input.tlp as Tlp,
      status: incident.status === 'reported' ? 'triaged' : incident.status,
      assignedTo: input.assignToMe ? viewer.accountId : (incident.assignedTo ?? undefined),
      firstResponseAt: incident.firstResponseAt ?? now,
      ...dues,
    });
    await recordResponseTimes(trx, incident, now, { response: true, containment: false });
    const summary = `${input.category} · ${severity} · TLP:${input.tlp.toUpperCase()}${input.note?.trim() ? ` — ${input.note.trim()}` : ''}`;
    await writeNote(trx, viewer, incident, { kind: 'triage', body: summary.slice(0, 10000), tlp: 'amber', recipients: [] }, requestId);
  });
}

/** An analyst's note, action taken or request to the entity (which waits for its answer). */
export async function addNote(deps: Pick<Deps, 'db' | 'country'>, viewer: Viewer, id: string, input: NoteInput, requestId?: string | null): Promise<string> {
  requireAnalyst(viewer);
  if (!['note', 'action', 'request'].includes(input.kind)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'tipo', messageKey: 'cgii.errors.noteKind' }] });
  const { people } = await getIncident(deps, viewer, id);
  const checked = checkNote(
    input,
    people.map((p) => p.id),
  );
  return deps.db.transaction().execute(async (trx) => {
    const incident = await visibleIncident(trx, viewer, id, { forUpdate: true });
    if (incident.status === 'closed') throw new AppError('CGII_CLOSED');
    const noteId = await writeNote(trx, viewer, incident, { kind: input.kind, ...checked }, requestId);
    const now = new Date();
    await updateIncident(trx, id, {
      status: input.kind === 'request' ? 'waiting_entity' : incident.status === 'reported' ? 'triaged' : undefined,
      firstResponseAt: incident.firstResponseAt ?? now,
      containedAt: input.kind === 'action' ? (incident.containedAt ?? now) : undefined,
    });
    await recordResponseTimes(trx, incident, now, { response: true, containment: input.kind === 'action' });
    if (input.kind === 'request') await emitEvent(trx, 'cgii.request_sent', { incidentId: id, code: incident.code, agencyCode: incident.agencyCode, path: `/cgii/incidentes/${id}` });
    return noteId;
  });
}

/** The entity answers the centre's request (its security contact, or its system). */
export async function answerRequest(
  deps: Pick<Deps, 'db' | 'country'>,
  viewer: Viewer,
  id: string,
  input: { body: string; tlp: string; recipients?: string[] },
  requestId?: string | null,
): Promise<string> {
  const { people } = await getIncident(deps, viewer, id);
  const checked = checkNote(
    { kind: 'answer', ...input },
    people.map((p) => p.id),
  );
  return deps.db.transaction().execute(async (trx) => {
    const incident = await visibleIncident(trx, viewer, id, { forUpdate: true });
    const entity = viewer.kind === 'person' ? viewer.contactOf.includes(incident.agencyCode) : viewer.agencyCode === incident.agencyCode;
    if (!entity) throw new AppError('CGII_FORBIDDEN');
    if (incident.status !== 'waiting_entity') throw new AppError('CGII_NO_REQUEST');
    const noteId = await writeNote(trx, viewer, incident, { kind: 'answer', ...checked }, requestId);
    await updateIncident(trx, id, { status: 'triaged' });
    await emitEvent(trx, 'cgii.request_answered', { incidentId: id, code: incident.code, agencyCode: incident.agencyCode });
    return noteId;
  });
}

/** One affected person a line, `type number` (e.g. `CI 4567890 LP`); answers the people or a field error. */
export function parseAffectedLines(text: string): Array<{ documentType: string; documentNumber: string }> | null {
  const people: Array<{ documentType: string; documentNumber: string }> = [];
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    // The number as written on the document, with its extension if any (a Bolivian CI: `4567890 LP`).
    const m = /^\s*([A-Za-z]{1,10})\s+([0-9][0-9A-Za-z -]{2,29})\s*$/.exec(line);
    if (!m) return null;
    const person = { documentType: m[1]!.toUpperCase(), documentNumber: m[2]!.trim().replace(/\s+/g, ' ').toUpperCase() };
    const key = `${person.documentType} ${person.documentNumber}`;
    if (!seen.has(key)) people.push(person);
    seen.add(key);
  }
  return people.length <= 5000 ? people : null;
}

export interface ClosureInput {
  report: string;
  tlp: string;
  /** The analyst marks that personal data were involved (the report's own field counts too). */
  personalData?: boolean;
  /** When personal data were involved: the people affected (`type number` a line) and what they are told. */
  affected?: string;
  notice?: string;
}

/**
 * Closure with a report; counts in the on-time figure when closed by the closure due instant.
 * A personal-data breach (the report said so, or the analyst marks it) is handed to the
 * transparency module's breach notices through the outbox (`cgii.personal_data_breach`, in the
 * closure's transaction, so once): transparency notifies the people affected.
 */
export async function closeIncident(deps: Pick<Deps, 'db' | 'country'>, viewer: Viewer, id: string, input: ClosureInput, requestId?: string | null): Promise<void> {
  requireAnalyst(viewer);
  const report = input.report.trim();
  const fields: FieldError[] = [];
  if (report.length < 10 || report.length > 10000) fields.push({ field: 'informe', messageKey: 'cgii.errors.report' });
  const affected = parseAffectedLines(input.affected ?? '');
  const notice = (input.notice ?? '').trim();
  const tlp = (TLPS as readonly string[]).includes(input.tlp) && input.tlp !== 'red' ? (input.tlp as Tlp) : 'amber';
  await deps.db.transaction().execute(async (trx) => {
    const incident = await visibleIncident(trx, viewer, id, { forUpdate: true });
    if (incident.status === 'closed') throw new AppError('CGII_CLOSED');
    // Personal data involved (the report said so, or the analyst marks it): the closure names the people and what they are told.
    const personalData = incident.personalData || input.personalData === true;
    if (personalData && !affected) fields.push({ field: 'afectados', messageKey: 'cgii.errors.affected' });
    if (personalData && (notice.length < 10 || notice.length > 4000)) fields.push({ field: 'aviso', messageKey: 'cgii.errors.notice' });
    if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
    const now = new Date();
    await updateIncident(trx, id, {
      status: 'closed',
      closedAt: now,
      closureReport: report,
      firstResponseAt: incident.firstResponseAt ?? now,
      containedAt: incident.containedAt ?? now,
      ...(personalData && !incident.personalData ? { personalData: true } : {}),
    });
    await recordResponseTimes(trx, incident, now, { response: true, containment: true });
    await writeNote(trx, viewer, incident, { kind: 'closure', body: report, tlp, recipients: [] }, requestId);
    const dims = figureDims(incident, await sectorOf({ db: trx }, incident.agencyCode));
    await recordStat(trx, cgiiStats.closed, dims);
    if (onTime({ closedAt: now, closureDue: incident.closureDue })) await recordStat(trx, cgiiStats.closed_in_time, dims);
    await recordStat(trx, cgiiStats.hours_to_close, dims, (now.getTime() - incident.reportedAt.getTime()) / 3_600_000);
    await emitEvent(trx, 'cgii.incident_closed', { incidentId: id, code: incident.code, agencyCode: incident.agencyCode, onTime: onTime({ closedAt: now, closureDue: incident.closureDue }) });
    if (personalData) {
      await emitEvent(trx, 'cgii.personal_data_breach', {
        incidentId: id,
        code: incident.code,
        agencyCode: incident.agencyCode,
        description: notice,
        occurredAt: incident.detectedAt.toISOString(),
        affected: affected ?? [],
      });
      await recordAudit(trx, {
        actor: actorOf(viewer),
        action: 'cgii.breach_handed_over',
        subject: { type: 'cgii_incident', id },
        data: { affected: (affected ?? []).length },
        requestId,
      });
    }
  });
}

/** An evidence file's bytes, for whoever may see the incident; each read enters the chain of custody. */
export async function readEvidence(deps: Pick<Deps, 'db' | 'country'>, viewer: Viewer, id: string, sha256: string, requestId?: string | null) {
  const incident = await visibleIncident(deps.db, viewer, id);
  const evidence = (await listEvidence(deps.db, id)).find((e) => e.sha256 === sha256);
  const file = evidence ? await readFile(deps.db, sha256) : undefined;
  if (!evidence || !file) throw new AppError('CGII_NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    await insertCustody(trx, id, sha256, 'read', authorOf(viewer));
    await recordAudit(trx, { actor: actorOf(viewer), action: 'cgii.evidence_read', subject: { type: 'cgii_incident', id: incident.id }, data: { sha256 }, requestId });
  });
  return { ...evidence, content: file.content };
}

/** The escalation sweep: an open incident past its first-response or closure due instant, once. */
export function escalateOverdue(deps: Pick<Deps, 'db'>, now: Date): Promise<SweepResult<string>> {
  return sweepDue<string>({
    db: deps.db,
    now,
    selectDue: (db, at, limit) => findOverdue(db, at, limit),
    handle: async (trx, id, at) => {
      const incident = await findIncident(trx, { id }, { forUpdate: true, skipLocked: true });
      if (!incident || incident.status === 'closed' || incident.escalatedAt) return false;
      if (incident.closureDue > at && (incident.firstResponseAt || incident.firstResponseDue > at)) return false;
      await updateIncident(trx, id, { escalatedAt: at });
      await recordAudit(trx, { actor: { type: 'system', id: 'deadline' }, action: 'cgii.incident_escalated', subject: { type: 'cgii_incident', id }, data: { severity: incident.severity } });
      await emitEvent(trx, 'cgii.incident_escalated', { incidentId: id, code: incident.code, agencyCode: incident.agencyCode, severity: incident.severity, path: `/cgii/incidentes/${id}` });
      return true;
    },
  });
}

/** Figures: incidents reported, closed, closed on time and the share on time (null before any closure). */
export async function onTimeFigures(deps: Pick<Deps, 'dbRead'>): Promise<{ reported: number; closed: number; closedInTime: number; share: number | null; medianHours: number | null }> {
  const [reported, closed, inTime, hours] = await Promise.all([
    readStat(deps.dbRead, cgiiStats.reported),
    readStat(deps.dbRead, cgiiStats.closed),
    readStat(deps.dbRead, cgiiStats.closed_in_time),
    readStat(deps.dbRead, cgiiStats.hours_to_close),
  ]);
  const n = (rows: Array<{ count: number | null }>) => rows.reduce((s, r) => s + (r.count ?? 0), 0);
  const c = n(closed);
  return { reported: n(reported), closed: c, closedInTime: n(inTime), share: c === 0 ? null : n(inTime) / c, medianHours: hours[0]?.median ?? null };
}
