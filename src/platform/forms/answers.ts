// Answers: typed values checked against a form definition, and the translation between
// typed values and the fields of an HTML form (so that a page without JavaScript can show
// back exactly what was typed, even when it is wrong).
import { dateFromParts, isEmail, isIsoDate, normalizePhone, phoneRegionOf } from '../../shared/validators.ts';
import type { CountryProfile } from '../country/index.ts';
import { evaluateCondition, isAnswered, pruneAnswers, visibleComponents, visiblePages } from './conditions.ts';
import type {
  AddressAnswer,
  AnswerError,
  AnswerErrorCode,
  AnswerValue,
  Answers,
  FieldAnswer,
  FieldComponent,
  FileAnswer,
  FormComponent,
  FormDefinition,
  FormPage,
  GroupItemAnswers,
  IdentityDocumentAnswer,
  PrefillSource,
  RegistryPrefill,
} from './form.types.ts';
import { pointer } from './schema-errors.ts';

export interface AnswerContext {
  country: CountryProfile;
  /** Today in the country's time zone (YYYY-MM-DD), for `today` date bounds. */
  today: string;
  /** Whether a territory code exists (at the level, when given); any non-empty code is accepted without it. */
  territoryExists?: (code: string, level?: string) => boolean;
}

export const DEFAULT_TEXT_MAX = 200;
export const DEFAULT_LONG_TEXT_MAX = 5000;
export const DEFAULT_GROUP_MAX = 20;

