// Once-only (issue #17; docs/interoperability.md, "Once-only in the portal"): a form field that
// names a registry service is filled from it through the exchange, as a read by the procedure's
// agency about the person (the exchange's grants, message log and "Mi actividad" apply). Each
// service path is read once per application; the values and the messages that supplied them
// are kept with the application and handed to its case when it is submitted.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../../platform/db/index.ts';
import { isAppError } from '../../../platform/errors.ts';
import { type FieldAnswer, type FormComponent, type FormDefinition, type KnownFacts, type RegistryPrefill, prefillKey } from '../../../platform/forms/index.ts';
import type { Deps } from '../../../platform/module.ts';
import type { Account } from '../../identity/index.ts';
import { readForAgency } from '../../interop/index.ts';
import { actingFor } from '../../registries/index.ts';
import { findCasePrefillReads, findOpenPrefillReads, insertPrefillReads, type PrefillRead } from '../prefill.queries.ts';
import type { OnlineProcedure } from './procedures.service.ts';
import { knownFacts } from './procedures.service.ts';

type RegistryField = FormComponent & { prefill: RegistryPrefill };

/** What the form shows about each registry field: the value's source, or why the person types it. */
export type PrefillNotes = Record<string, { source: string; outcome: PrefillRead['outcome'] }>;

export interface PrefilledFacts {
  facts: KnownFacts;
  notes: PrefillNotes;
}

const registryFields = (form: FormDefinition): RegistryField[] => form.pages.flatMap((page) => page.components).filter((c): c is RegistryField => typeof c.prefill === 'object' && c.prefill !== null);

/** The value at a dotted path of a JSON answer, when it is a scalar an answer can hold. */
function valueAt(data: unknown, field: string): FieldAnswer | undefined {
  let at: unknown = data;
  for (const part of field.split('.')) at = at !== null && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>)[part] : undefined;
  if (typeof at === 'string') return at.trim() === '' ? undefined : at;
  return typeof at === 'number' || typeof at === 'boolean' ? at : undefined;
}

function factsOf(account: Account, form: FormDefinition, reads: PrefillRead[]): PrefilledFacts {
  const facts: KnownFacts = { ...knownFacts(account) };
  const notes: PrefillNotes = {};
  for (const component of registryFields(form)) {
    const read = reads.find((r) => r.field === component.id);
    if (!read) continue;
    notes[component.id] = { source: read.sourceLabel, outcome: read.outcome };
    if (read.outcome === 'supplied' && read.value !== null) facts[prefillKey(component.prefill)] = read.value;
  }
  return { facts, notes };
}

/**
 * The facts for an application: the person's identity and the registry values of its form,
 * read through the exchange the first time (later calls reuse the stored reads).
 */
export async function prefilledFacts(deps: Deps, account: Account, procedure: OnlineProcedure, options: { chosenUnit?: string | undefined } = {}): Promise<PrefilledFacts> {
  const fields = registryFields(procedure.form);
  if (fields.length === 0) return { facts: knownFacts(account), notes: {} };
  const stored = await findOpenPrefillReads(deps.db, account.id, procedure.ref.versionId);
  const missing = fields.filter((c) => !stored.some((r) => r.field === c.id));
  if (missing.length === 0) return factsOf(account, procedure.form, stored);

  const unit = missing.some((c) => c.prefill.path.includes('{unit}')) ? (await actingFor(deps, account, options.chosenUnit, { orFirst: true }))?.key : undefined;
  const answers = new Map<string, Promise<{ outcome: 'answered' | 'not_found' | 'refused'; data?: unknown; label: string; messageId?: string; xroadId?: string }>>();
  const readOnce = (prefill: RegistryPrefill) => {
    const path = prefill.path.replaceAll('{document}', encodeURIComponent(account.documentNumber)).replaceAll('{unit}', encodeURIComponent(unit ?? ''));
    const key = `${prefill.service}${path}`;
    let answer = answers.get(key);
    if (!answer) {
      answer = readThroughExchange(deps, account, procedure, prefill, path, prefill.path.includes('{unit}') && !unit);
      answers.set(key, answer);
    }
    return answer;
  };
  const reads: Array<PrefillRead & { id: string }> = [];
  for (const component of missing) {
    const answer = await readOnce(component.prefill);
    const value = answer.outcome === 'answered' ? valueAt(answer.data, component.prefill.field) : undefined;
    reads.push({
      id: randomUUID(),
      field: component.id,
      service: component.prefill.service,
      outcome: answer.outcome === 'refused' ? 'refused' : value === undefined ? 'not_found' : 'supplied',
      value: value ?? null,
      sourceLabel: answer.label,
      messageId: answer.messageId ?? null,
      xroadId: answer.xroadId ?? null,
    });
  }
  await insertPrefillReads(deps.db, account.id, procedure.ref.versionId, reads);
  return factsOf(account, procedure.form, await findOpenPrefillReads(deps.db, account.id, procedure.ref.versionId));
}

async function readThroughExchange(deps: Deps, account: Account, procedure: OnlineProcedure, prefill: RegistryPrefill, path: string, noSubject: boolean) {
  const member = prefill.service.split('/')[0] ?? prefill.service;
  if (noSubject) return { outcome: 'not_found' as const, label: member };
  try {
    const read = await readForAgency(deps, {
      agencyCode: procedure.ref.agencyCode,
      service: `${deps.country.code.toUpperCase()}/GOV/${prefill.service}`,
      path,
      subjectAccountId: account.id,
      userId: `tambo-portal/${procedure.ref.slug}`.slice(0, 200),
    });
    const label = read.answer.service.sourceLabel || read.answer.service.memberCode;
    const ids = { label, messageId: read.messageId, xroadId: read.answer.xroadId };
    return read.status === 200 ? { outcome: 'answered' as const, data: read.data, ...ids } : { outcome: 'not_found' as const, ...ids };
  } catch (error) {
    if (!isAppError(error)) throw error;
    // The exchange refused (no grant, no subsystem, the producer down): the person types the value.
    deps.log.warn({ code: error.code, service: prefill.service, procedure: procedure.ref.slug }, 'cases: prefill read refused by the exchange');
    return { outcome: 'refused' as const, label: member };
  }
}

/** The facts a submitted case was filled with (its stored reads): a correction shows them as they were. */
export async function caseFacts(db: Queryable, account: Account, form: FormDefinition, caseId: string): Promise<PrefilledFacts> {
  return factsOf(account, form, await findCasePrefillReads(db, caseId));
}

/** The stored reads of an application in progress (no exchange call): what its submission is checked against. */
export async function storedFacts(db: Queryable, account: Account, procedure: OnlineProcedure): Promise<PrefilledFacts> {
  if (registryFields(procedure.form).length === 0) return { facts: knownFacts(account), notes: {} };
  return factsOf(account, procedure.form, await findOpenPrefillReads(db, account.id, procedure.ref.versionId));
}

/** The registry reads of a case (which exchange message supplied each value), for its pages and API. */
export { findCasePrefillReads };
