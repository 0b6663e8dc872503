// Publishers' document templates (docs/signed-documents.md, "Templates"): a procedure's
// publisher writes the title and body of the document each outcome issues (the defaults are
// the platform administrators'), previews it with sample data through the same renderer as
// issuance (unsigned, marked as a sample, never stored), and may go back to the default.
// Every change is audited with the SHA-256 of the old and new text; documents already issued
// are stored PDFs and never change.
import { recordAudit } from '../../platform/audit/audit.ts';
import { hasRole } from '../../platform/contract/roles.ts';
import { AppError } from '../../platform/errors.ts';
import { claimIdempotencyKey, type IdempotencyClaim } from '../../platform/idempotency/idempotency.ts';
import { createFormatter } from '../../platform/i18n/format.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { getAgency } from '../agencies/index.ts';
import { getProcedureForEditing, listProceduresForPublisher, type Publisher, publishingAgencies } from '../catalog/index.ts';
import { type Account, getRoles, PLATFORM_ADMIN, roleGrantsOf } from '../identity/index.ts';
import { fill } from './documents.service.ts';
import { pdfLabels, renderDocumentPdf } from './render.ts';
import { deleteTemplate, findOwnTemplate, findTemplatesOf, insertTemplate, lockTemplate, type StoredTemplate, updateTemplate } from './templates.queries.ts';
import { type TemplateInput, type TemplateKind, type TemplateOutcome, templateHash, templateProblems } from './templates.types.ts';

export type { StoredTemplate } from './templates.queries.ts';

interface Editor {
  account: Account;
  publisher: Publisher;
  isAdmin: boolean;
}

async function editorOf(deps: Deps, account: Account): Promise<Editor> {
  const roles = await getRoles(deps, account.id);
  const isAdmin = hasRole(roleGrantsOf(account, roles), { role: PLATFORM_ADMIN });
  return { account, publisher: { accountId: account.id, roles }, isAdmin };
}

export interface ProcedureTemplates {
  id: string;
  name: string;
  agencyCode: string;
  own: Partial<Record<TemplateOutcome, StoredTemplate>>;
}

/** What the person may edit: the defaults (platform administrators) and the procedures of the agencies where they publish. Anyone else: forbidden. */
export async function templatesOverview(deps: Deps, account: Account): Promise<{ canEditDefaults: boolean; defaults: StoredTemplate[]; procedures: ProcedureTemplates[] }> {
  const editor = await editorOf(deps, account);
  if (!editor.isAdmin && publishingAgencies(editor.publisher).length === 0) throw new AppError('FORBIDDEN');
  const procedures = await listProceduresForPublisher(deps, editor.publisher);
  const templates = await findTemplatesOf(
    deps.db,
    procedures.map((p) => p.id),
  );
  return {
    canEditDefaults: editor.isAdmin,
    defaults: templates.filter((t) => t.procedureId === null),
    procedures: procedures.map((p) => ({
      id: p.id,
      name: p.latest.name,
      agencyCode: p.agencyCode,
      own: Object.fromEntries(templates.filter((t) => t.procedureId === p.id).map((t) => [t.outcome, t])),
    })),
  };
}

/** One template being edited: a procedure's (null: the default) for an outcome, its own text if any, and the text in effect. */
export interface TemplateTarget {
  procedure: { id: string; name: string; agencyCode: string } | null;
  outcome: TemplateOutcome;
  own: StoredTemplate | undefined;
  effective: StoredTemplate;
  editor: Editor;
}

/** The template the person may edit, or FORBIDDEN (a default, for anyone but a platform administrator; another agency's procedure) or not found. */
export async function templateTarget(deps: Deps, account: Account, procedureId: string | null, outcome: TemplateOutcome): Promise<TemplateTarget> {
  const editor = await editorOf(deps, account);
  let procedure: TemplateTarget['procedure'] = null;
  if (procedureId === null) {
    if (!editor.isAdmin) throw new AppError('FORBIDDEN');
  } else {
    // The catalog's own check: its publisher, else 403 (another agency) or 404.
    const found = await getProcedureForEditing(deps, editor.publisher, procedureId);
    procedure = { id: found.procedure.id, name: found.versions[0]?.name ?? found.procedure.slug, agencyCode: found.procedure.agencyCode };
  }
  const own = await findOwnTemplate(deps.db, procedure?.id ?? null, outcome);
  const effective = own ?? (await findOwnTemplate(deps.db, null, outcome));
  if (!effective) throw new AppError('NOT_FOUND');
  return { procedure, outcome, own, effective, editor };
}

