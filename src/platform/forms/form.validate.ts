// validateFormDefinition: the published JSON Schema, checked part by part so that every
// problem has its exact JSON pointer, then the checks a schema cannot express (unique ids,
// conditions that name existing earlier fields with a value of the right kind, bounds in
// order, document types and territory levels of the country profile).
import { isCalendarDate } from '../country/calendar.ts';
import type { CountryProfile } from '../country/index.ts';
import { componentHeadSchema, componentTypeSchema, conditionShapeSchema, conditionShapes, formBodySchema, memberTypes, type ConditionShape, type JsonSchema } from './form.schema.ts';
import { componentTypes } from './form.types.ts';
import { registryPrefillTypes, type Condition, type DefinitionError, type DefinitionResult, type FieldComponent, type FormComponent, type FormDefinition, type PrefillSource } from './form.types.ts';
import { pointer, schemaErrors } from './schema-errors.ts';

const open = (): JsonSchema => ({});
const shallowBody = formBodySchema(open);
const shallowComponents = new Map(componentTypes.map((type) => [type as string, componentTypeSchema(type, open)]));
const shallowConditions = new Map(conditionShapes.map((shape) => [shape, conditionShapeSchema(shape, open)]));
const componentHead = componentHeadSchema(componentTypes);
const memberHead = componentHeadSchema(memberTypes);
const MAX_CONDITION_DEPTH = 10;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkCondition(value: unknown, path: string, depth: number, errors: DefinitionError[]): void {
  if (!isObject(value)) {
    errors.push({ path, message: 'must be an object' });
    return;
  }
  if (depth > MAX_CONDITION_DEPTH) {
    errors.push({ path, message: `conditions may nest at most ${MAX_CONDITION_DEPTH} levels` });
    return;
  }
  const shape = conditionShapes.find((name) => name in value) as ConditionShape | undefined;
  if (!shape) {
    errors.push({ path, message: 'must have one of the properties all, any, not or field' });
    return;
  }
  const found = schemaErrors(shallowConditions.get(shape)!, value, path);
  errors.push(...found);
  if (found.length > 0) return;
  if (shape === 'all' || shape === 'any') {
    for (const [i, child] of (value[shape] as unknown[]).entries()) checkCondition(child, pointer(path, shape, i), depth + 1, errors);
  }
  if (shape === 'not') checkCondition(value.not, pointer(path, 'not'), depth + 1, errors);
}

function checkComponent(value: unknown, path: string, isMember: boolean, errors: DefinitionError[]): void {
  if (isMember && isObject(value) && value.type === 'group') {
    errors.push({ path: pointer(path, 'type'), message: 'a group cannot contain another group' });
    return;
  }
  const head = schemaErrors(isMember ? memberHead : componentHead, value, path);
  if (head.length > 0) {
    errors.push(...head);
    return;
  }
  const component = value as Record<string, unknown>;
  errors.push(...schemaErrors(shallowComponents.get(component.type as string)!, value, path));
  if ('showIf' in component) checkCondition(component.showIf, pointer(path, 'showIf'), 0, errors);
  if (component.type === 'group' && Array.isArray(component.components)) {
    for (const [i, member] of component.components.entries()) checkComponent(member, pointer(path, 'components', i), true, errors);
  }
}

/** Structural problems: the JSON Schema, part by part. */
function structuralErrors(value: unknown): DefinitionError[] {
  const errors = schemaErrors(shallowBody, value, '');
  if (!isObject(value)) return errors;
  if (Array.isArray(value.pages)) {
    value.pages.forEach((page, p) => {
      if (!isObject(page)) return;
      if ('showIf' in page) checkCondition(page.showIf, pointer('', 'pages', p, 'showIf'), 0, errors);
      if (Array.isArray(page.components)) {
        for (const [c, component] of page.components.entries()) checkComponent(component, pointer('', 'pages', p, 'components', c), false, errors);
      }
    });
  }
  if (Array.isArray(value.rules)) {
    value.rules.forEach((rule, r) => {
      if (!isObject(rule)) return;
      if ('when' in rule) checkCondition(rule.when, pointer('', 'rules', r, 'when'), 0, errors);
      if ('assert' in rule) checkCondition(rule.assert, pointer('', 'rules', r, 'assert'), 0, errors);
    });
  }
  return errors;
}

interface FieldEntry {
  component: FormComponent;
  pageIndex: number;
  path: string;
  group?: string;
}

const prefillTypes: Record<PrefillSource, FormComponent['type']> = {
  fullName: 'text',
  givenNames: 'text',
  familyNames: 'text',
  email: 'email',
  phone: 'phone',
  identityDocument: 'identityDocument',
  birthDate: 'date',
};

const comparableTypes = new Set(['text', 'longText', 'number', 'date', 'select', 'radios', 'yesNo', 'email', 'phone', 'territory']);

