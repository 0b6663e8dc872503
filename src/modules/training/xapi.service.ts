// The xAPI 1.0.3 statement resource (docs/training.md, "Learning records"): agencies' systems
// store and read statements with a client token; each reads only its agency's statements (the
// platform's progress statements belong to the course's agency).
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { findStatement, insertStatement, listStatements, markVoided, type StoredStatement } from './training.queries.ts';
import { isUuid, isVoiding, sameStatement, statementProblems, XAPI_VERSION } from './xapi.ts';

export interface XapiClient {
  clientId: string;
  agencyCode: string;
}
type Json = Record<string, unknown>;

function invalid(problems: Array<{ pointer: string; rule: string }>): AppError {
  const fields: FieldError[] = problems.slice(0, 50).map((p) => ({ field: p.pointer || '/', messageKey: 'training.xapi.rule', params: { rule: p.rule } }));
  return new AppError('TRAINING_XAPI_INVALID', { fields });
}

/**
 * Stores statements (all or none). A statement whose id is already stored answers that id when
 * it is the same statement, 409 when it differs. Voiding statements mark their target voided.
 */
export async function storeStatements(deps: Deps, client: XapiClient, input: unknown[], requestId: string | null): Promise<{ ids: string[]; created: number }> {
  if (input.length === 0 || input.length > 500) throw invalid([{ pointer: '/', rule: 'send 1 to 500 statements' }]);
  const problems = input.flatMap((s, i) => statementProblems(s).map((p) => ({ pointer: input.length > 1 ? `/${i}${p.pointer}` : p.pointer, rule: p.rule })));
  if (problems.length > 0) throw invalid(problems);
  const stored = new Date();
  const authority = { objectType: 'Agent', account: { homePage: deps.config.publicUrl, name: client.clientId } };
  const sent = new Map<string, Json>();
  const statements: Array<Json & { id: string }> = (input as Json[]).map((s) => ({
    ...s,
    id: typeof s.id === 'string' ? s.id.toLowerCase() : crypto.randomUUID(),
    timestamp: s.timestamp ?? stored.toISOString(),
    stored: stored.toISOString(),
    authority,
    version: s.version ?? XAPI_VERSION,
  }));
  for (const [i, s] of statements.entries()) sent.set(s.id, input[i] as Json);
  if (new Set(statements.map((s) => s.id)).size !== statements.length) throw invalid([{ pointer: '/', rule: 'two statements with the same id' }]);
  return deps.db.transaction().execute(async (trx) => {
    let created = 0;
    // The same statement already stored (by an earlier request, or a parallel one that won the id): nothing to do.
    const alreadyStored = async (statement: Json & { id: string }) => {
      const existing = await findStatement(trx, statement.id);
      if (!existing) return false;
      if (existing.agencyCode !== client.agencyCode || !sameStatement(existing.statement, { ...sent.get(statement.id), id: statement.id })) throw new AppError('TRAINING_XAPI_CONFLICT');
      return true;
    };
    for (const statement of statements) {
      if (await alreadyStored(statement)) continue;
      if (isVoiding(statement)) {
        const targetId = String((statement.object as Json).id).toLowerCase();
        const target = await findStatement(trx, targetId, { forUpdate: true });
        if (target && target.agencyCode === client.agencyCode) {
          if (isVoiding(target.statement)) throw invalid([{ pointer: '/object/id', rule: 'a voiding statement cannot target another voiding statement' }]);
          await markVoided(trx, targetId);
        }
      }
      if (await insertStatement(trx, { id: statement.id, agencyCode: client.agencyCode, clientId: client.clientId, statement, stored })) created++;
      else if (!(await alreadyStored(statement))) throw new AppError('TRAINING_XAPI_CONFLICT');
    }
    if (created > 0)
      await recordAudit(trx, {
        actor: { type: 'client', id: client.clientId },
        action: 'training.statements_stored',
        subject: { type: 'xapi_statements', id: client.agencyCode },
        data: { count: created, ids: statements.slice(0, 20).map((s) => s.id) },
        requestId,
      });
    return { ids: statements.map((s) => s.id), created };
  });
}

