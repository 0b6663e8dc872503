// Correction requests ("Mis datos", issue #24): a person asks the agency that holds some of their
// data to correct it. The request is a real case of that agency's procedure "Corrección de datos
// personales" (one per holding agency, made on first use or by the demo seed), with the country's
// legal time, in the person's cases and in the agency's queue. An official who approves it with
// the module's `correct` hook applies the correction (audited); otherwise the decision's reason
// is the answer.
import { AppError, type FieldError, isAppError } from '../../platform/errors.ts';
import { defaultWorkflow, type FormDefinition } from '../../platform/forms/index.ts';
import { IdempotentReplay, type IdempotencyClaim } from '../../platform/idempotency/idempotency.ts';
import type { Deps, ModuleDefinition, PersonalDataDeclaration } from '../../platform/module.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { DomainEvent } from '../../platform/events/outbox.ts';
import { caseAnswers, submitApplication } from '../cases/index.ts';
import { createProcedureIn, findProcedureBySlug, PROCEDURE_DEFAULTS, type ProcedureContent, publishDraftIn } from '../catalog/index.ts';
import { identityModule } from '../identity/index.ts';
import { lockCorrectionProcedure } from './transparency.queries.ts';
import { rulesOf } from './transparency.types.ts';

export const MAX_CORRECTION_TEXT = 2000;
const lt = (es: string, en: string) => ({ es, en });

/** The case's form: which module's data, which field (when the module names them), what is wrong, what it should say. */
export const CORRECTION_FORM: FormDefinition = {
  version: 1,
  pages: [
    {
      id: 'correccion',
      title: lt('Corrección de datos personales', 'Correction of personal data'),
      components: [
        { id: 'modulo', type: 'text', label: lt('Datos', 'Data'), maxLength: 60 },
        { id: 'campo', type: 'text', label: lt('Campo', 'Field'), maxLength: 60, optional: true },
        { id: 'incorrecto', type: 'longText', label: lt('Qué está mal', 'What is wrong'), maxLength: MAX_CORRECTION_TEXT },
        { id: 'correcto', type: 'longText', label: lt('Qué debería decir', 'What it should say'), maxLength: MAX_CORRECTION_TEXT },
      ],
    },
  ],
};

/** The slug of a holding agency's correction procedure. */
export const correctionSlug = (agencyCode: string) => `correccion-datos-personales-${agencyCode.toLowerCase()}`;

/** Who holds a module's data: its declared agency, or the platform's operator. */
export const holderOf = (deps: Pick<Deps, 'country'>, declaration: PersonalDataDeclaration) => declaration.holderAgency ?? deps.country.platformAgency;

/** The holding agency's published correction procedure, created and published once (idempotent, safe when raced). */
export async function ensureCorrectionProcedure(deps: Pick<Deps, 'db' | 'country'>, agencyCode: string): Promise<void> {
  const slug = correctionSlug(agencyCode);
  if (await findProcedureBySlug(deps.db, slug)) return;
  await deps.db.transaction().execute(async (trx) => {
    await lockCorrectionProcedure(trx, slug);
    if (await findProcedureBySlug(trx, slug)) return;
    const content: ProcedureContent = {
      ...PROCEDURE_DEFAULTS,
      name: 'Corrección de datos personales',
      summary: 'Pida que se corrijan sus datos personales que la institución tiene: qué está mal y qué debería decir.',
      maxResponseDays: rulesOf(deps.country).answerDays,
      result: 'Sus datos corregidos, o una respuesta fundada.',
      isOnline: true,
      steps: ['Pida la corrección desde «Mis datos»: qué está mal y qué debería decir.', 'La institución revisa su pedido y corrige el dato, o le responde con su fundamento.'],
      form: CORRECTION_FORM,
      workflow: defaultWorkflow,
    };
    const procedure = await createProcedureIn(trx, deps.country, 'seed', agencyCode, content, { slug });
    await publishDraftIn(trx, deps.country, 'seed', procedure.id);
  });
}

export interface CorrectionInput {
  module: string;
  field: string;
  wrong: string;
  right: string;
}

