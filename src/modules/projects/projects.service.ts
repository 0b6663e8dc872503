// Use cases of public projects: create (an agency's system, a consultation's results, other
// modules), read, and manage (progress, status, milestones with evidence).
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/outbox.ts';
import { checkFile, storeFile } from '../../platform/files/index.ts';
import { assertSameRequest, requestFingerprint } from '../../platform/idempotency/idempotency.ts';
import type { Deps, RoleGrant } from '../../platform/module.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import { getLayer, getTerritoryWithAncestors, locateInLayer, type MapShapeInput, type ProjectedMap, projectMap } from '../territories/index.ts';
import {
  completeMilestone,
  isProjectFile as isProjectFileQuery,
  findProject,
  findProjectForUpdate,
  findProjectByKey,
  insertProjectAudited,
  listMilestones,
  listProjects,
  type ProjectFilter,
  updateProjectState,
} from './projects.queries.ts';
import { canManageProject, clientManagesProject } from './projects.policy.ts';
import { projectStats } from './projects.stats.ts';
import { planLineId } from './spending.service.ts';
import { CIRCUIT_LAYER, type Milestone, type Project, type ProjectKind, type ProjectStatus, type ResultsPublished } from './projects.types.ts';

export type Actor = { type: 'client'; id: string; agencyCode: string } | { type: 'system'; id: string } | { type: 'person'; id: string; grants: readonly RoleGrant[] };

export interface ProjectInput {
  kind: ProjectKind;
  title: string;
  description?: string;
  territoryCode: string;
  lat?: number | null;
  lon?: number | null;
  executorTerritoryCode?: string | null;
  executorAgencyCode?: string | null;
  budgetMinor: number;
  currency: string;
  milestones?: Array<{ title: string; dueOn?: string | null }>;
  source?: Record<string, unknown> | null;
  /** The strategic line of a plan (the observatory's plans model) the project serves: the plan's code and the line's position. */
  planLine?: { plan: string; line: number } | null;
  /** The budget by year and source; when given, the items add up to `budgetMinor`. */
  budgetItems?: Array<{ year: number; source: string; amountMinor: number }>;
}

async function pathOf(deps: Pick<Deps, 'db'>, code: string, field: string, fields: FieldError[]): Promise<string[] | undefined> {
  try {
    return (await getTerritoryWithAncestors(deps, code)).map((t) => t.code);
  } catch {
    fields.push({ field, messageKey: 'projects.errors.territory', params: { code } });
    return undefined;
  }
}

/** The communal circuit holding a point (the first feature of the circuits layer), or null (no point, no layer). */
async function circuitOf(deps: Pick<Deps, 'db'>, lat: number | null, lon: number | null): Promise<string | null> {
  if (lat === null || lon === null) return null;
  try {
    return (await locateInLayer(deps, CIRCUIT_LAYER, { lat, long: lon }))[0]?.code ?? null;
  } catch {
    return null;
  }
}

/**
 * Creates a public project (the one entry point of every module that makes projects). With a
 * `sourceKey` (a consultation's proposal) or an idempotency key, a repeat answers the first project.
 */
