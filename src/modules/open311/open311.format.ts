// GeoReport v2 representations: the same objects as JSON or as XML. The XML follows the
// specification's examples: a root element holding one element per item, each field an
// element of its own (null as an empty element), lists of nested values under their plural
// name (`attributes` → `attribute`, `values` → `value`, `endpoints` → `endpoint`,
// `formats` → `format`).

export type Format = 'json' | 'xml';

export type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

/** The element name of one item of a list named `plural`. */
const ITEM_NAMES: Record<string, string> = {
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

const escapeXml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Characters XML 1.0 cannot carry at all.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to remove
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

function element(name: string, value: Value): string {
  if (value === undefined) return '';
  if (value === null) return `<${name}></${name}>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([key, v]) => element(key, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

/** `<root><item>…</item>…</root>`: the shape of every GeoReport list. */
export function listToXml(root: string, item: string, list: Array<Record<string, Value>>): string {
  return `${XML_DECLARATION}<${root}>${list.map((entry) => element(item, entry)).join('')}</${root}>\n`;
}

/** `<root>…fields…</root>`: one document (discovery, a service definition). */
export function objectToXml(root: string, object: Record<string, Value>): string {
  return `${XML_DECLARATION}${element(root, object)}\n`;
}

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** W3C date-time in UTC without fractions of a second, as the specification's examples. */
export const w3cDateTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Splits `requests.json` into `requests` and `json`; undefined for an unknown extension. */
export function splitFormat(name: string): { base: string; format: Format } | undefined {
  const match = /^(.*)\.(json|xml)$/.exec(name);
  return match ? { base: match[1]!, format: match[2] as Format } : undefined;
}
