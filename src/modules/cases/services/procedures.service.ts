// The online procedure a case follows (its checked form and workflow), the answer context
// (today, known facts, territories) and the small helpers every use case shares.
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../../platform/db/index.ts';
import { localDate } from '../../../platform/country/business-days.ts';
import { AppError, type FieldError } from '../../../platform/errors.ts';
import {
  defaultWorkflow,
  validateFormDefinition,
  validateWorkflowDefinition,
  type AnswerContext,
  type AnswerError,
  type FormDefinition,
  type KnownFacts,
  type WorkflowDefinition,
} from '../../../platform/forms/index.ts';
import type { Deps } from '../../../platform/module.ts';
import { findVersionById, findPublishedVersionCached, searchProcedures, type ProcedureVersionRef } from '../../catalog/index.ts';
import type { Account } from '../../identity/index.ts';
import { getTerritory, listTerritories } from '../../territories/index.ts';
import type { Case } from '../case.types.ts';

export interface OnlineProcedure {
  ref: ProcedureVersionRef;
  form: FormDefinition;
  workflow: WorkflowDefinition;
}

// Checked definitions by version: a published version never changes, so each is validated
// once; the raw text is kept to notice a draft that did change.
const checkedDefinitions = new Map<string, { raw: string; form: FormDefinition; workflow: WorkflowDefinition }>();

// The catalog's cached references (one object per cached published version) with their checked
// definitions: a submission then neither serializes nor validates the form again.
const checkedRefs = new WeakMap<ProcedureVersionRef, { country: string; procedure: OnlineProcedure }>();

export function definitionsOf(ref: ProcedureVersionRef | undefined, deps: Pick<Deps, 'country'>): OnlineProcedure {
  if (!ref?.online || !ref.form) throw new AppError('CASES_PROCEDURE_NOT_ONLINE');
  const known = checkedRefs.get(ref);
  if (known?.country === deps.country.code) return known.procedure;
  const procedure = checkDefinitions(ref, deps);
  checkedRefs.set(ref, { country: deps.country.code, procedure });
  return procedure;
}

function checkDefinitions(ref: ProcedureVersionRef, deps: Pick<Deps, 'country'>): OnlineProcedure {
  const raw = JSON.stringify([ref.form, ref.workflow, deps.country.code]);
  const cached = checkedDefinitions.get(ref.versionId);
  if (cached?.raw === raw) return { ref, form: cached.form, workflow: cached.workflow };
  const form = validateFormDefinition(ref.form, { country: deps.country });
  const workflow = ref.workflow ? validateWorkflowDefinition(ref.workflow) : { ok: true as const, definition: defaultWorkflow };
  if (!form.ok || !workflow.ok) throw new AppError('CASES_PROCEDURE_NOT_ONLINE');
  if (checkedDefinitions.size >= 1000) checkedDefinitions.clear();
  checkedDefinitions.set(ref.versionId, { raw, form: form.definition, workflow: workflow.definition });
  return { ref, form: form.definition, workflow: workflow.definition };
}

/**
 * A published procedure that is processed online, with its checked definitions: from the catalog's
 * cache of published versions (a retired procedure is forgotten there at once, in every process).
 */
export async function getOnlineProcedure(deps: Pick<Deps, 'db' | 'country'>, slug: string): Promise<OnlineProcedure> {
  return definitionsOf(await findPublishedVersionCached(deps, slug), deps);
}

/**
 * The procedure version a case follows. Inside a transaction pass it as `db`: a second
 * connection taken while the case's row is locked can wait forever once parallel requests for
 * the same case hold every connection of the pool, each waiting for that lock.
 */
export async function procedureOfCase(deps: Pick<Deps, 'db' | 'country'>, c: Case, db: Queryable = deps.db): Promise<OnlineProcedure> {
  return definitionsOf(await findVersionById(db, c.versionId), deps);
}

/** The day on the country's clock at `now`. */
export function today(deps: Pick<Deps, 'country'>, now: Date = new Date()): string {
  return localDate(deps.country, now);
}

export function answerContext(deps: Pick<Deps, 'country'>): AnswerContext {
  return { country: deps.country, today: today(deps) };
}

export interface TerritoryOption {
  value: string;
  label: string;
}

const territoryCache = new Map<string, { at: number; options: TerritoryOption[] }>();