export async function createProject(
  deps: Deps,
  actor: Actor,
  input: ProjectInput,
  options: { sourceKey?: string; idempotencyKey?: string | null; requestId?: string | null } = {},
): Promise<{ project: Project; created: boolean }> {
  const fields: FieldError[] = [];
  const title = input.title.trim();
  if (!title) fields.push({ field: '/title', messageKey: 'projects.errors.title' });
  if (!Number.isSafeInteger(input.budgetMinor) || input.budgetMinor < 0) fields.push({ field: '/budgetMinor', messageKey: 'projects.errors.amount' });
  if (((input.executorTerritoryCode ?? null) === null) === ((input.executorAgencyCode ?? null) === null)) fields.push({ field: '/executorTerritoryCode', messageKey: 'projects.errors.executor' });
  const lat = input.lat ?? null;
  const lon = input.lon ?? null;
  if ((lat === null) !== (lon === null)) fields.push({ field: '/lat', messageKey: 'projects.errors.point' });
  const territoryPath = await pathOf(deps, input.territoryCode, '/territoryCode', fields);
  const executorTerritoryPath = input.executorTerritoryCode ? await pathOf(deps, input.executorTerritoryCode, '/executorTerritoryCode', fields) : null;
  const planLine = input.planLine ? await planLineId(deps, input.planLine.plan, input.planLine.line) : null;
  if (input.planLine && !planLine) fields.push({ field: '/planLine', messageKey: 'projects.errors.planLine' });
  const budgetItems = (input.budgetItems ?? []).map((b) => ({ year: b.year, source: b.source.trim(), amountMinor: b.amountMinor }));
  if (budgetItems.length > 0) {
    if (budgetItems.some((b) => !b.source || !Number.isSafeInteger(b.amountMinor) || b.amountMinor < 0)) fields.push({ field: '/budgetItems', messageKey: 'projects.errors.amount' });
    else if (new Set(budgetItems.map((b) => `${b.year}\u0000${b.source}`)).size !== budgetItems.length) fields.push({ field: '/budgetItems', messageKey: 'projects.errors.budgetDuplicate' });
    else if (budgetItems.reduce((sum, b) => sum + b.amountMinor, 0) !== input.budgetMinor) fields.push({ field: '/budgetItems', messageKey: 'projects.errors.budgetSum' });
  }
  if (fields.length > 0 || !territoryPath) throw new AppError('VALIDATION_FAILED', { fields });

  const clientId = actor.type === 'client' ? actor.id : null;
  const requestSha256 = options.idempotencyKey ? requestFingerprint(input) : null;
  const key = options.sourceKey ? { sourceKey: options.sourceKey } : clientId && options.idempotencyKey ? { clientId, idempotencyKey: options.idempotencyKey } : undefined;
  const replay = async () => {
    const earlier = key ? await findProjectByKey(deps.db, key) : undefined;
    if (earlier && requestSha256) assertSameRequest(earlier.requestSha256, requestSha256);
    return earlier;
  };
  const before = await replay();
  if (before) return { project: before, created: false };

  const id = crypto.randomUUID();
  const project = {
    id,
    kind: input.kind,
    title,
    description: (input.description ?? '').trim(),
    territoryCode: input.territoryCode,
    territoryPath,
    circuitCode: await circuitOf(deps, lat, lon),
    lat,
    lon,
    executorTerritoryCode: input.executorTerritoryCode ?? null,
    executorTerritoryPath: executorTerritoryPath ?? null,
    executorAgencyCode: input.executorAgencyCode ?? null,
    budgetMinor: input.budgetMinor,
    currency: input.currency,
    source: input.source ?? null,
    planLineId: planLine ?? null,
    createdByAgency: actor.type === 'client' ? actor.agencyCode : null,
  };
  const written = await insertProjectAudited(
    deps.db,
    {
      ...project,
      sourceKey: options.sourceKey ?? null,
      clientId,
      idempotencyKey: options.idempotencyKey ?? null,
      requestSha256,
      milestones: (input.milestones ?? []).map((m) => ({ title: m.title.trim(), dueOn: m.dueOn ?? null })),
      budgetItems,
    },
    {
      audit: {
        actor: { type: actor.type, id: actor.id },
        action: 'projects.project_created',
        subject: { type: 'project', id },
        data: { kind: input.kind, territory: input.territoryCode, source: input.source ?? null },
        requestId: options.requestId,
      },
      events: [{ topic: 'projects.project_created', payload: { projectId: id, kind: input.kind, territoryCode: input.territoryCode, budgetMinor: input.budgetMinor, currency: input.currency } }],
      stats: [{ stat: projectStats.by_status, dims: { territory: territoryPath, status: 'approved', kind: input.kind } }],
    },
  );
  if (!written) {
    const earlier = await replay();
    if (!earlier) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return { project: earlier, created: false };
  }
  return { project: (await findProject(deps.db, id))!, created: true };
}

/** The milestones every consultation-funded project reports (data, in the country's language). */
const CONSULTATION_MILESTONES = ['Primer desembolso recibido', 'Obra iniciada', 'Obra concluida', 'Rendición de cuentas en asamblea'];

/** `consultations.results_published`: each funded proposal becomes a project of kind `consultation` (once, however often the event comes). */
export async function onResultsPublished(event: DomainEvent, deps: Deps): Promise<void> {
  const payload = event.payload as unknown as ResultsPublished;
  for (const p of payload.projects) {
    await createProject(
      deps,
      { type: 'system', id: 'consultations' },
      {
        kind: 'consultation',
        title: p.title,
        description: p.description,
        territoryCode: p.territoryCode,
        lat: p.lat,
        lon: p.lon,
        executorTerritoryCode: p.executorTerritoryCode,
        budgetMinor: p.costMinor,
        currency: p.currency,
        source: { consultationId: payload.consultationId, consultationTitle: payload.title, proposalId: p.proposalId, votes: p.votes },
        milestones: CONSULTATION_MILESTONES.map((title) => ({ title })),
      },
      { sourceKey: `consultation:${payload.consultationId}:${p.proposalId}` },
    );
  }
}

export async function getProject(deps: Pick<Deps, 'dbRead'>, id: string): Promise<Project> {
  const project = /^[0-9a-f-]{36}$/i.test(id) ? await findProject(deps.dbRead, id) : undefined;
  if (!project) throw new AppError('PROJECTS_NOT_FOUND');
  return project;
}

export function searchProjects(deps: Pick<Deps, 'dbRead'>, filter: ProjectFilter): Promise<{ projects: Project[]; total: number }> {
  return listProjects(deps.dbRead, filter);
}

export function milestonesOf(deps: Pick<Deps, 'dbRead'>, projectId: string): Promise<Milestone[]> {
  return listMilestones(deps.dbRead, projectId);
}

export function mayManage(actor: Actor, project: Project): boolean {
  if (actor.type === 'client') return clientManagesProject(actor.agencyCode, project);
  if (actor.type === 'person') return canManageProject(actor.grants, project);
  return false;
}

