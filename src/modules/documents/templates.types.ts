// What a publisher may write in a document template (docs/signed-documents.md, "Templates"):
// the placeholders issuance fills in, and the checks a title and body pass before they are
// stored (pure: no I/O).
import { createHash } from 'node:crypto';
import type { FieldError } from '../../platform/errors.ts';

/** The placeholders every issuance fills in; anything else between braces is refused. */
export const PLACEHOLDERS = ['holder', 'document', 'procedure', 'agency', 'tracking', 'date'] as const;
export const TEMPLATE_KINDS = ['certificate', 'resolution'] as const;
export const TEMPLATE_OUTCOMES = ['approved', 'rejected'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];
export type TemplateOutcome = (typeof TEMPLATE_OUTCOMES)[number];
/** The same limits as the table's checks. */
export const TITLE_MAX = 200;
export const BODY_MAX = 5000;

export interface TemplateInput {
  kind: string;
  title: string;
  body: string;
}

/** The first problem of one text: empty, too long, a brace without its pair, or an unknown placeholder. */
function textProblem(field: 'title' | 'body', text: string, max: number): FieldError | undefined {
  const key = (name: string) => `documents.templates.errors.${name}`;
  if (text.trim() === '') return { field, messageKey: key(`${field}Empty`) };
  if (text.length > max) return { field, messageKey: key('tooLong'), params: { max, length: text.length } };
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') {
      if (open >= 0) return { field, messageKey: key('unbalanced') };
      open = i;
    } else if (c === '}') {
      if (open < 0) return { field, messageKey: key('unbalanced') };
      const name = text.slice(open + 1, i);
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) return { field, messageKey: key('unknown'), params: { name: `{${name}}`, allowed: PLACEHOLDERS.map((p) => `{${p}}`).join(', ') } };
      open = -1;
    }
  }
  if (open >= 0) return { field, messageKey: key('unbalanced') };
  return undefined;
}

/** Every field's first problem (none: the template may be stored). */
export function templateProblems(input: TemplateInput): FieldError[] {
  const problems: FieldError[] = [];
  if (!(TEMPLATE_KINDS as readonly string[]).includes(input.kind)) problems.push({ field: 'kind', messageKey: 'documents.templates.errors.kind' });
  const title = textProblem('title', input.title, TITLE_MAX);
  if (title) problems.push(title);
  const body = textProblem('body', input.body, BODY_MAX);
  if (body) problems.push(body);
  return problems;
}

/** The SHA-256 the audit entry names for a template's text: of the JSON array `[kind, title, body]` (UTF-8). */
export const templateHash = (t: { kind: string; title: string; body: string }): string =>
  createHash('sha256')
    .update(JSON.stringify([t.kind, t.title, t.body]), 'utf8')
    .digest('hex');
