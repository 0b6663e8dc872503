// The officials' form for an assembly's paper ballots: the unit, the day it was held, the
// attendees (one identity document per line, as in the census) and the paper ballots (one per
// line, the public numbers of the chosen proposals). Every problem at once, by field and line.
import type { Translate } from '../../platform/i18n/i18n.ts';
import { parseDate } from '../../shared/validators.ts';
import type { Proposal, Unit } from './consultations.types.ts';

export interface AssemblyForm {
  unidad: string;
  fecha: string;
  asistentes: string;
  papeletas: string;
  /** The form's own key (hidden): a double submit records one act. */
  clave: string;
}
export type AssemblyErrors = Partial<Record<Exclude<keyof AssemblyForm, 'clave'>, string>>;
export interface AssemblyInput {
  unitCode: string;
  heldOn: string;
  attendees: Array<{ documentType: string; documentNumber: string }>;
  ballots: string[][];
}

export function readAssemblyForm(body: unknown): AssemblyForm {
  const b = (body ?? {}) as Record<string, unknown>;
  const text = (name: keyof AssemblyForm) => (typeof b[name] === 'string' ? (b[name] as string) : '');
  const clave = /^[\x21-\x7e]{1,200}$/.test(text('clave')) ? text('clave') : '';
  return { unidad: text('unidad'), fecha: text('fecha'), asistentes: text('asistentes'), papeletas: text('papeletas'), clave };
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line, index) => ({ line: index + 1, text: line.trim() }))
    .filter((l) => l.text !== '');

export function validateAssemblyForm(
  form: AssemblyForm,
  context: { units: readonly Unit[]; proposals: readonly Proposal[]; documentTypes: ReadonlySet<string>; opensOn: string; today: string },
  t: Translate,
): { errors: AssemblyErrors; input?: AssemblyInput } {
  const errors: AssemblyErrors = {};
  const unit = context.units.find((u) => u.code === form.unidad);
  if (!unit) errors.unidad = t('consultations.assembly.errors.unit');
  const heldOn = parseDate(form.fecha);
  if (!heldOn) errors.fecha = t('consultations.assembly.errors.date');
  else if (heldOn > context.today || heldOn < context.opensOn) errors.fecha = t('consultations.assembly.errors.dateRange');

  const attendees: AssemblyInput['attendees'] = [];
  const seen = new Set<string>();
  for (const { line, text } of lines(form.asistentes)) {
    const [documentType = '', documentNumber = '', ...rest] = text.split(/\s*[,;]\s*/);
    const key = `${documentType.toUpperCase()}|${documentNumber}`;
    if (rest.length > 0 || !context.documentTypes.has(documentType.toUpperCase()) || !/^[A-Za-z0-9 -]{3,30}$/.test(documentNumber)) {
      errors.asistentes ??= t('consultations.assembly.errors.attendeeLine', { line });
    } else if (seen.has(key)) {
      errors.asistentes ??= t('consultations.assembly.errors.attendeeTwice', { line });
    } else {
      seen.add(key);
      attendees.push({ documentType: documentType.toUpperCase(), documentNumber });
    }
  }
  if (attendees.length === 0) errors.asistentes ??= t('consultations.assembly.errors.attendeesEmpty');

  // A ballot names proposals by their public number (N.º): only the unit's viable ones.
  const bySeq = new Map(context.proposals.filter((p) => p.unitCode === unit?.code && p.reviewStatus === 'viable').map((p) => [String(p.seq), p.id]));
  const ballots: string[][] = [];
  for (const { line, text } of lines(form.papeletas)) {
    const numbers = text.split(/[\s,;]+/).filter(Boolean);
    const unknown = numbers.find((n) => !bySeq.has(n));
    if (unknown !== undefined) {
      errors.papeletas ??= t('consultations.assembly.errors.ballotLine', { line, number: unknown });
      continue;
    }
    ballots.push(numbers.map((n) => bySeq.get(n)!));
  }
  if (!errors.papeletas && ballots.length > attendees.length && attendees.length > 0)
    errors.papeletas = t('consultations.assembly.errors.moreBallots', { ballots: ballots.length, attendees: attendees.length });
  if (Object.keys(errors).length > 0) return { errors };
  return { errors, input: { unitCode: unit!.code, heldOn: heldOn!, attendees, ballots } };
}