/** Every unit of a territory level, as options (name and top-level unit), for a picker that works without JavaScript. Cached ten minutes. */
export async function territoryOptions(deps: Pick<Deps, 'db'>, level: string): Promise<TerritoryOption[]> {
  const cached = territoryCache.get(level);
  if (cached && Date.now() - cached.at < 600_000) return cached.options;
  const options: TerritoryOption[] = [];
  const tops = await listTerritories(deps, null);
  for (const top of tops) {
    let layer = [top];
    for (let depth = 0; depth < 6 && layer.length > 0; depth++) {
      const found = layer.filter((unit) => unit.level === level);
      options.push(...found.map((unit) => ({ value: unit.code, label: unit === top ? unit.name : `${unit.name} (${top.name})` })));
      const below = layer.filter((unit) => unit.level !== level);
      layer = (await Promise.all(below.map((unit) => listTerritories(deps, unit.code)))).flat();
    }
  }
  options.sort((a, b) => a.label.localeCompare(b.label, 'es'));
  territoryCache.set(level, { at: Date.now(), options });
  return options;
}

/** Options of every territory level the form's territory fields ask for. */
export async function territoryOptionsFor(deps: Pick<Deps, 'db'>, form: FormDefinition): Promise<Record<string, TerritoryOption[]>> {
  const levels = new Set<string>();
  for (const component of form.pages.flatMap((page) => page.components.flatMap((c) => (c.type === 'group' ? c.components : [c])))) {
    if (component.type === 'territory' && component.level) levels.add(component.level);
  }
  const out: Record<string, TerritoryOption[]> = {};
  for (const level of levels) out[level] = await territoryOptions(deps, level);
  return out;
}

const TERRITORY_CODE = /^[A-Z]{2}(?:-[A-Z0-9]{1,3}){1,5}$/;

/** The answer context with territory codes checked against the territorial registry: every code-like text in `values` is looked up once. */
export async function answerContextFor(deps: Pick<Deps, 'db' | 'country'>, ...values: unknown[]): Promise<AnswerContext> {
  const codes = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      const code = value.trim().toUpperCase();
      if (TERRITORY_CODE.test(code)) codes.add(code);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  values.forEach(walk);
  const levels = new Map<string, string>();
  for (const code of [...codes].slice(0, 50)) {
    const found = await getTerritory(deps, code).catch(() => undefined);
    if (found) levels.set(found.code, found.level);
  }
  return { ...answerContext(deps), territoryExists: (code, level) => levels.has(code) && (!level || levels.get(code) === level) };
}

/** What the State already knows about the person (never asked again). */
export function knownFacts(account: Account): KnownFacts {
  const facts: KnownFacts = {
    fullName: `${account.givenName} ${account.familyName}`,
    givenNames: account.givenName,
    familyNames: account.familyName,
    identityDocument: { type: account.documentType, number: account.documentNumber },
  };
  if (account.email) facts.email = account.email;
  if (account.phone) facts.phone = account.phone;
  if (account.birthDate) facts.birthDate = account.birthDate;
  return facts;
}

export function toFieldErrors(errors: AnswerError[], prefix: string): FieldError[] {
  return errors.map((e) => ({ field: prefix === 'form' ? e.field : `${prefix}${e.path}`, messageKey: `cases.answerError.${e.code}`, params: e.params ?? {} }));
}

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export function newTrackingCode(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return `TR-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/**
 * What an official typed to file an application at the counter, as the catalog finds it: the
 * online procedures of the official's agencies whose name matches (the catalog's full-text search,
 * typos corrected), or the one whose slug it is. At most 20.
 */
export async function findCounterProcedures(deps: Pick<Deps, 'db'>, agencyCodes: string[], typed: string): Promise<Array<{ slug: string; name: string }>> {
  const text = typed.trim();
  if (text === '' || agencyCodes.length === 0) return [];
  const bySlug = await findPublishedVersionCached(deps, text);
  if (bySlug?.online && bySlug.form && agencyCodes.includes(bySlug.agencyCode)) return [{ slug: bySlug.slug, name: bySlug.name }];
  const found = await Promise.all(agencyCodes.map((agency) => searchProcedures(deps, { q: text, agency, page: 1, pageSize: 20 })));
  return found
    .flatMap((result) => result.items)
    .filter((p) => p.isOnline && p.form)
    .slice(0, 20)
    .map((p) => ({ slug: p.slug, name: p.name }));
}