/** The declaration of a module the person may ask to correct (one that declares personal data), or not found. */
export function correctableModule(modules: readonly ModuleDefinition[], name: string): ModuleDefinition & { personalData: PersonalDataDeclaration } {
  const found = modules.find((m) => m.name === name && m.personalData);
  if (!found) throw new AppError('NOT_FOUND');
  return found as ModuleDefinition & { personalData: PersonalDataDeclaration };
}

/** Files the correction request as a case of the holder's procedure: its tracking code (a replayed form: the first case's). */
export async function fileCorrection(
  deps: Pick<Deps, 'db' | 'country'>,
  modules: readonly ModuleDefinition[],
  accountId: string,
  input: CorrectionInput,
  options: { claim?: IdempotencyClaim; requestId?: string },
): Promise<string> {
  const module = correctableModule(modules, input.module);
  const fields = module.personalData.correctableFields ?? {};
  const errors: FieldError[] = [];
  const wrong = input.wrong.trim();
  const right = input.right.trim();
  if (Object.keys(fields).length > 0 && !(input.field in fields)) errors.push({ field: 'campo', messageKey: 'transparency.correction.fieldRequired' });
  if (!wrong) errors.push({ field: 'incorrecto', messageKey: 'transparency.correction.wrongRequired' });
  else if (wrong.length > MAX_CORRECTION_TEXT) errors.push({ field: 'incorrecto', messageKey: 'transparency.correction.tooLong', params: { max: MAX_CORRECTION_TEXT } });
  if (!right) errors.push({ field: 'correcto', messageKey: 'transparency.correction.rightRequired' });
  else if (right.length > MAX_CORRECTION_TEXT) errors.push({ field: 'correcto', messageKey: 'transparency.correction.tooLong', params: { max: MAX_CORRECTION_TEXT } });
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { fields: errors });
  const holder = holderOf(deps, module.personalData);
  await ensureCorrectionProcedure(deps, holder);
  const answers = { modulo: module.name, ...(input.field in fields ? { campo: input.field } : {}), incorrecto: wrong, correcto: right };
  try {
    const filed = await submitApplication(deps, {
      slug: correctionSlug(holder),
      accountId,
      answers,
      channel: 'online',
      idempotency: options.claim,
      requestId: options.requestId ?? null,
      errorPrefix: 'form',
    });
    return filed.trackingCode;
  } catch (error) {
    if (error instanceof IdempotentReplay) return error.resource;
    throw error;
  }
}

/**
 * Modules whose `correct` hook an approved correction case applies. An outbox subscriber has no
 * list of the running modules, so these are the ones transparency may import (it depends on
 * them): identity. A later module joins by being listed here.
 */
const CORRECTING_MODULES: readonly ModuleDefinition[] = [identityModule];

/** `cases.decided` subscriber: an approved correction case of a field the module corrects is applied, audited, once. */
export async function onCorrectionDecided(event: DomainEvent, deps: Deps): Promise<void> {
  const p = event.payload as { caseId: string; accountId: string; agencyCode: string; trackingCode: string; outcome: string | null; tacit: string | null; expired: boolean };
  if (p.outcome !== 'approved' || p.tacit || p.expired) return;
  const answers = await caseAnswers(deps, p.trackingCode);
  if (!answers || typeof answers.modulo !== 'string' || typeof answers.campo !== 'string' || typeof answers.correcto !== 'string') return;
  const module = CORRECTING_MODULES.find((m) => m.name === answers.modulo);
  const declaration = module?.personalData;
  if (!declaration?.correct || !declaration.correctableFields || !(answers.campo in declaration.correctableFields)) return;
  if (holderOf(deps, declaration) !== p.agencyCode) return;
  const { campo: field, correcto: value } = answers;
  try {
    await deps.db.transaction().execute(async (trx) => {
      await declaration.correct!(deps, p.accountId, { field, value }, trx);
      await recordAudit(trx, {
        actor: { type: 'system', id: 'transparency' },
        action: 'transparency.personal_data_corrected',
        subject: { type: 'account', id: p.accountId },
        data: { module: module!.name, field, trackingCode: p.trackingCode },
        requestId: null,
      });
    });
  } catch (error) {
    // A value the module refuses is not retried: the official's answer stands, the data unchanged.
    if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
    deps.log.warn({ trackingCode: p.trackingCode, field }, 'correction not applied: the module refused the value');
  }
}
