// Checking a record's content against its registry's field schema and the country's rules for
// its key (CI/cédula for persons; NIT in `bo`, RIF in `ve` for economic units). Pure.
import type { CountryProfile } from '../../platform/country/index.ts';
import type { FieldError } from '../../platform/errors.ts';
import type { Content, RegistryDefinition } from './registry.types.ts';

export interface ContentCheck {
  content: Content;
  errors: FieldError[];
  /** Accepted with a warning (e.g. a RIF whose check digit disagrees with the published formula). */
  warnings: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (value: string) => DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** The key written the country's one canonical way, or undefined when it does not pass the country's check. */
export function normalizeKey(registry: RegistryDefinition, country: Pick<CountryProfile, 'code' | 'identityDocuments'>, key: string): { key: string; warning?: string } | undefined {
  const documentType = registry.keyDocument?.[country.code as 'bo' | 've'];
  const trimmed = key.trim();
  if (!documentType) return trimmed ? { key: trimmed } : undefined;
  const check = country.identityDocuments.find((d) => d.code === documentType)?.check(trimmed);
  if (!check?.ok) return undefined;
  return { key: check.normalized, ...(check.warningKey ? { warning: check.warningKey } : {}) };
}

/**
 * The content with only the registry's fields, trimmed, each checked; `id` normalized. With
 * `partial`, missing required fields are not errors (an update merges onto the current version).
 */
export function checkContent(registry: RegistryDefinition, country: Pick<CountryProfile, 'code' | 'identityDocuments'>, input: Content, options: { partial?: boolean } = {}): ContentCheck {
  const errors: FieldError[] = [];
  const warnings: string[] = [];
  const content: Content = {};
  const fail = (field: string, messageKey: string, params?: Record<string, string | number>) => errors.push({ field: `/${field}`, messageKey, ...(params ? { params } : {}) });
  for (const name of Object.keys(input)) if (!(name in registry.fields)) fail(name, 'registries.errors.unknownField', { field: name });
  for (const [name, spec] of Object.entries(registry.fields)) {
    const raw = input[name];
    if (raw === undefined || raw === null || raw === '') {
      if (spec.required && !options.partial) fail(name, 'registries.errors.required');
      else if (raw === null || raw === '') content[name] = null;
      continue;
    }
    switch (spec.type) {
      case 'string':
      case 'date':
      case 'enum': {
        if (typeof raw !== 'string') {
          fail(name, 'registries.errors.text');
          break;
        }
        const value = raw.trim();
        if (spec.maxLength && value.length > spec.maxLength) fail(name, 'registries.errors.tooLong', { max: spec.maxLength });
        else if (spec.type === 'date' && !isRealDate(value)) fail(name, 'registries.errors.date');
        else if (spec.type === 'enum' && !spec.values?.includes(value)) fail(name, 'registries.errors.oneOf', { values: spec.values?.join(', ') ?? '' });
        else content[name] = value;
        break;
      }
      case 'list': {
        const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[,\n]/) : null;
        const values = items?.map((item) => (typeof item === 'string' ? item.trim() : item)).filter((item) => item !== '');
        if (!values || values.some((item) => typeof item !== 'string' || (spec.itemPattern && !spec.itemPattern.test(item)))) fail(name, 'registries.errors.list');
        else if (spec.required && values.length === 0 && !options.partial) fail(name, 'registries.errors.required');
        else content[name] = [...new Set(values as string[])];
        break;
      }
      case 'boolean':
        if (typeof raw !== 'boolean') fail(name, 'registries.errors.boolean');
        else content[name] = raw;
        break;
    }
  }
  if (typeof content.id === 'string') {
    const key = normalizeKey(registry, country, content.id);
    if (!key) fail('id', 'registries.errors.key', { document: registry.keyDocument?.[country.code as 'bo' | 've'] ?? 'id' });
    else {
      content.id = key.key;
      if (key.warning) warnings.push(key.warning);
    }
  }
  return { content, errors, warnings };
}
