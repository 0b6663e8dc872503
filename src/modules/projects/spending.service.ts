// A project's money (issue 25, docs/projects.md "E-government projects and their money"): the
// spending recorded against it by its agency's system, an append-only ledger whose corrections
// are new entries, and the roll-up of a plan's projects to its lines and to the plan. Every sum is
// a plain sum of the entries, so it always adds up and anyone can recompute it from open data.
import { AppError, type FieldError } from '../../platform/errors.ts';
import { assertSameRequest, requestFingerprint } from '../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../platform/module.ts';
import { getPlanLines } from '../observatory/index.ts';
import type { AgencyClient } from './ledger.service.ts';
import { findProject } from './projects.queries.ts';
import { findSpending, insertSpendingAudited, listBudgetItems, listSpending, selectLineRollup } from './spending.queries.ts';
import type { BudgetItem, LineRollupRow, PlanRollup, Spending } from './spending.types.ts';

export interface SpendingInput {
  amountMinor: number;
  currency: string;
  valueDate: string;
  source: string;
  description: string;
  /** The entry this one corrects (a correction carries the signed difference). */
  corrects?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function recordSpending(
  deps: Pick<Deps, 'db'>,
  client: AgencyClient,
  projectId: string,
  input: SpendingInput,
  options: { idempotencyKey: string | null; requestId?: string | null },
): Promise<{ spending: Spending; created: boolean }> {
  const project = UUID.test(projectId) ? await findProject(deps.db, projectId) : undefined;
  if (!project) throw new AppError('PROJECTS_NOT_FOUND');
  // The agency that executes the project, or whose system created it, records what it spends.
  if (client.agencyCode !== project.executorAgencyCode && client.agencyCode !== project.createdByAgency) throw new AppError('PROJECTS_FORBIDDEN');
  const requestSha256 = options.idempotencyKey ? requestFingerprint({ projectId, ...input }) : null;
  const fields: FieldError[] = [];
  if (input.currency !== project.currency) fields.push({ field: '/currency', messageKey: 'projects.errors.currency', params: { currency: project.currency } });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.valueDate) || Number.isNaN(Date.parse(input.valueDate)) || Date.parse(input.valueDate) > Date.now() + 86_400_000) {
    fields.push({ field: '/valueDate', messageKey: 'projects.errors.date' });
  }
  const source = input.source.trim();
  const sources = new Set((await listBudgetItems(deps.db, project.id)).map((b) => b.source));
  if (!source || (sources.size > 0 && !sources.has(source))) fields.push({ field: '/source', messageKey: 'projects.errors.budgetSource', params: { sources: [...sources].join(', ') } });
  const description = input.description.trim();
  if (!description) fields.push({ field: '/description', messageKey: 'projects.errors.description' });
  let corrected: Spending | undefined;
  if (input.corrects) {
    corrected = UUID.test(input.corrects) ? await findSpending(deps.db, { id: input.corrects }) : undefined;
    if (!corrected || corrected.projectId !== project.id) fields.push({ field: '/corrects', messageKey: 'projects.errors.corrects' });
    else if (corrected.agencyCode !== client.agencyCode) throw new AppError('PROJECTS_FORBIDDEN');
    if (input.amountMinor === 0 || !Number.isSafeInteger(input.amountMinor)) fields.push({ field: '/amountMinor', messageKey: 'projects.errors.amount' });
  } else if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) fields.push({ field: '/amountMinor', messageKey: 'projects.errors.amount' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });

  const id = crypto.randomUUID();
  const entry = {
    id,
    projectId: project.id,
    kind: corrected ? ('correction' as const) : ('payment' as const),
    correctsId: corrected?.id ?? null,
    amountMinor: input.amountMinor,
    currency: input.currency,
    valueDate: input.valueDate,
    source,
    description,
    agencyCode: client.agencyCode,
  };
  // One statement: the entry and its audit entry; the client's idempotency key is the claim.
  const written = await insertSpendingAudited(
    deps.db,
    { ...entry, clientId: client.clientId, idempotencyKey: options.idempotencyKey, requestSha256 },
    {
      audit: {
        actor: { type: 'client', id: client.clientId },
        action: `projects.spending_${entry.kind}`,
        subject: { type: 'project', id: project.id },
        data: { spendingId: id, amountMinor: input.amountMinor, currency: input.currency, source, corrects: entry.correctsId },
        requestId: options.requestId,
      },
    },
  );
  if (!written) {
    const earlier = options.idempotencyKey ? await findSpending(deps.db, { clientId: client.clientId, idempotencyKey: options.idempotencyKey }) : undefined;
    if (!earlier) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    if (requestSha256) assertSameRequest(earlier.requestSha256, requestSha256);
    return { spending: earlier, created: false };
  }
  return { spending: { ...entry, ...written }, created: true };
}

export function spendingOf(deps: Pick<Deps, 'dbRead'>, projectId?: string): Promise<Spending[]> {
  return listSpending(deps.dbRead, projectId);
}

export function budgetOf(deps: Pick<Deps, 'dbRead'>, projectId?: string): Promise<BudgetItem[]> {
  return listBudgetItems(deps.dbRead, projectId);
}

type Totals = PlanRollup['totals'];

function sumByCurrency(projects: readonly LineRollupRow[]): Totals {
  const by = new Map<string, { currency: string; budgetMinor: number; spentMinor: number }>();
  for (const p of projects) {
    const line = by.get(p.currency) ?? { currency: p.currency, budgetMinor: 0, spentMinor: 0 };
    line.budgetMinor += p.budgetMinor;
    line.spentMinor += p.spentMinor;
    by.set(p.currency, line);
  }
  return [...by.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** Progress weighted by budget (each project's progress counts as much as its budget); null without budget. */
function weightedProgress(projects: readonly LineRollupRow[]): number | null {
  const budget = projects.reduce((sum, p) => sum + p.budgetMinor, 0);
  if (budget === 0) return null;
  return Math.round((projects.reduce((sum, p) => sum + p.progress * p.budgetMinor, 0) / budget) * 10) / 10;
}

/** A plan's projects by strategic line: budgets, spending and progress, rolled up to each line and to the plan. */
export async function planRollup(deps: Deps, planCode: string): Promise<PlanRollup> {
  let found: Awaited<ReturnType<typeof getPlanLines>>;
  try {
    found = await getPlanLines(deps, planCode);
  } catch (error) {
    if (error instanceof AppError && error.code === 'OBSERVATORY_NOT_FOUND') throw new AppError('PROJECTS_PLAN_NOT_FOUND');
    throw error;
  }
  const rows = await selectLineRollup(
    deps.dbRead,
    found.lines.map((l) => l.id),
  );
  const lines = found.lines.map((line) => {
    const projects = rows.filter((r) => r.lineId === line.id);
    return { lineId: line.id, position: line.position, title: line.title, projects, totals: sumByCurrency(projects), progress: weightedProgress(projects) };
  });
  return { planCode: found.plan.code, planTitle: found.plan.title, lines, totals: sumByCurrency(rows), progress: weightedProgress(rows) };
}

/** The id of a plan's line by the plan's code and the line's position, for a project that serves it. */
export async function planLineId(deps: Deps, plan: string, position: number): Promise<string | undefined> {
  try {
    return (await getPlanLines(deps, plan)).lines.find((l) => l.position === position)?.id;
  } catch (error) {
    if (error instanceof AppError && error.code === 'OBSERVATORY_NOT_FOUND') return undefined;
    throw error;
  }
}