type Problem = { code: AnswerErrorCode; params?: Record<string, string | number>; sub?: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dateBound(bound: string, today: string): string {
  return bound === 'today' ? today : bound;
}

function documentTypes(component: { documentTypes?: string[] }, country: CountryProfile) {
  return country.identityDocuments.filter((doc) => !component.documentTypes || component.documentTypes.includes(doc.code));
}

/** Problems of one answered field value (its presence is checked by the caller). */
function fieldProblem(component: FieldComponent, value: unknown, ctx: AnswerContext): Problem | undefined {
  switch (component.type) {
    case 'text':
    case 'longText': {
      if (typeof value !== 'string') return { code: 'invalidValue' };
      const max = component.maxLength ?? (component.type === 'text' ? DEFAULT_TEXT_MAX : DEFAULT_LONG_TEXT_MAX);
      if (component.minLength !== undefined && value.length < component.minLength) return { code: 'tooShort', params: { min: component.minLength } };
      if (value.length > max) return { code: 'tooLong', params: { max } };
      if (component.type === 'text' && component.pattern && !new RegExp(`^(?:${component.pattern})$`, 'u').test(value)) return { code: 'pattern' };
      return undefined;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { code: 'notANumber' };
      if (component.integer && !Number.isInteger(value)) return { code: 'notAnInteger' };
      if (component.min !== undefined && value < component.min) return { code: 'tooSmall', params: { min: component.min } };
      if (component.max !== undefined && value > component.max) return { code: 'tooLarge', params: { max: component.max } };
      return undefined;
    case 'date': {
      if (typeof value !== 'string' || !isIsoDate(value)) return { code: 'invalidDate' };
      const min = component.min && dateBound(component.min, ctx.today);
      const max = component.max && dateBound(component.max, ctx.today);
      if (min && value < min) return { code: 'dateTooEarly', params: { min } };
      if (max && value > max) return { code: 'dateTooLate', params: { max } };
      return undefined;
    }
    case 'select':
    case 'radios':
      return typeof value === 'string' && component.options.some((o) => o.value === value) ? undefined : { code: 'invalidOption' };
    case 'checkboxes': {
      if (!Array.isArray(value) || value.some((item) => !component.options.some((o) => o.value === item)) || new Set(value).size !== value.length) return { code: 'invalidOption' };
      if (component.minSelected !== undefined && value.length < component.minSelected) return { code: 'tooFewSelected', params: { min: component.minSelected } };
      if (component.maxSelected !== undefined && value.length > component.maxSelected) return { code: 'tooManySelected', params: { max: component.maxSelected } };
      return undefined;
    }
    case 'yesNo':
      return typeof value === 'boolean' ? undefined : { code: 'invalidValue' };
    case 'email':
      return typeof value === 'string' && isEmail(value) ? undefined : { code: 'invalidEmail' };
    case 'phone':
      return typeof value === 'string' && normalizePhone(value, phoneRegionOf(ctx.country.code)).ok ? undefined : { code: 'invalidPhone' };
    case 'identityDocument': {
      if (!isRecord(value) || typeof value.type !== 'string' || typeof value.number !== 'string') return { code: 'invalidValue' };
      const type = documentTypes(component, ctx.country).find((doc) => doc.code === value.type);
      if (!type) return { code: 'invalidDocumentType', sub: 'type' };
      if (value.number.trim() === '') return { code: 'required', sub: 'number' };
      return type.check(value.number).ok ? undefined : { code: 'invalidDocument', params: { example: type.example }, sub: 'number' };
    }
    case 'territory':
      if (typeof value !== 'string' || (ctx.territoryExists && !ctx.territoryExists(value, component.level))) return { code: 'invalidTerritory' };
      return undefined;
    case 'address': {
      if (!isRecord(value) || typeof value.line1 !== 'string') return { code: 'invalidValue' };
      if (value.line1.trim() === '') return { code: 'required', sub: 'line1' };
      if (value.line1.length > DEFAULT_TEXT_MAX) return { code: 'tooLong', params: { max: DEFAULT_TEXT_MAX }, sub: 'line1' };
      if (value.line2 !== undefined && (typeof value.line2 !== 'string' || value.line2.length > DEFAULT_TEXT_MAX)) return { code: 'tooLong', params: { max: DEFAULT_TEXT_MAX }, sub: 'line2' };
      if (value.territory !== undefined && (typeof value.territory !== 'string' || (ctx.territoryExists && !ctx.territoryExists(value.territory)))) {
        return { code: 'invalidTerritory', sub: 'territory' };
      }
      return undefined;
    }
    case 'file': {
      if (!isRecord(value) || typeof value.sha256 !== 'string' || typeof value.size !== 'number' || typeof value.mediaType !== 'string' || typeof value.name !== 'string')
        return { code: 'invalidValue' };
      if (!(component.accept as string[]).includes(value.mediaType)) return { code: 'fileType', params: { types: component.accept.map((type) => type.split('/')[1]!.toUpperCase()).join(', ') } };
      if (value.size > component.maxBytes) return { code: 'fileTooLarge', params: { max: Math.floor(component.maxBytes / (1024 * 1024)) || 1 } };
      return undefined;
    }
  }
}

/** The HTML field an error links to (the first input of the field, or its part). */
function errorField(component: FieldComponent, name: string, sub?: string): string {
  if (sub) return `${name}-${sub}`;
  if (component.type === 'identityDocument') return `${name}-type`;
  if (component.type === 'address') return `${name}-line1`;
  return name;
}

function checkField(component: FieldComponent, value: unknown, ctx: AnswerContext, path: string, name: string, errors: AnswerError[]): void {
  if (!isAnswered(value as AnswerValue | undefined)) {
    if (!component.optional) errors.push({ path, field: errorField(component, name), code: 'required' });
    return;
  }
  const problem = fieldProblem(component, value, ctx);
  if (problem) {
    const error: AnswerError = { path: problem.sub ? pointer(path, problem.sub) : path, field: errorField(component, name, problem.sub), code: problem.code };
    if (problem.params) error.params = problem.params;
    errors.push(error);
  }
}

function checkComponent(component: FormComponent, answers: Answers, ctx: AnswerContext, errors: AnswerError[]): void {
  const value = answers[component.id];
  const path = pointer('', component.id);
  if (component.type !== 'group') {
    checkField(component, value, ctx, path, component.id, errors);
    return;
  }
  const items = value === undefined ? [] : value;
  if (!Array.isArray(items) || items.some((item) => !isRecord(item))) {
    errors.push({ path, field: component.id, code: 'invalidValue' });
    return;
  }
  const min = component.minItems ?? (component.optional ? 0 : 1);
  const max = component.maxItems ?? DEFAULT_GROUP_MAX;
  if (items.length < min) errors.push({ path, field: component.id, code: items.length === 0 ? 'required' : 'tooFewItems', params: { min } });
  if (items.length > max) errors.push({ path, field: component.id, code: 'tooManyItems', params: { max } });
  (items as GroupItemAnswers[]).forEach((item, i) => {
    for (const member of component.components) {
      if (member.showIf && !evaluateCondition(member.showIf, answers)) continue;
      checkField(member, item[member.id], ctx, pointer(path, i, member.id), `${component.id}.${i}.${member.id}`, errors);
    }
    for (const key of Object.keys(item)) {
      if (!component.components.some((member) => member.id === key)) errors.push({ path: pointer(path, i, key), field: component.id, code: 'unknownField' });
    }
  });
}

/** Problems of the answers to one page (only what the page asks, given the answers). */
export function validatePageAnswers(page: FormPage, answers: Answers, ctx: AnswerContext): AnswerError[] {
  const errors: AnswerError[] = [];
  for (const component of visibleComponents(page, answers)) checkComponent(component, answers, ctx, errors);
  return errors;
}

/** Problems of a complete set of answers: every visible page, unknown fields and the cross-field rules. */
export function validateAnswers(definition: FormDefinition, answers: Answers, ctx: AnswerContext): AnswerError[] {
  const errors: AnswerError[] = [];
  if (!isRecord(answers)) return [{ path: '', field: '', code: 'invalidValue' }];
  for (const page of visiblePages(definition, answers)) errors.push(...validatePageAnswers(page, answers, ctx));
  const asked = pruneAnswers(definition, answers);
  for (const key of Object.keys(answers)) {
    if (!(key in asked) && !definition.pages.some((page) => page.components.some((c) => c.id === key))) errors.push({ path: pointer('', key), field: key, code: 'unknownField' });
  }
  if (errors.length > 0) return errors;
  for (const rule of definition.rules ?? []) {
    if (rule.when && !evaluateCondition(rule.when, asked)) continue;
    if (!evaluateCondition(rule.assert, asked)) errors.push({ path: pointer('', rule.field), field: rule.field, code: 'rule', message: rule.message });
  }
  return errors;
}

/** The first page (in order) with a problem, or undefined when the answers are complete. */
export function firstIncompletePage(definition: FormDefinition, answers: Answers, ctx: AnswerContext): FormPage | undefined {
  return visiblePages(definition, answers).find((page) => validatePageAnswers(page, answers, ctx).length > 0);
}

// ------------------------------------------------------------------------------------------
// Prefill: what the State already knows is shown, not asked.

/** What is known, by prefill key (`prefillKey`): the person's identity facts and the registry values read for this form. */
export type KnownFacts = Partial<Record<PrefillSource, FieldAnswer>> & { [key: string]: FieldAnswer | undefined };

/** The key a prefill's value is known under: the source's name, or `service path#field` for a registry value. */
export function prefillKey(prefill: PrefillSource | RegistryPrefill): string {
  return typeof prefill === 'string' ? prefill : `${prefill.service}${prefill.path}#${prefill.field}`;
}

/** The known value of a component's prefill, if any. */
export function prefilledValue(component: FormComponent, facts: KnownFacts): FieldAnswer | undefined {
  return component.prefill === undefined ? undefined : facts[prefillKey(component.prefill)];
}

/** Whether the field is filled from what is known (and so not asked): identity facts, and registry values not marked editable. */
export function isPrefilled(component: FormComponent, facts: KnownFacts): boolean {
  if (component.prefill === undefined || (typeof component.prefill === 'object' && component.prefill.editable)) return false;
  return isAnswered(prefilledValue(component, facts));
}

/**
 * The answers with every prefilled field set from the facts (a typed value is never kept over a
 * known fact); an editable registry value only fills a field not answered yet.
 */
export function applyPrefill(definition: FormDefinition, answers: Answers, facts: KnownFacts): Answers {
  const out: Answers = { ...answers };
  for (const page of definition.pages) {
    for (const component of page.components) {
      if (isPrefilled(component, facts)) out[component.id] = prefilledValue(component, facts)!;
      else if (typeof component.prefill === 'object' && !(component.id in out) && isAnswered(prefilledValue(component, facts))) out[component.id] = prefilledValue(component, facts)!;
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------
// HTML form fields <-> typed answers

/** What an HTML form posted: field name → text (or several texts for checkboxes). */
export type FormFields = Record<string, string | string[] | undefined>;

function text(fields: FormFields, name: string): string {
  const value = fields[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

function list(fields: FormFields, name: string): string[] {
  const value = fields[name];
  return (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).map((item) => item.trim()).filter(Boolean);
}

/** The typed answer of one field from the posted fields, or undefined when left empty; `invalid` when it cannot be read. */
function readField(component: FieldComponent, fields: FormFields, name: string, files: Record<string, FileAnswer | undefined>): FieldAnswer | undefined | { invalid: AnswerErrorCode } {
  switch (component.type) {
    case 'number': {
      const raw = text(fields, name).replace(/\s/g, '');
      if (raw === '') return undefined;
      if (!/^-?\d+(?:[.,]\d+)?$/.test(raw)) return { invalid: 'notANumber' };
      return Number(raw.replace(',', '.'));
    }
    case 'date': {
      const [day, month, year] = ['day', 'month', 'year'].map((part) => text(fields, `${name}-${part}`));
      if (!day && !month && !year) return undefined;
      return dateFromParts({ day, month, year }) ?? { invalid: 'invalidDate' };
    }
    case 'checkboxes':
      return list(fields, name);
    case 'yesNo': {
      const raw = text(fields, name);
      if (raw === '') return undefined;
      return raw === 'yes' ? true : raw === 'no' ? false : { invalid: 'invalidValue' };
    }
    case 'identityDocument': {
      const type = text(fields, `${name}-type`);
      const number = text(fields, `${name}-number`).toUpperCase();
      return !type && !number ? undefined : ({ type, number } satisfies IdentityDocumentAnswer);
    }
    case 'address': {
      const line1 = text(fields, `${name}-line1`);
      const line2 = text(fields, `${name}-line2`);
      const territory = text(fields, `${name}-territory`);
      if (!line1 && !line2 && !territory) return undefined;
      const address: AddressAnswer = { line1 };
      if (line2) address.line2 = line2;
      if (territory) address.territory = territory;
      return address;
    }
    case 'file':
      return files[name];
    case 'email':
      return text(fields, name).toLowerCase() || undefined;
    default:
      return text(fields, name) || undefined;
  }
}

export interface PageReading {
  /** The page's answers, typed (fields that could not be read are left out). */
  answers: Answers;
  /** Problems reading or checking them, in page order. */
  errors: AnswerError[];
}

/** How many items of a group the posted fields hold (`<group>.<n>.<member>` names). */
export function postedGroupItems(group: FormComponent, fields: FormFields): number {
  let count = 0;
  const prefix = `${group.id}.`;
  for (const name of Object.keys(fields)) {
    if (!name.startsWith(prefix)) continue;
    const index = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(index) && index >= 0 && index < 1000) count = Math.max(count, index + 1);
  }
  return count;
}

/**
 * Reads a posted page: typed answers for the fields it shows, merged over `previous`, and
 * every problem. Prefilled fields are not read (the facts win). Uploaded files come in
 * `files` (already checked by content); a file field left empty keeps the previous file.
 */
export function readPage(
  definition: FormDefinition,
  page: FormPage,
  fields: FormFields,
  previous: Answers,
  ctx: AnswerContext & { facts?: KnownFacts; files?: Record<string, FileAnswer | undefined> },
): PageReading {
  const files = ctx.files ?? {};
  const facts = ctx.facts ?? {};
  const merged: Answers = { ...previous };
  const unreadable: AnswerError[] = [];
  const read = (component: FieldComponent, name: string, path: string, keep: FieldAnswer | undefined): FieldAnswer | undefined => {
    const value = readField(component, fields, name, files);
    if (value === undefined && component.type === 'file') return keep;
    if (isRecord(value) && 'invalid' in value) {
      unreadable.push({ path, field: name, code: value.invalid as AnswerErrorCode });
      return undefined;
    }
    return value as FieldAnswer | undefined;
  };
  for (const component of visibleComponents(page, previous)) {
    if (isPrefilled(component, facts)) continue;
    const path = pointer('', component.id);
    if (component.type === 'group') {
      const before = Array.isArray(previous[component.id]) ? (previous[component.id] as GroupItemAnswers[]) : [];
      const items: GroupItemAnswers[] = [];
      for (let i = 0; i < postedGroupItems(component, fields); i++) {
        const item: GroupItemAnswers = {};
        for (const member of component.components) {
          const value = read(member, `${component.id}.${i}.${member.id}`, pointer(path, i, member.id), before[i]?.[member.id]);
          if (value !== undefined) item[member.id] = value;
        }
        items.push(item);
      }
      merged[component.id] = items;
      continue;
    }
    const value = read(component, component.id, path, previous[component.id] as FieldAnswer | undefined);
    if (value === undefined) delete merged[component.id];
    else merged[component.id] = value;
  }
  const checked = validatePageAnswers(page, applyPrefill(definition, merged, facts), ctx).filter((error) => !unreadable.some((u) => u.path === error.path || error.path.startsWith(`${u.path}/`)));
  const order = visibleComponents(page, previous).map((component) => component.id);
  const rank = (error: AnswerError) => order.indexOf(error.path.split('/')[1] ?? '');
  const errors = [...unreadable, ...checked].sort((a, b) => rank(a) - rank(b));
  const answers: Answers = {};
  for (const id of order) if (merged[id] !== undefined) answers[id] = merged[id]!;
  return { answers, errors };
}

/** The HTML fields showing a typed answer (for a page shown again or resumed). */
export function fieldsFromAnswers(page: FormPage, answers: Answers): FormFields {
  const out: FormFields = {};
  const write = (component: FieldComponent, name: string, value: FieldAnswer | undefined) => {
    if (value === undefined) return;
    switch (component.type) {
      case 'date': {
        const [year, month, day] = String(value).split('-');
        out[`${name}-day`] = String(Number(day));
        out[`${name}-month`] = String(Number(month));
        out[`${name}-year`] = year;
        return;
      }
      case 'checkboxes':
        out[name] = value as string[];
        return;
      case 'yesNo':
        out[name] = value ? 'yes' : 'no';
        return;
      case 'identityDocument':
        out[`${name}-type`] = (value as IdentityDocumentAnswer).type;
        out[`${name}-number`] = (value as IdentityDocumentAnswer).number;
        return;
      case 'address': {
        const address = value as AddressAnswer;
        out[`${name}-line1`] = address.line1;
        if (address.line2) out[`${name}-line2`] = address.line2;
        if (address.territory) out[`${name}-territory`] = address.territory;
        return;
      }
      case 'file':
        // Not an input (a file input cannot be given a value): the current file's name, to show.
        out[`${name}-current`] = (value as FileAnswer).name;
        return;
      default:
        out[name] = String(value);
    }
  };
  for (const component of page.components) {
    const value = answers[component.id];
    if (component.type === 'group') {
      (Array.isArray(value) ? (value as GroupItemAnswers[]) : []).forEach((item, i) => {
        for (const member of component.components) write(member, `${component.id}.${i}.${member.id}`, item[member.id]);
      });
    } else write(component, component.id, value as FieldAnswer | undefined);
  }
  return out;
}