function invalid(input: TemplateInput): void {
  const fields = templateProblems(input);
  if (fields.length > 0) throw new AppError('DOCUMENTS_TEMPLATE_INVALID', { fields });
}

const auditActor = (editor: Editor) => ({ type: editor.isAdmin ? ('admin' as const) : ('official' as const), id: editor.account.id });

/**
 * Stores the template's new text (the procedure's own, made on first save), audited with the
 * old and new text's SHA-256. The same text again changes nothing; a replayed form (its key
 * claimed) neither.
 */
export async function saveTemplate(deps: Deps, target: TemplateTarget, input: TemplateInput, requestId: string | null, claim?: IdempotencyClaim): Promise<'saved' | 'unchanged'> {
  invalid(input);
  const text = { kind: input.kind as TemplateKind, title: input.title, body: input.body };
  const procedureId = target.procedure?.id ?? null;
  return deps.db.transaction().execute(async (trx) => {
    await lockTemplate(trx, procedureId, target.outcome);
    const own = await findOwnTemplate(trx, procedureId, target.outcome);
    const before = own ?? (await findOwnTemplate(trx, null, target.outcome))!;
    const id = own?.id ?? uuidv7();
    if (claim) await claimIdempotencyKey(trx, claim, id);
    if (own && templateHash(own) === templateHash(text)) return 'unchanged';
    if (own) await updateTemplate(trx, id, text);
    else await insertTemplate(trx, { id, procedureId, outcome: target.outcome, ...text });
    await recordAudit(trx, {
      actor: auditActor(target.editor),
      action: 'documents.template_changed',
      subject: { type: 'document_template', id },
      data: { procedureId, outcome: target.outcome, kind: text.kind, oldSha256: templateHash(before), newSha256: templateHash(text), previous: own ? 'own' : 'default' },
      requestId,
    });
    return 'saved';
  });
}

/** Removes the procedure's own template (its documents use the default again), audited; nothing to remove changes nothing. */
export async function restoreDefault(deps: Deps, target: TemplateTarget, requestId: string | null): Promise<boolean> {
  const procedureId = target.procedure?.id;
  if (!procedureId) throw new AppError('FORBIDDEN');
  return deps.db.transaction().execute(async (trx) => {
    await lockTemplate(trx, procedureId, target.outcome);
    const own = await findOwnTemplate(trx, procedureId, target.outcome);
    if (!own) return false;
    const fallback = (await findOwnTemplate(trx, null, target.outcome))!;
    await deleteTemplate(trx, own.id);
    await recordAudit(trx, {
      actor: auditActor(target.editor),
      action: 'documents.template_changed',
      subject: { type: 'document_template', id: own.id },
      data: { procedureId, outcome: target.outcome, kind: fallback.kind, oldSha256: templateHash(own), newSha256: templateHash(fallback), restoredDefault: true },
      requestId,
    });
    return true;
  });
}

/**
 * The template rendered with sample data by the same renderer as issuance: a made-up holder,
 * the procedure's name and agency, a sample tracking code. Unsigned, marked as a sample across
 * the page, with no verification code nor QR; never stored, nothing recorded.
 */
export async function previewTemplate(deps: Deps, target: TemplateTarget, input: TemplateInput): Promise<Buffer> {
  invalid(input);
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const agency = target.procedure ? await getAgency(deps, target.procedure.agencyCode) : undefined;
  const agencyName = agency?.name ?? t('documents.templates.sample.agency');
  const holderName = t('documents.templates.sample.holder');
  const holderDocument = t('documents.templates.sample.document');
  const dateText = createFormatter(DEFAULT_LOCALE, deps.catalogs).date(new Date());
  const values = {
    holder: holderName,
    document: holderDocument,
    agency: agencyName,
    procedure: target.procedure?.name ?? t('documents.templates.sample.procedure'),
    tracking: t('documents.templates.sample.tracking'),
    date: dateText,
  };
  return renderDocumentPdf({
    agencyName,
    agencyAcronym: agency ? agency.acronym || agency.code : t('documents.templates.sample.acronym'),
    title: fill(input.title, values),
    number: t('documents.templates.sample.number'),
    dateText,
    holderName,
    holderDocument,
    body: fill(input.body, values),
    codeText: t('documents.templates.sample.noCode'),
    labels: pdfLabels(t, agencyName),
    watermark: t('documents.templates.sample.watermark'),
  });
}