async function managedProject(deps: Pick<Deps, 'db'>, actor: Actor, projectId: string): Promise<Project> {
  const project = /^[0-9a-f-]{36}$/i.test(projectId) ? await findProject(deps.db, projectId) : undefined;
  if (!project) throw new AppError('PROJECTS_NOT_FOUND');
  if (!mayManage(actor, project)) throw new AppError('PROJECTS_FORBIDDEN');
  return project;
}

/** Progress and status, by the executing organisation or agency; audited, with the figures moved. */
export async function updateProgress(deps: Pick<Deps, 'db'>, actor: Actor, projectId: string, change: { status: ProjectStatus; progress: number }, requestId?: string): Promise<Project> {
  const project = await managedProject(deps, actor, projectId);
  if (!Number.isInteger(change.progress) || change.progress < 0 || change.progress > 100)
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/progress', messageKey: 'projects.errors.progress' }] });
  await deps.db.transaction().execute(async (trx) => {
    // Locked, so that of simultaneous changes each sees the one before: the status figures move
    // once per real change, and the same change again (a double submit) writes nothing.
    const current = (await findProjectForUpdate(trx, projectId))!;
    if (current.status === change.status && current.progress === change.progress) return;
    await updateProjectState(trx, projectId, change);
    await recordAudit(trx, {
      actor: { type: actor.type, id: actor.id },
      action: 'projects.progress_updated',
      subject: { type: 'project', id: projectId },
      data: { from: { status: current.status, progress: current.progress }, to: change },
      requestId,
    });
    if (current.status !== change.status) {
      await recordStat(trx, projectStats.by_status, { territory: project.territoryPath, status: current.status, kind: project.kind }, -1);
      await recordStat(trx, projectStats.by_status, { territory: project.territoryPath, status: change.status, kind: project.kind });
    }
  });
  return (await findProject(deps.db, projectId))!;
}

/** A milestone done, with its evidence (a photo or PDF, stored in the platform's file store): once. */
export async function reportMilestone(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  projectId: string,
  input: { position: number; doneOn: string; evidence?: Uint8Array | null; note?: string | null },
  requestId?: string,
): Promise<boolean> {
  await managedProject(deps, actor, projectId);
  const fields: FieldError[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.doneOn) || Number.isNaN(Date.parse(input.doneOn))) fields.push({ field: '/doneOn', messageKey: 'projects.errors.date' });
  const check = input.evidence && input.evidence.byteLength > 0 ? checkFile(input.evidence, { maxBytes: 5 * 1024 * 1024, allowed: ['image/png', 'image/jpeg', 'application/pdf'] }) : undefined;
  if (check && !check.ok) fields.push({ field: '/evidence', messageKey: 'projects.errors.file' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  return deps.db.transaction().execute(async (trx) => {
    const stored = check?.ok && input.evidence ? await storeFile(trx, input.evidence, check.mediaType) : undefined;
    const changed = await completeMilestone(trx, { projectId, position: input.position, doneOn: input.doneOn, evidenceSha256: stored?.sha256 ?? null, note: input.note?.trim() || null });
    if (changed)
      await recordAudit(trx, {
        actor: { type: actor.type, id: actor.id },
        action: 'projects.milestone_done',
        subject: { type: 'project', id: projectId },
        data: { position: input.position, evidence: stored?.sha256 ?? null },
        requestId,
      });
    return changed;
  });
}

/** Whether a stored file belongs to the project (a milestone's evidence, a ledger entry's document): the files route serves only those. */
export function isProjectFile(deps: Pick<Deps, 'dbRead'>, projectId: string, sha256: string): Promise<boolean> {
  return isProjectFileQuery(deps.dbRead, projectId, sha256);
}

/**
 * The map of projects (server SVG): the communal circuits (when the layer exists) as the frame,
 * each project with a point as a small square linked to its page. Undefined when nothing has a place.
 */
export async function projectsMap(deps: Pick<Deps, 'db'>, projects: Project[], locale: 'es' | 'en'): Promise<ProjectedMap | undefined> {
  const shapes: MapShapeInput[] = [];
  try {
    for (const f of (await getLayer(deps, CIRCUIT_LAYER)).features) shapes.push({ code: f.code, label: f.name[locale], geometry: f.boundary, role: 'frame' });
  } catch {
    // no circuits layer: the points alone
  }
  const d = 0.0012;
  for (const p of projects) {
    if (p.lat === null || p.lon === null) continue;
    const ring: Array<[number, number]> = [
      [p.lon - d, p.lat - d],
      [p.lon + d, p.lat - d],
      [p.lon + d, p.lat + d],
      [p.lon - d, p.lat + d],
      [p.lon - d, p.lat - d],
    ];
    shapes.push({ code: p.id, label: p.title, geometry: { type: 'Polygon', coordinates: [ring] }, role: 'part', href: `/proyectos/${p.id}` });
  }
  return shapes.some((s) => s.role === 'part') ? projectMap(shapes) : undefined;
}
