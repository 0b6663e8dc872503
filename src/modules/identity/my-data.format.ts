// "Mis datos" in words, shared by the page and the PDF: a field by its label from the catalogs
// (by its column name when the module names none), a code by its message where the module names
// its messages, and a stored value as people read it (dates in the country's zone).
import type { Formatter } from '../../platform/i18n/format.ts';
import type { Translate } from '../../platform/i18n/i18n.ts';
import type { MyDataModule } from './my-data.service.ts';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The label of a module's field. */
export const fieldLabel = (module: Pick<MyDataModule, 'fieldKeys'>, field: string, t: Translate): string => (module.fieldKeys[field] ? t(module.fieldKeys[field]!) : field);

/** A code in words where the module names its messages; the value as stored otherwise. */
export function codeInWords(module: Pick<MyDataModule, 'valueKeys'>, field: string, value: unknown, t: Translate): unknown {
  const prefix = module.valueKeys[field];
  if (!prefix || typeof value !== 'string') return value;
  const text = t(`${prefix}${value}`);
  return text === `${prefix}${value}` ? value : text;
}

/** A stored value as one line of text: dates in the person's language and the country's zone, yes/no, lists joined. */
export function valueText(value: unknown, t: Translate, format: Formatter): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return t(value ? 'identity.myData.yes' : 'identity.myData.no');
  if (typeof value === 'number') return format.number(value);
  if (typeof value === 'string') {
    if (ISO_DATE.test(value)) return format.date(value);
    if (ISO_INSTANT.test(value)) return format.dateTime(new Date(value));
    return value;
  }
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((item) => valueText(item, t, format)).join('; ');
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? '—' : entries.map(([key, item]) => `${key}: ${valueText(item, t, format)}`).join('; ');
  }
  return String(value);
}

/** The rows of a section (one object, a list, or nothing). */
export const sectionRows = (data: unknown): unknown[] => (Array.isArray(data) ? data : data === null || data === undefined ? [] : [data]);
