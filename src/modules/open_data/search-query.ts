// The filter syntax of CKAN's package_search (`fq`, and `q` when it names fields): the subset
// of Solr's Lucene syntax that harvesters and clients send. `field:value`, `field:"a phrase"`,
// `field:[from TO to]` (`{…}` excludes the bounds, `*` leaves one open), `field:(a OR b)`,
// `-` / `NOT` / `+` before a term, `AND` / `OR` (terms side by side must all hold, as CKAN's
// AND default), parentheses. Pure: parseFilter returns a tree or throws SearchSyntaxError,
// which the API answers as CKAN's "Search Query Error".

export const FILTER_FIELDS = ['organization', 'groups', 'tags', 'res_format', 'license_id', 'metadata_modified', 'metadata_created', 'name', 'id', 'dataset_type', 'capacity', 'state'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
const DATE_FIELDS = new Set<FilterField>(['metadata_modified', 'metadata_created']);

export type FilterValue = { kind: 'term'; value: string } | { kind: 'any' } | { kind: 'range'; from: string | null; to: string | null; includeFrom: boolean; includeTo: boolean };

export type FilterNode =
  | { kind: 'match'; field: FilterField; values: FilterValue[] }
  | { kind: 'not'; node: FilterNode }
  | { kind: 'and'; nodes: FilterNode[] }
  | { kind: 'or'; nodes: FilterNode[] }
  | { kind: 'all' };

export class SearchSyntaxError extends Error {}

type Token = { type: 'word' | 'phrase' | 'op'; text: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if ('()[]{}:'.includes(c)) {
      tokens.push({ type: 'op', text: c });
      i++;
    } else if ((c === '-' || c === '+') && (tokens.length === 0 || /\s|\(/.test(input[i - 1] ?? ' '))) {
      tokens.push({ type: 'op', text: c });
      i++;
    } else if (c === '"') {
      const end = input.indexOf('"', i + 1);
      if (end < 0) throw new SearchSyntaxError(`unterminated phrase at character ${i + 1}`);
      tokens.push({ type: 'phrase', text: input.slice(i + 1, end) });
      i = end + 1;
    } else {
      let j = i;
      let word = '';
      while (j < input.length && !/[\s()[\]{}"]/.test(input[j]!) && !(input[j] === ':' && !/^\d{4}-\d\d-\d\dT\d\d?$/.test(word) && !/T\d\d:\d\d$/.test(word))) {
        if (input[j] === '\\' && j + 1 < input.length) {
          word += input[j + 1];
          j += 2;
        } else {
          word += input[j];
          j++;
        }
      }
      tokens.push({ type: 'word', text: word });
      i = j;
    }
  }
  return tokens;
}

/** A Solr date (`2026-01-31T00:00:00Z`, with fractions), `NOW`, `NOW-7DAYS`, `NOW/DAY`: an ISO instant. */
export function solrDate(text: string, now: Date = new Date()): string {
  const math = /^NOW(?:\/DAY)?(?:([+-])(\d{1,5})(DAY|DAYS|HOUR|HOURS|MONTH|MONTHS|YEAR|YEARS))?$/.exec(text);
  if (math) {
    const date = new Date(now);
    if (text.startsWith('NOW/DAY')) date.setUTCHours(0, 0, 0, 0);
    if (math[1]) {
      const n = Number(math[2]) * (math[1] === '-' ? -1 : 1);
      const unit = math[3]!.replace(/S$/, '');
      if (unit === 'DAY') date.setUTCDate(date.getUTCDate() + n);
      else if (unit === 'HOUR') date.setUTCHours(date.getUTCHours() + n);
      else if (unit === 'MONTH') date.setUTCMonth(date.getUTCMonth() + n);
      else date.setUTCFullYear(date.getUTCFullYear() + n);
    }
    return date.toISOString();
  }
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/.test(text)) throw new SearchSyntaxError(`Invalid date: ${text}`);
  const date = new Date(text.replace(/(\.\d{3})\d+Z$/, '$1Z'));
  if (Number.isNaN(date.getTime())) throw new SearchSyntaxError(`Invalid date: ${text}`);
  return date.toISOString();
}

export function parseFilter(input: string, now: Date = new Date()): FilterNode {
  if (input.length > 4000) throw new SearchSyntaxError('the query is too long');
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (text: string) => peek()?.type === 'op' && peek()?.text === text;
  const isWord = (text: string) => peek()?.type === 'word' && peek()?.text === text;
  const expect = (text: string) => {
    if (!isOp(text)) throw new SearchSyntaxError(`expected "${text}" ${peek() ? `before "${peek()!.text}"` : 'at the end'}`);
    pos++;
  };

  const value = (field: FilterField): FilterValue => {
    const token = tokens[pos++];
    if (!token || token.type === 'op') throw new SearchSyntaxError(`a value is missing after ${field}:`);
    if (token.type === 'word' && token.text === '*') return { kind: 'any' };
    if (token.type === 'word' && /[*?~^]/.test(token.text)) throw new SearchSyntaxError(`wildcards and fuzzy terms are not supported: ${token.text}`);
    if (DATE_FIELDS.has(field)) return { kind: 'range', from: solrDate(token.text, now), to: solrDate(token.text, now), includeFrom: true, includeTo: true };
    return { kind: 'term', value: token.text };
  };
  const bound = (field: FilterField): string | null => {
    const token = tokens[pos++];
    if (!token || token.type === 'op') throw new SearchSyntaxError(`a range bound is missing after ${field}:`);
    if (token.text === '*') return null;
    return DATE_FIELDS.has(field) ? solrDate(token.text, now) : token.text;
  };
  const values = (field: FilterField): FilterValue[] => {
    if (isOp('[') || isOp('{')) {
      const includeFrom = peek()!.text === '[';
      pos++;
      const from = bound(field);
      if (!isWord('TO')) throw new SearchSyntaxError(`a range needs TO: ${field}:[from TO to]`);
      pos++;
      const to = bound(field);
      const close = peek();
      if (close?.type !== 'op' || (close.text !== ']' && close.text !== '}')) throw new SearchSyntaxError(`a range must end with ] or }`);
      pos++;
      return [{ kind: 'range', from, to, includeFrom, includeTo: close.text === ']' }];
    }
    if (isOp('(')) {
      pos++;
      const list = [value(field)];
      while (!isOp(')')) {
        if (isWord('OR')) pos++;
        else if (peek() === undefined) throw new SearchSyntaxError('a list of values must end with )');
        else throw new SearchSyntaxError(`only OR may join values in ${field}:( … )`);
        list.push(value(field));
      }
      pos++;
      return list;
    }
    return [value(field)];
  };

  const primary = (): FilterNode => {
    if (isOp('(')) {
      pos++;
      const node = orExpr();
      expect(')');
      return node;
    }
    const token = tokens[pos];
    if (token?.type !== 'word') throw new SearchSyntaxError(token ? `unexpected "${token.text}"` : 'the query ends too early');
    pos++;
    if (token.text === '*' && isOp(':')) {
      pos++;
      if (tokens[pos]?.text !== '*') throw new SearchSyntaxError('*: must be followed by *');
      pos++;
      return { kind: 'all' };
    }
    if (!isOp(':')) throw new SearchSyntaxError(`"${token.text}" names no field (field:value)`);
    pos++;
    const field = token.text as FilterField;
    if (!FILTER_FIELDS.includes(field)) throw new SearchSyntaxError(`undefined field ${token.text}`);
    return { kind: 'match', field, values: values(field) };
  };
  const unary = (): FilterNode => {
    if (isOp('-') || isWord('NOT')) {
      pos++;
      return { kind: 'not', node: unary() };
    }
    if (isOp('+')) pos++;
    return primary();
  };
  const andExpr = (): FilterNode => {
    const nodes = [unary()];
    while (peek() && !isOp(')') && !isWord('OR')) {
      if (isWord('AND') || isWord('&&')) pos++;
      nodes.push(unary());
    }
    return nodes.length === 1 ? nodes[0]! : { kind: 'and', nodes };
  };
  const orExpr = (): FilterNode => {
    const nodes = [andExpr()];
    while (isWord('OR') || isWord('||')) {
      pos++;
      nodes.push(andExpr());
    }
    return nodes.length === 1 ? nodes[0]! : { kind: 'or', nodes };
  };

  if (tokens.length === 0) return { kind: 'all' };
  const tree = orExpr();
  if (pos < tokens.length) throw new SearchSyntaxError(`unexpected "${tokens[pos]!.text}"`);
  return tree;
}

/** Whether a `q` is written in the filter syntax (names a field) rather than words to look for. */
export function isFieldQuery(q: string): boolean {
  return /^\s*\*:\*\s*$/.test(q) || /(^|[\s(+-])[a-z_]+:/.test(q);
}

export type SortKey = { field: 'id' | 'name' | 'title' | 'metadata_modified' | 'metadata_created' | 'score'; direction: 'asc' | 'desc' };
const SORT_FIELDS: Record<string, SortKey['field']> = {
  id: 'id',
  name: 'name',
  title: 'title',
  title_string: 'title',
  metadata_modified: 'metadata_modified',
  metadata_created: 'metadata_created',
  score: 'score',
};

/** CKAN's `sort`: "field direction" pairs separated by commas. */
export function parseSort(input: string): SortKey[] {
  return input
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name = '', direction = 'asc', ...rest] = part.split(/\s+/);
      const field = SORT_FIELDS[name];
      if (!field || rest.length > 0 || (direction !== 'asc' && direction !== 'desc')) throw new SearchSyntaxError(`Can't determine the sort order of "${part}"`);
      return { field, direction };
    });
}
