// What the schema validator (AJV, all errors at once) finds, as field errors a person can read
// in their language: the field (a JSON pointer, or `querystring:/name`…), what is wrong and
// what is allowed ("Elija una de las opciones: work, travel, other"), never the validator's
// own English text. One entry per field: a union of literals is one choice, not one failure
// per literal.
import type { FieldError } from '../errors.ts';

export interface ValidationIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

const TYPE_NAMES = new Set(['string', 'integer', 'number', 'boolean', 'object', 'array', 'null']);
// Selectors of the `format` message (ICU selectors take no hyphen: date-time is `datetime`).
const FORMATS = new Map([
  ['date', 'date'],
  ['date-time', 'datetime'],
  ['time', 'time'],
  ['email', 'email'],
  ['uri', 'uri'],
  ['uuid', 'uuid'],
]);

/** The message (key and parameters) for one issue; undefined for the ones that only wrap others. */
function describe(issue: ValidationIssue): Pick<FieldError, 'messageKey' | 'params'> | undefined {
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return { messageKey: 'errors.field.required' };
    case 'additionalProperties':
      return { messageKey: 'errors.field.additional' };
    case 'enum':
      return { messageKey: 'errors.field.enum', params: { allowed: (p.allowedValues as unknown[]).map(String).join(', ') } };
    case 'const':
      return { messageKey: 'errors.field.enum', params: { allowed: String(p.allowedValue) } };
    case 'type': {
      const type = String(p.type).split(',')[0] ?? '';
      return { messageKey: 'errors.field.type', params: { type: TYPE_NAMES.has(type) ? type : 'other' } };
    }
    case 'minLength':
      return { messageKey: 'errors.field.minLength', params: { limit: Number(p.limit) } };
    case 'maxLength':
      return { messageKey: 'errors.field.maxLength', params: { limit: Number(p.limit) } };
    case 'minimum':
    case 'exclusiveMinimum':
      return { messageKey: 'errors.field.minimum', params: { limit: Number(p.limit) } };
    case 'maximum':
    case 'exclusiveMaximum':
      return { messageKey: 'errors.field.maximum', params: { limit: Number(p.limit) } };
    case 'minItems':
      return { messageKey: 'errors.field.minItems', params: { limit: Number(p.limit) } };
    case 'maxItems':
      return { messageKey: 'errors.field.maxItems', params: { limit: Number(p.limit) } };
    case 'pattern':
      return { messageKey: 'errors.field.pattern' };
    case 'format':
      return { messageKey: 'errors.field.format', params: { format: FORMATS.get(String(p.format)) ?? 'other' } };
    case 'anyOf':
    case 'oneOf':
    case 'if':
      return undefined;
    default:
      return { messageKey: 'errors.field.invalid' };
  }
}

/** The field errors of one validation failure, one per field (choices merged), in AJV's order. */
export function validationFieldErrors(issues: ValidationIssue[], where: string): FieldError[] {
  const byField = new Map<string, FieldError>();
  const wrappers = new Set<string>();
  for (const issue of issues) {
    const missing = issue.keyword === 'required' ? `/${String(issue.params.missingProperty)}` : '';
    const extra = issue.keyword === 'additionalProperties' ? `/${String(issue.params.additionalProperty)}` : '';
    const field = `${where === 'body' ? '' : `${where}:`}${issue.instancePath}${missing}${extra}` || '/';
    const message = describe(issue);
    if (!message) {
      wrappers.add(field);
      continue;
    }
    const known = byField.get(field);
    if (known?.messageKey === 'errors.field.enum' && message.messageKey === 'errors.field.enum') {
      known.params = { allowed: `${known.params?.allowed}, ${message.params?.allowed}` };
    } else if (!known || (known.messageKey === 'errors.field.type' && message.messageKey === 'errors.field.enum')) {
      // A union of a literal list and null reports a type failure too: the choice says more.
      byField.set(field, { field, ...message });
    }
  }
  // A union none of whose branches reported (a nested one) still names its field.
  for (const field of wrappers) if (!byField.has(field)) byField.set(field, { field, messageKey: 'errors.field.invalid' });
  return [...byField.values()];
}
