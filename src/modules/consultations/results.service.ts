// Results, the census and assemblies: the officials' side of a Consulta Popular, and what is
// published (results, anonymous ballots, receipts, the Pabulib export).
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { localDate } from '../../platform/country/business-days.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { claimIdempotencyKey, type IdempotencyClaim, IdempotentReplay } from '../../platform/idempotency/idempotency.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { readStat, recordStat } from '../../platform/stats/stats.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { getTerritoryWithAncestors } from '../territories/index.ts';
import {
  insertAssembly,
  insertCensusImport,
  insertPaperBallots,
  listBallotGroups,
  listBallots,
  listResultRows,
  markAssemblyAttendees,
  markResultsPublished,
  mixInbox,
  upsertCensusRows,
} from './consultations.queries.ts';
import { getConsultation, isOfficerOf, type ConsultationView } from './consultations.service.ts';
import { consultationStats } from './consultations.stats.ts';
import { ballotProblem } from './consultations.types.ts';
import { computeUnitResult, toPabulib } from './results.ts';

export interface Official {
  accountId: string;
  grants: readonly RoleGrant[];
}

export interface UnitResults {
  unitCode: string;
  unitName: string;
  budgetMinor: number;
  leftMinor: number;
  ballots: number;
  proposals: Array<{ proposalId: string; title: string; costMinor: number; votes: number; funded: boolean; rank: number }>;
}

/** Computes the results of every unit from the anonymous ballots (the same function anyone can run on the published ones). */
export function computeResults(view: ConsultationView, ballots: ReadonlyArray<{ unitCode: string; choices: readonly string[]; weight?: number }>): UnitResults[] {
  return view.units.map((unit) => {
    const projects = view.proposals.filter((p) => p.unitCode === unit.code && p.reviewStatus === 'viable').map((p) => ({ id: p.id, seq: p.seq, costMinor: p.costMinor }));
    const cast = ballots.filter((b) => b.unitCode === unit.code).map((b) => ({ choices: b.choices, weight: b.weight ?? 1 }));
    const result = computeUnitResult(view.consultation.resultMethod, projects, cast, unit.budgetMinor);
    const funded = new Map(result.funded.map((id, index) => [id, index + 1]));
    const ordered = [...projects].sort(
      (a, b) => (funded.get(a.id) ?? Infinity) - (funded.get(b.id) ?? Infinity) || result.votes.get(b.id)! - result.votes.get(a.id)! || a.costMinor - b.costMinor || a.seq - b.seq,
    );
    return {
      unitCode: unit.code,
      unitName: unit.name,
      budgetMinor: unit.budgetMinor,
      leftMinor: result.leftMinor,
      ballots: cast.reduce((sum, b) => sum + b.weight, 0),
      proposals: ordered.map((p, index) => ({
        proposalId: p.id,
        title: view.proposals.find((x) => x.id === p.id)!.title,
        costMinor: p.costMinor,
        votes: result.votes.get(p.id) ?? 0,
        funded: funded.has(p.id),
        rank: index + 1,
      })),
    };
  });
}

/**
 * Publishes the results once the voting has closed: the inbox is mixed, every unit computed,
 * the results stored, and `consultations.results_published` emitted (the projects module
 * makes the funded projects from it), all in one transaction; a second publication does nothing.
 */