function checkOperand(entry: FieldEntry, condition: Record<string, unknown>, path: string, errors: DefinitionError[]): void {
  const { component } = entry;
  const operator = Object.keys(condition).find((key) => key !== 'field')!;
  const operand = condition[operator];
  const at = pointer(path, operator);
  if (operator === 'answered') return;
  if (operator === 'includes') {
    if (component.type !== 'checkboxes') errors.push({ path: at, message: `"includes" applies to checkboxes; field "${component.id}" is ${component.type}` });
    else if (!component.options.some((option) => option.value === operand)) errors.push({ path: at, message: `"${String(operand)}" is not an option of field "${component.id}"` });
    return;
  }
  if (operator === 'greaterThan' || operator === 'lessThan') {
    if (component.type !== 'number') errors.push({ path: at, message: `"${operator}" applies to number fields; field "${component.id}" is ${component.type}` });
    return;
  }
  if (!comparableTypes.has(component.type)) {
    errors.push({ path: at, message: `field "${component.id}" (${component.type}) can only be tested with "answered"${component.type === 'checkboxes' ? ' or "includes"' : ''}` });
    return;
  }
  const values = operator === 'in' ? (operand as unknown[]) : [operand];
  const expected = component.type === 'yesNo' ? 'boolean' : component.type === 'number' ? 'number' : 'string';
  values.forEach((item, i) => {
    const itemPath = operator === 'in' ? pointer(at, i) : at;
    if (typeof item !== expected) errors.push({ path: itemPath, message: `must be a ${expected}, as field "${component.id}" is ${component.type}` });
    else if ((component.type === 'select' || component.type === 'radios') && !component.options.some((option) => option.value === item)) {
      errors.push({ path: itemPath, message: `"${String(item)}" is not an option of field "${component.id}"` });
    }
  });
}

/** Checks the fields a condition names: they exist, were asked before `beforePage` (when given) and the operand fits. */
function checkReferences(condition: Condition, path: string, fields: Map<string, FieldEntry>, beforePage: number | undefined, errors: DefinitionError[]): void {
  if ('all' in condition || 'any' in condition) {
    const shape = 'all' in condition ? 'all' : 'any';
    const children = 'all' in condition ? condition.all : condition.any;
    for (const [i, child] of children.entries()) checkReferences(child, pointer(path, shape, i), fields, beforePage, errors);
    return;
  }
  if ('not' in condition) {
    checkReferences(condition.not, pointer(path, 'not'), fields, beforePage, errors);
    return;
  }
  const entry = fields.get(condition.field);
  const at = pointer(path, 'field');
  if (!entry) errors.push({ path: at, message: `no field has the id "${condition.field}"` });
  else if (entry.group) errors.push({ path: at, message: `"${condition.field}" is inside the group "${entry.group}"; conditions may only name fields outside groups` });
  else if (beforePage !== undefined && entry.pageIndex >= beforePage) errors.push({ path: at, message: `"${condition.field}" must be asked on an earlier page than this condition` });
  else checkOperand(entry, condition as unknown as Record<string, unknown>, path, errors);
}

function checkComponentBounds(component: FieldComponent, path: string, inGroup: boolean, country: CountryProfile | undefined, errors: DefinitionError[]): void {
  const order = (low: number | undefined, high: number | undefined, lowName: string, highName: string) => {
    if (low !== undefined && high !== undefined && low > high) errors.push({ path: pointer(path, lowName), message: `must not be greater than ${highName} (${high})` });
  };
  if (component.prefill !== undefined) {
    if (inGroup) errors.push({ path: pointer(path, 'prefill'), message: 'fields inside a group cannot be prefilled' });
    else if (typeof component.prefill === 'object') {
      if (!(registryPrefillTypes as readonly string[]).includes(component.type))
        errors.push({ path: pointer(path, 'prefill'), message: `a registry value fills ${registryPrefillTypes.join(', ')} fields, not ${component.type}` });
      const unknown = [...component.prefill.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]).filter((name) => name !== 'document' && name !== 'unit');
      if (unknown.length > 0) errors.push({ path: pointer(path, 'prefill', 'path'), message: `only {document} and {unit} may be replaced, not {${unknown[0]}}` });
    } else if (prefillTypes[component.prefill] !== component.type)
      errors.push({ path: pointer(path, 'prefill'), message: `"${component.prefill}" fills ${prefillTypes[component.prefill]} fields, not ${component.type}` });
  }
  switch (component.type) {
    case 'text':
      order(component.minLength, component.maxLength, 'minLength', 'maxLength');
      if (component.pattern !== undefined) {
        try {
          new RegExp(component.pattern, 'u');
        } catch {
          errors.push({ path: pointer(path, 'pattern'), message: 'is not a valid regular expression' });
        }
      }
      break;
    case 'longText':
      order(component.minLength, component.maxLength, 'minLength', 'maxLength');
      break;
    case 'number':
      order(component.min, component.max, 'min', 'max');
      break;
    case 'date':
      for (const bound of ['min', 'max'] as const) {
        const value = component[bound];
        if (value !== undefined && value !== 'today' && !isCalendarDate(value)) errors.push({ path: pointer(path, bound), message: 'is not a calendar date' });
      }
      if (component.min && component.max && component.min !== 'today' && component.max !== 'today' && component.min > component.max) {
        errors.push({ path: pointer(path, 'min'), message: `must not be later than max (${component.max})` });
      }
      break;
    case 'select':
    case 'radios':
    case 'checkboxes': {
      const seen = new Set<string>();
      component.options.forEach((option, i) => {
        if (seen.has(option.value)) errors.push({ path: pointer(path, 'options', i, 'value'), message: `duplicate option value "${option.value}"` });
        seen.add(option.value);
      });
      if (component.type === 'checkboxes') {
        order(component.minSelected, component.maxSelected, 'minSelected', 'maxSelected');
        if (component.minSelected !== undefined && component.minSelected > component.options.length) {
          errors.push({ path: pointer(path, 'minSelected'), message: `must not be greater than the number of options (${component.options.length})` });
        }
      }
      break;
    }
    case 'identityDocument':
      if (country && component.documentTypes) {
        const known = new Set(country.identityDocuments.map((doc) => doc.code));
        component.documentTypes.forEach((code, i) => {
          if (!known.has(code)) errors.push({ path: pointer(path, 'documentTypes', i), message: `"${code}" is not a document type of this country (${[...known].join(', ')})` });
        });
      }
      break;
    case 'territory':
      if (country && component.level !== undefined && !country.territoryLevels.some((level) => level.key === component.level)) {
        errors.push({ path: pointer(path, 'level'), message: `"${component.level}" is not a territory level of this country (${country.territoryLevels.map((l) => l.key).join(', ')})` });
      }
      break;
    default:
      break;
  }
}