/** One statement by id (voided ones only through voidedStatementId), of the client's agency. */
export async function getStatement(deps: Deps, client: XapiClient, id: string, options: { voided: boolean }): Promise<Json> {
  const found = isUuid(id) ? await findStatement(deps.db, id.toLowerCase()) : undefined;
  if (!found || found.agencyCode !== client.agencyCode || found.voided !== options.voided) throw new AppError('TRAINING_XAPI_NOT_FOUND');
  return found.statement;
}

export interface StatementQuery {
  since?: string;
  until?: string;
  verb?: string;
  registration?: string;
  agent?: string;
  activity?: string;
  limit?: number;
  ascending?: boolean;
}
interface Cursor extends StatementQuery {
  after: { stored: string; seq: number };
}

const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 100;

function instant(value: string | undefined, pointer: string): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/T/.test(value)) throw invalid([{ pointer, rule: 'must be an ISO 8601 timestamp' }]);
  return at;
}

const IFIS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;

/** The `agent` parameter (an Agent or identified Group as JSON) reduced to its one inverse functional identifier. */
export function agentIdentifier(value: string | undefined): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  let agent: unknown;
  try {
    agent = JSON.parse(value);
  } catch {
    throw invalid([{ pointer: 'agent', rule: 'must be an Agent as JSON' }]);
  }
  const given = typeof agent === 'object' && agent !== null ? IFIS.filter((name) => (agent as Record<string, unknown>)[name] !== undefined) : [];
  if (given.length !== 1) throw invalid([{ pointer: 'agent', rule: 'must have exactly one inverse functional identifier' }]);
  const name = given[0]!;
  const ifi = (agent as Record<string, unknown>)[name];
  const account = ifi as { homePage?: unknown; name?: unknown };
  if (name === 'account' ? typeof account?.homePage !== 'string' || typeof account?.name !== 'string' : typeof ifi !== 'string')
    throw invalid([{ pointer: `agent/${name}`, rule: 'not a valid identifier' }]);
  return { [name]: name === 'account' ? { homePage: account.homePage, name: account.name } : ifi };
}

/** A page of statements; `more` is the address of the next page, or '' at the end. */
export async function queryStatements(deps: Deps, client: XapiClient, query: StatementQuery & { cursor?: string }): Promise<{ statements: Json[]; more: string }> {
  let q: StatementQuery = query;
  let after: { stored: Date; seq: number } | undefined;
  if (query.cursor) {
    let cursor: Cursor & { agency?: string };
    try {
      cursor = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as Cursor & { agency?: string };
    } catch {
      throw invalid([{ pointer: 'cursor', rule: 'not a cursor of this LRS' }]);
    }
    if (cursor.agency !== client.agencyCode || !cursor.after) throw invalid([{ pointer: 'cursor', rule: 'not a cursor of this LRS' }]);
    q = cursor;
    after = { stored: new Date(cursor.after.stored), seq: cursor.after.seq };
  }
  const limit = !q.limit ? DEFAULT_LIMIT : Math.min(q.limit, MAX_LIMIT);
  const rows: StoredStatement[] = await listStatements(deps.db, {
    agencyCode: client.agencyCode,
    since: instant(q.since, 'since'),
    until: instant(q.until, 'until'),
    verb: q.verb,
    registration: q.registration,
    agent: agentIdentifier(q.agent),
    activity: q.activity,
    after,
    ascending: q.ascending ?? false,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const more =
    rows.length > limit && last
      ? `/api/v1/xapi/statements?cursor=${Buffer.from(JSON.stringify({ ...stripCursor(q), limit, agency: client.agencyCode, after: { stored: last.stored.toISOString(), seq: last.seq } })).toString('base64url')}`
      : '';
  return { statements: page.map((r) => r.statement), more };
}

function stripCursor(q: StatementQuery & { after?: unknown; agency?: unknown }): StatementQuery {
  const { after: _a, agency: _g, ...rest } = q;
  return rest;
}