export async function publishResults(deps: Pick<Deps, 'db' | 'country'>, official: Official, idOrSlug: string, requestId: string | null = null): Promise<UnitResults[]> {
  const view = await getConsultation(deps, idOrSlug);
  const c = view.consultation;
  for (const unit of view.units) if (!(await isOfficerOf(deps, official.grants, unit))) throw new AppError('CONSULTATIONS_FORBIDDEN');
  if (new Date() < c.votingCloseAt) throw new AppError('CONSULTATIONS_WRONG_PHASE');
  return deps.db.transaction().execute(async (trx) => {
    await mixInbox(trx);
    const results = computeResults(view, await listBallotGroups(trx, c.id));
    const rows = results.flatMap((u) => u.proposals.map((p) => ({ proposalId: p.proposalId, unitCode: u.unitCode, votes: p.votes, funded: p.funded, rank: p.rank })));
    if (!(await markResultsPublished(trx, c.id, rows))) throw new AppError('CONSULTATIONS_ALREADY_PUBLISHED');
    const byId = new Map(view.proposals.map((p) => [p.id, p]));
    await emitEvent(trx, 'consultations.results_published', {
      consultationId: c.id,
      title: c.title,
      countryProfile: c.countryProfile,
      projects: results.flatMap((u) =>
        u.proposals
          .filter((p) => p.funded)
          .map((p) => {
            const proposal = byId.get(p.proposalId)!;
            return {
              proposalId: p.proposalId,
              title: proposal.title,
              description: proposal.description,
              costMinor: proposal.costMinor,
              currency: c.currency,
              territoryCode: u.unitCode,
              lat: proposal.lat,
              lon: proposal.lon,
              executorTerritoryCode: proposal.executorTerritoryCode,
              votes: p.votes,
            };
          }),
      ),
    });
    await recordAudit(trx, {
      actor: { type: 'official', id: official.accountId },
      action: 'consultations.results_published',
      subject: { type: 'consultation', id: c.id },
      data: { funded: rows.filter((r) => r.funded).length },
      requestId,
    });
    return results;
  });
}

/** The published results (after publication), or undefined before. */
export async function publishedResults(deps: Pick<Deps, 'db'>, idOrSlug: string): Promise<{ view: ConsultationView; results: UnitResults[] } | undefined> {
  const view = await getConsultation(deps, idOrSlug);
  if (!view.consultation.resultsPublishedAt) return undefined;
  const stored = await listResultRows(deps.db, view.consultation.id);
  const byId = new Map(view.proposals.map((p) => [p.id, p]));
  const ballots = await listBallotGroups(deps.db, view.consultation.id);
  const results = view.units.map((unit) => {
    const proposals = stored
      .filter((r) => r.unitCode === unit.code)
      .map((r) => ({ proposalId: r.proposalId, title: byId.get(r.proposalId)!.title, costMinor: byId.get(r.proposalId)!.costMinor, votes: r.votes, funded: r.funded, rank: r.rank }));
    const spent = proposals.filter((p) => p.funded).reduce((sum, p) => sum + p.costMinor, 0);
    return {
      unitCode: unit.code,
      unitName: unit.name,
      budgetMinor: unit.budgetMinor,
      leftMinor: unit.budgetMinor - spent,
      ballots: ballots.filter((b) => b.unitCode === unit.code).reduce((sum, b) => sum + b.weight, 0),
      proposals,
    };
  });
  return { view, results };
}

/** The anonymous ballots, published once the voting has closed (before, they would show a running tally). */
export async function publishedBallots(deps: Pick<Deps, 'db'>, idOrSlug: string): Promise<{ view: ConsultationView; ballots: Array<{ unitCode: string; choices: string[] }> }> {
  const view = await getConsultation(deps, idOrSlug);
  if (new Date() < view.consultation.votingCloseAt) throw new AppError('CONSULTATIONS_WRONG_PHASE');
  return { view, ballots: await listBallots(deps.db, view.consultation.id) };
}

/** One unit in the Pabulib format, from the published ballots. */
export async function pabulibExport(deps: Pick<Deps, 'db' | 'country'>, idOrSlug: string, unitCode: string): Promise<string> {
  const { view, ballots } = await publishedBallots(deps, idOrSlug);
  const unit = view.units.find((u) => u.code === unitCode);
  if (!unit) throw new AppError('CONSULTATIONS_UNIT_NOT_FOUND');
  const cast = ballots.filter((b) => b.unitCode === unitCode).map((b) => b.choices);
  const viable = view.proposals.filter((p) => p.unitCode === unitCode && p.reviewStatus === 'viable');
  const results = computeResults(view, ballots).find((r) => r.unitCode === unitCode)!;
  const c = view.consultation;
  return toPabulib({
    description: c.title,
    country: deps.country.name.es,
    unit: unit.name,
    instance: localDate(deps.country, c.votingCloseAt).slice(0, 4),
    currency: c.currency,
    budgetMinor: unit.budgetMinor,
    rule: c.resultMethod,
    voteType: 'approval',
    ...(c.ballotRule === 'approval' ? { minLength: c.approvalMin, maxLength: c.approvalMax } : {}),
    projects: viable.map((p, index) => {
      const r = results.proposals.find((x) => x.proposalId === p.id)!;
      return { number: index + 1, id: p.id, name: p.title, costMinor: p.costMinor, votes: r.votes, selected: r.funded };
    }),
    ballots: cast,
  });
}

