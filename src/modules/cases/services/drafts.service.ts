// Drafts: the readable answers of an application in progress and, per page, what was typed.
import { randomUUID } from 'node:crypto';
import { pruneAnswers, type Answers, type FormFields } from '../../../platform/forms/index.ts';
import type { Deps } from '../../../platform/module.ts';
import { findDraft, upsertDraft } from '../case.queries.ts';
import type { OnlineProcedure } from './procedures.service.ts';

export async function loadDraft(deps: Pick<Deps, 'db'>, accountId: string, versionId: string): Promise<{ answers: Answers; pendingFields: Record<string, FormFields> }> {
  const draft = await findDraft(deps.db, accountId, versionId);
  return { answers: draft?.answers ?? {}, pendingFields: draft?.pendingFields ?? {} };
}

export async function loadDraftAnswers(deps: Pick<Deps, 'db'>, accountId: string, versionId: string): Promise<Answers> {
  return (await loadDraft(deps, accountId, versionId)).answers;
}

/**
 * Saves the readable answers and, for a page that had problems, what was typed there
 * (`pending`: null once the page is accepted), so that resuming shows it back.
 */
export async function saveDraft(deps: Pick<Deps, 'db'>, accountId: string, procedure: OnlineProcedure, answers: Answers, page: { id: string; pending: FormFields | null }): Promise<void> {
  const { pendingFields } = await loadDraft(deps, accountId, procedure.ref.versionId);
  const { [page.id]: _replaced, ...others } = pendingFields;
  const kept = page.pending ? { ...others, [page.id]: withoutSecrets(page.pending) } : others;
  await upsertDraft(deps.db, { id: randomUUID(), accountId, versionId: procedure.ref.versionId, answers: pruneAnswers(procedure.form, answers), pendingFields: kept });
}

function withoutSecrets(fields: FormFields): FormFields {
  const { _csrf: _token, ...rest } = fields;
  return rest;
}