function semanticErrors(definition: FormDefinition, country: CountryProfile | undefined): DefinitionError[] {
  const errors: DefinitionError[] = [];
  const pageIds = new Map<string, string>();
  const fields = new Map<string, FieldEntry>();
  const addField = (entry: FieldEntry) => {
    const previous = fields.get(entry.component.id);
    if (previous) errors.push({ path: pointer(entry.path, 'id'), message: `duplicate field id "${entry.component.id}" (first at ${previous.path}/id)` });
    else fields.set(entry.component.id, entry);
  };
  definition.pages.forEach((page, p) => {
    const pagePath = pointer('', 'pages', p);
    const previous = pageIds.get(page.id);
    if (previous) errors.push({ path: pointer(pagePath, 'id'), message: `duplicate page id "${page.id}" (first at ${previous}/id)` });
    else pageIds.set(page.id, pagePath);
    page.components.forEach((component, c) => {
      const path = pointer(pagePath, 'components', c);
      addField({ component, pageIndex: p, path });
      if (component.type === 'group') {
        order(component.minItems, component.maxItems, path, errors);
        component.components.forEach((member, m) => {
          const memberPath = pointer(path, 'components', m);
          addField({ component: member, pageIndex: p, path: memberPath, group: component.id });
          checkComponentBounds(member, memberPath, true, country, errors);
        });
      } else checkComponentBounds(component, path, false, country, errors);
    });
  });
  definition.pages.forEach((page, p) => {
    const pagePath = pointer('', 'pages', p);
    if (page.showIf) checkReferences(page.showIf, pointer(pagePath, 'showIf'), fields, p, errors);
    page.components.forEach((component, c) => {
      const path = pointer(pagePath, 'components', c);
      if (component.showIf) checkReferences(component.showIf, pointer(path, 'showIf'), fields, p, errors);
      if (component.type === 'group') {
        component.components.forEach((member, m) => {
          if (member.showIf) checkReferences(member.showIf, pointer(path, 'components', m, 'showIf'), fields, p, errors);
        });
      }
    });
  });
  (definition.rules ?? []).forEach((rule, r) => {
    const path = pointer('', 'rules', r);
    const target = fields.get(rule.field);
    if (!target) errors.push({ path: pointer(path, 'field'), message: `no field has the id "${rule.field}"` });
    else if (target.group) errors.push({ path: pointer(path, 'field'), message: `"${rule.field}" is inside a group; rules may only name fields outside groups` });
    if (rule.when) checkReferences(rule.when, pointer(path, 'when'), fields, undefined, errors);
    checkReferences(rule.assert, pointer(path, 'assert'), fields, undefined, errors);
  });
  return errors;
}

function order(minItems: number | undefined, maxItems: number | undefined, path: string, errors: DefinitionError[]): void {
  if (minItems !== undefined && maxItems !== undefined && minItems > maxItems) errors.push({ path: pointer(path, 'minItems'), message: `must not be greater than maxItems (${maxItems})` });
}

export interface DefinitionOptions {
  /** When given, document types and territory levels are checked against this profile. */
  country?: CountryProfile;
}

/** Validates a form definition: `{ ok: true, definition }`, or every problem with its JSON pointer. */
export function validateFormDefinition(value: unknown, options: DefinitionOptions = {}): DefinitionResult<FormDefinition> {
  const structural = structuralErrors(value);
  if (structural.length > 0) return { ok: false, errors: structural };
  const definition = value as FormDefinition;
  const semantic = semanticErrors(definition, options.country);
  return semantic.length > 0 ? { ok: false, errors: semantic } : { ok: true, definition };
}