// ── The census ─────────────────────────────────────────────────────────────────────────

export interface CensusReport {
  accepted: number;
  rejected: Array<{ line: number; reason: 'columns' | 'document_type' | 'document_number' | 'unit' | 'not_your_unit' | 'duplicate' }>;
}

/**
 * Imports a census CSV (`document_type,document_number,unit_code`, a header line optional):
 * every valid row is stored (a person already in the census moves to the new unit), every
 * other is reported with its line and reason. Only the units the official may act for.
 */
export async function importCensus(
  deps: Pick<Deps, 'db' | 'country'>,
  official: Official,
  idOrSlug: string,
  csv: string,
  requestId: string | null = null,
  idempotency?: IdempotencyClaim,
): Promise<CensusReport> {
  const view = await getConsultation(deps, idOrSlug);
  const units = new Map(view.units.map((u) => [u.code, u]));
  const allowed = new Map<string, boolean>();
  for (const unit of view.units) allowed.set(unit.code, await isOfficerOf(deps, official.grants, unit));
  if (![...allowed.values()].some(Boolean)) throw new AppError('CONSULTATIONS_FORBIDDEN');
  const types = new Set(deps.country.identityDocuments.map((d) => d.code));
  const report: CensusReport = { accepted: 0, rejected: [] };
  const accepted: Array<{ documentType: string; documentNumber: string; unitCode: string }> = [];
  const seen = new Set<string>();
  const classify = (raw: string): CensusReport['rejected'][number]['reason'] | { documentType: string; documentNumber: string; unitCode: string } => {
    const cells = raw.split(/[,;]/).map((cell) => cell.trim().replace(/^"|"$/g, ''));
    if (cells.length !== 3) return 'columns';
    const [documentType, documentNumber, unitCode] = cells as [string, string, string];
    if (!types.has(documentType)) return 'document_type';
    if (!/^[A-Za-z0-9 -]{3,30}$/.test(documentNumber)) return 'document_number';
    if (!units.has(unitCode)) return 'unit';
    if (!allowed.get(unitCode)) return 'not_your_unit';
    if (seen.has(`${documentType}|${documentNumber}`)) return 'duplicate';
    return { documentType, documentNumber, unitCode };
  };
  const lines = csv.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === '' || (index === 0 && /document_type/i.test(raw))) continue;
    const outcome = classify(raw);
    if (typeof outcome === 'string') {
      report.rejected.push({ line: index + 1, reason: outcome });
      continue;
    }
    seen.add(`${outcome.documentType}|${outcome.documentNumber}`);
    accepted.push(outcome);
  }
  report.accepted = accepted.length;
  const id = uuidv7();
  // With the form's claim, a burst of the same import stores one (the same CSV gives the same report).
  await deps.db
    .transaction()
    .execute(async (trx) => {
      if (idempotency) await claimIdempotencyKey(trx, idempotency, id);
      await upsertCensusRows(trx, view.consultation.id, accepted);
      await insertCensusImport(trx, { id, consultationId: view.consultation.id, importedBy: official.accountId, accepted: accepted.length, rejected: report.rejected });
      await recordAudit(trx, {
        actor: { type: 'official', id: official.accountId },
        action: 'consultations.census_imported',
        subject: { type: 'consultation', id: view.consultation.id },
        data: { importId: id, accepted: accepted.length, rejected: report.rejected.length },
        requestId,
      });
    })
    .catch((error: unknown) => {
      if (!(error instanceof IdempotentReplay)) throw error;
    });
  return report;
}

// ── Assemblies ─────────────────────────────────────────────────────────────────────────

/**
 * An assembly's paper ballots, recorded by an official of the unit: every attendee is marked
 * in the poll book (one who already voted, online or at another assembly, refuses the whole
 * tally: 409 with their documents), and each paper ballot is stored as an anonymous ballot.
 */
