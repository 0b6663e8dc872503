// The proposal form of a person: read from the posted body, checked field by field (every
// problem at once, each with its own message), and turned into the service's input.
import type { Translate } from '../../platform/i18n/i18n.ts';
import { toMinorUnits } from '../../shared/money.ts';
import type { Unit } from './consultations.types.ts';
import type { ProposalForm } from './views/consultations.views.tsx';

/** A council the person may propose for: one they speak for, inside one of the consultation's units. */
export interface CouncilOption {
  code: string;
  name: string;
  unitCode: string;
}

export type ProposalErrors = Partial<Record<Exclude<keyof ProposalForm, 'clave'>, string>>;

export const EMPTY_PROPOSAL: ProposalForm = { unidad: '', consejo: '', titulo: '', descripcion: '', costo: '', latitud: '', longitud: '', clave: '' };

export function readProposalForm(body: unknown): ProposalForm {
  const b = (body ?? {}) as Record<string, unknown>;
  const text = (name: keyof ProposalForm) => (typeof b[name] === 'string' ? (b[name] as string) : '');
  // The key is kept only when it is one the form could have sent (printable ASCII, at most 200).
  const clave = /^[\x21-\x7e]{1,200}$/.test(text('clave')) ? text('clave') : '';
  return {
    unidad: text('unidad'),
    consejo: text('consejo'),
    titulo: text('titulo'),
    descripcion: text('descripcion'),
    costo: text('costo'),
    latitud: text('latitud'),
    longitud: text('longitud'),
    clave,
  };
}

/** A coordinate typed with a dot or a comma, within ±limit; undefined when empty, NaN when not a coordinate. */
function coordinate(text: string, limit: number): number | undefined {
  const value = text.trim().replace(',', '.');
  if (value === '') return undefined;
  const n = /^-?\d{1,3}(\.\d{1,8})?$/.test(value) ? Number(value) : Number.NaN;
  return Math.abs(n) <= limit ? n : Number.NaN;
}

export function validateProposalForm(
  form: ProposalForm,
  units: readonly Unit[],
  councils: readonly CouncilOption[],
  t: Translate,
): {
  errors: ProposalErrors;
  input?: { unitCode: string; title: string; description: string; costMinor: number; lat: number | null; lon: number | null; proposedByCouncil: string | null };
} {
  const errors: ProposalErrors = {};
  const title = form.titulo.trim();
  const description = form.descripcion.trim();
  if (!units.some((u) => u.code === form.unidad)) errors.unidad = t('consultations.propose.errors.unit');
  // A council only by one of its spokespeople, and only for the unit the council lies in.
  const council = form.consejo === '' ? undefined : councils.find((c) => c.code === form.consejo);
  if (form.consejo !== '' && !council) errors.consejo = t('consultations.propose.errors.council');
  else if (council && !errors.unidad && council.unitCode !== form.unidad) errors.consejo = t('consultations.propose.errors.councilUnit', { council: council.name });
  if (title === '') errors.titulo = t('consultations.propose.errors.titleEmpty');
  else if (title.length > 200) errors.titulo = t('consultations.propose.errors.titleLong', { max: 200 });
  if (description === '') errors.descripcion = t('consultations.propose.errors.descriptionEmpty');
  else if (description.length > 4000) errors.descripcion = t('consultations.propose.errors.descriptionLong', { max: 4000 });
  const costMinor = toMinorUnits(form.costo);
  if (form.costo.trim() === '') errors.costo = t('consultations.propose.errors.costEmpty');
  else if (costMinor === undefined) errors.costo = t('consultations.propose.errors.costInvalid');
  const lat = coordinate(form.latitud, 90);
  const lon = coordinate(form.longitud, 180);
  if (Number.isNaN(lat)) errors.latitud = t('consultations.propose.errors.latitude');
  if (Number.isNaN(lon)) errors.longitud = t('consultations.propose.errors.longitude');
  if (!errors.latitud && !errors.longitud && (lat === undefined) !== (lon === undefined)) {
    errors[lat === undefined ? 'latitud' : 'longitud'] = t('consultations.propose.errors.bothCoordinates');
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { errors, input: { unitCode: form.unidad, title, description, costMinor: costMinor!, lat: lat ?? null, lon: lon ?? null, proposedByCouncil: council?.code ?? null } };
}
