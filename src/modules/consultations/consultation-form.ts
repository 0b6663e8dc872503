// The officials' form of a new consultation (/gestion/consultas/nueva): read from the posted
// body, checked field by field (every problem at once, each at its field), and turned into the
// draft the creation service takes. The rules themselves are `consultationProblems`, the same
// `createConsultation` applies; this file reads what people type (days, amounts, lines).
import { addDays } from '../../platform/country/calendar.ts';
import { instantAt } from '../../platform/country/zoned.ts';
import type { Translate } from '../../platform/i18n/i18n.ts';
import { toMinorUnits } from '../../shared/money.ts';
import { parseDate } from '../../shared/validators.ts';
import { type ConsultationProblem, consultationProblems } from './consultations.types.ts';
import { type ConsultationDraft, consultationSlug, type UnitRefusal } from './creation.service.ts';

export interface ConsultationForm {
  titulo: string;
  descripcion: string;
  unidades: string;
  regla: string;
  minimo: string;
  maximo: string;
  metodo: string;
  nivel: string;
  elegibilidad: string;
  cambio: string;
  propuestas: string;
  revision: string;
  votacion: string;
  cierre: string;
  ejecucion: string;
  /** The form's own key (hidden): a double submit creates one consultation. */
  clave: string;
}
export type ConsultationErrors = Partial<Record<Exclude<keyof ConsultationForm, 'clave'>, string>>;

export const EMPTY_CONSULTATION: ConsultationForm = {
  titulo: '',
  descripcion: '',
  unidades: '',
  regla: 'approval',
  minimo: '1',
  maximo: '3',
  metodo: 'greedy',
  nivel: 'bajo',
  elegibilidad: 'both',
  cambio: 'si',
  propuestas: '',
  revision: '',
  votacion: '',
  cierre: '',
  ejecucion: '',
  clave: '',
};

const DAYS = ['propuestas', 'revision', 'votacion', 'cierre', 'ejecucion'] as const;

export function readConsultationForm(body: unknown): ConsultationForm {
  const b = (body ?? {}) as Record<string, unknown>;
  const text = (name: keyof ConsultationForm) => (typeof b[name] === 'string' ? (b[name] as string) : '');
  const form = Object.fromEntries((Object.keys(EMPTY_CONSULTATION) as Array<keyof ConsultationForm>).map((name) => [name, text(name)])) as unknown as ConsultationForm;
  if (!/^[\x21-\x7e]{1,200}$/.test(form.clave)) form.clave = '';
  return form;
}

/** Each problem of the rules at the field that shows it. */
const PROBLEM_FIELD: Record<ConsultationProblem, keyof ConsultationErrors> = {
  title: 'titulo',
  slug: 'titulo',
  description: 'descripcion',
  units: 'unidades',
  approval: 'maximo',
  reviewOpenAt: 'revision',
  votingOpenAt: 'votacion',
  votingCloseAt: 'cierre',
  executionOpenAt: 'ejecucion',
};

/**
 * Checks the form. Days are days on the country's clock: each phase opens at the start of its
 * day, and the voting closes at the end of its last day. `today` (the country's date) bounds
 * the voting's last day: a consultation is not created already closed.
 */
export function validateConsultationForm(form: ConsultationForm, context: { timeZone: string; today: string }, t: Translate): { errors: ConsultationErrors; draft?: ConsultationDraft } {
  const errors: ConsultationErrors = {};
  const oneOf = <T extends string>(value: string, allowed: readonly T[]): T | undefined => ((allowed as readonly string[]).includes(value) ? (value as T) : undefined);
  const ballotRule = oneOf(form.regla, ['approval', 'knapsack'] as const);
  const resultMethod = oneOf(form.metodo, ['greedy', 'mes'] as const);
  const minLevel = oneOf(form.nivel, ['bajo', 'sustancial'] as const);
  const eligibility = oneOf(form.elegibilidad, ['census', 'territory', 'both'] as const);
  if (!ballotRule) errors.regla = t('consultations.create.errors.choose');
  if (!resultMethod) errors.metodo = t('consultations.create.errors.choose');
  if (!minLevel) errors.nivel = t('consultations.create.errors.choose');
  if (!eligibility) errors.elegibilidad = t('consultations.create.errors.choose');
  const count = (text: string) => (/^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);
  const [approvalMin, approvalMax] = ballotRule === 'approval' ? [count(form.minimo), count(form.maximo)] : [1, 1];
  if (Number.isNaN(approvalMin) || approvalMin < 1) errors.minimo = t('consultations.create.errors.count');
  if (Number.isNaN(approvalMax) || approvalMax < 1) errors.maximo = t('consultations.create.errors.count');

  const units: ConsultationDraft['units'] = [];
  const unitProblems: string[] = [];
  form.unidades.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    // A territory's code, or a layer's feature as `layer:feature` (a communal circuit).
    const match = /^(?:([A-Za-z0-9][A-Za-z0-9_-]{0,63}):)?([A-Za-z0-9_-]{1,64})\s*[;\t ]\s*(\S+)$/.exec(line);
    const budgetMinor = match ? toMinorUnits(match[3]!) : undefined;
    if (!match || budgetMinor === undefined) unitProblems.push(t('consultations.create.errors.unitLine', { line: index + 1 }));
    else if (match[1]) units.push({ line: index + 1, layerCode: match[1].toLowerCase(), code: match[2]!, budgetMinor });
    else units.push({ line: index + 1, code: match[2]!.toUpperCase(), budgetMinor });
  });
  if (unitProblems.length > 0) errors.unidades = unitProblems.join(' ');
  else if (units.length === 0) errors.unidades = t('consultations.create.errors.unitsEmpty');

  const days = Object.fromEntries(DAYS.map((name) => [name, parseDate(form[name])])) as Record<(typeof DAYS)[number], string | undefined>;
  for (const name of DAYS) if (!days[name]) errors[name] = t('consultations.create.errors.day');
  if (days.cierre && days.cierre < context.today) errors.cierre = t('consultations.create.errors.closedAlready');
  if (Object.keys(errors).length > 0) return { errors };

  const startOf = (date: string) => instantAt(context.timeZone, date, 0);
  const draft: ConsultationDraft = {
    title: form.titulo.trim(),
    description: form.descripcion.trim(),
    ballotRule: ballotRule!,
    approvalMin,
    approvalMax,
    resultMethod: resultMethod!,
    minLevel: minLevel!,
    eligibility: eligibility!,
    allowRevote: form.cambio === 'si',
    proposalsOpenAt: startOf(days.propuestas!),
    reviewOpenAt: startOf(days.revision!),
    votingOpenAt: startOf(days.votacion!),
    votingCloseAt: startOf(addDays(days.cierre!, 1)),
    executionOpenAt: startOf(days.ejecucion!),
    units,
  };
  // The rules `createConsultation` applies, each shown at its field (the address from the title).
  for (const problem of consultationProblems({ ...draft, slug: consultationSlug(draft.title) })) errors[PROBLEM_FIELD[problem]] ??= t(`consultations.create.errors.${problem}`, { max: 200 });
  return Object.keys(errors).length > 0 ? { errors } : { errors, draft };
}

/** The creation service's refusals of the scope's lines, in words at the field. */
export function unitRefusalsText(refused: readonly UnitRefusal[], t: Translate): string {
  return refused.map((r) => t(`consultations.create.errors.unit_${r.reason}`, { line: r.line, code: r.code })).join(' ');
}