export async function recordAssembly(
  deps: Pick<Deps, 'db' | 'country'>,
  official: Official,
  idOrSlug: string,
  input: { unitCode: string; heldOn: string; attendees: Array<{ documentType: string; documentNumber: string }>; ballots: string[][] },
  requestId: string | null = null,
  idempotency?: IdempotencyClaim,
): Promise<{ assemblyId: string }> {
  const view = await getConsultation(deps, idOrSlug);
  const c = view.consultation;
  const unit = view.units.find((u) => u.code === input.unitCode);
  if (!unit) throw new AppError('CONSULTATIONS_UNIT_NOT_FOUND');
  if (!(await isOfficerOf(deps, official.grants, unit))) throw new AppError('CONSULTATIONS_FORBIDDEN');
  const now = new Date();
  if (now < c.votingOpenAt || now >= c.votingCloseAt) throw new AppError('CONSULTATIONS_WRONG_PHASE');
  if (input.ballots.length > input.attendees.length) throw new AppError('CONSULTATIONS_ASSEMBLY_INVALID');
  for (const ballot of input.ballots) {
    const problem = ballotProblem(c, unit, view.proposals, ballot);
    if (problem) throw new AppError(problem);
  }
  const id = uuidv7();
  const path = unit.layerCode ? [unit.code] : (await getTerritoryWithAncestors(deps, unit.code).catch(() => [])).map((t) => t.code);
  await deps.db.transaction().execute(async (trx) => {
    // The form's claim first: of a burst of identical acts one is recorded, the others throw `IdempotentReplay`.
    if (idempotency) await claimIdempotencyKey(trx, idempotency, id);
    const votedOn = localDate(deps.country, now);
    const taken = await markAssemblyAttendees(
      trx,
      input.attendees.map((a) => ({
        consultationId: c.id,
        documentType: a.documentType,
        documentNumber: a.documentNumber,
        accountId: null,
        unitCode: unit.code,
        channel: 'assembly' as const,
        votedOn,
      })),
    );
    if (taken.length > 0) throw new AppError('CONSULTATIONS_ALREADY_VOTED', { detail: taken.map((t) => `${t.documentType} ${t.documentNumber}`).join(', ') });
    await insertPaperBallots(trx, c.id, unit.code, input.ballots);
    await insertAssembly(trx, {
      id,
      consultationId: c.id,
      unitCode: unit.code,
      heldOn: input.heldOn,
      attendees: input.attendees.length,
      ballots: input.ballots.length,
      recordedBy: official.accountId,
    });
    await recordStat(trx, consultationStats.ballots_cast, { territory: path, consultation: c.id, channel: 'assembly', at: now }, input.ballots.length);
    await recordAudit(trx, {
      actor: { type: 'official', id: official.accountId },
      action: 'consultations.assembly_recorded',
      subject: { type: 'assembly', id },
      data: { consultationId: c.id, unit: unit.code, attendees: input.attendees.length, ballots: input.ballots.length },
      requestId,
    });
  });
  return { assemblyId: id };
}

// ── Participation ──────────────────────────────────────────────────────────────────────

export interface ParticipationDay {
  /** The day in the country's time zone, YYYY-MM-DD. */
  day: string;
  /** Null when the public figure is suppressed (too few ballots that day to show). */
  online: number | null;
  assembly: number | null;
}

/**
 * Ballots cast per day and channel, from the public figure `consultations.ballots_cast` (small
 * counts suppressed as in open data): never per person, never what was chosen.
 */
export async function participationByDay(deps: Pick<Deps, 'db' | 'country'>, consultationId: string): Promise<ParticipationDay[]> {
  const rows = await readStat(deps.db, consultationStats.ballots_cast, { where: { consultation: consultationId }, groupBy: ['day', 'channel'], timeZone: deps.country.timeZone, public: true });
  const days = new Map<string, ParticipationDay>();
  for (const row of rows) {
    const day = row.group.day;
    if (!day) continue;
    const entry = days.get(day) ?? { day, online: 0, assembly: 0 };
    entry[row.group.channel === 'assembly' ? 'assembly' : 'online'] = row.count;
    days.set(day, entry);
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}
