// What the case pages share: signing in, reading posted forms (fields and uploads), and error texts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError, type FieldError } from '../../../platform/errors.ts';
import {
  fieldsFromAnswers,
  postedGroupItems,
  readPage,
  visibleComponents,
  visiblePages,
  type AnswerContext,
  type AnswerError,
  type Answers,
  type FormDefinition,
  type KnownFacts,
  type FormComponent,
  type FormFields,
  type FormPage,
} from '../../../platform/forms/index.ts';
import { readMultipartForm } from '../../../platform/http/multipart.ts';
import type { Deps } from '../../../platform/module.ts';
import { summaryItems, type ErrorSummaryItem } from '../../../platform/views/components.tsx';
import { isIsoDate } from '../../../shared/validators.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { storeUploads, type FileProblem, type Upload } from '../services/uploads.service.ts';
import { localized } from '../views/form.views.tsx';

export type Body = Record<string, string | string[] | undefined>;

export function signedIn(request: FastifyRequest, reply: FastifyReply) {
  if (!request.current) {
    reply.redirect(`/ingresar?volver=${encodeURIComponent(request.url)}`, 303);
    return undefined;
  }
  return requireSignedIn(request);
}

/**
 * The component a form field's name belongs to, and its label as the person reads it: `birthDate-day`
 * → "Fecha de nacimiento"; a group member `children.0.name` → "Nombre (Hijo o hija 1)". Exact ids
 * first (`extra` fields of a page, such as a correction's documents, may hold a hyphen).
 */
export function fieldLabel(request: FastifyRequest, components: FormComponent[], field: string): { label: string; component: FormComponent } | undefined {
  const exact = components.find((c) => c.id === field);
  if (exact) return { label: localized(exact.label, request.language), component: exact };
  const [id, index, memberId] = field.replace(/-[a-z0-9]+$/i, '').split('.');
  const component = components.find((c) => c.id === id);
  if (!component) return undefined;
  if (component.type !== 'group' || memberId === undefined) return { label: localized(component.label, request.language), component };
  const member = component.components.find((m) => m.id === memberId);
  if (!member) return { label: localized(component.label, request.language), component };
  const item = request.t('cases.form.item', { label: localized(component.itemLabel, request.language), n: Number(index) + 1 });
  return { label: `${localized(member.label, request.language)} (${item})`, component: member };
}

const CHOICES = new Set(['select', 'radios', 'checkboxes', 'yesNo', 'territory']);

/**
 * A problem's text naming its field and what to do (WCAG 2.4.4, 3.3.3): "Elija una opción en
 * «Motivo»", "Fecha de nacimiento: escriba una fecha real…". Without a known field, the plain text.
 */
function named(request: FastifyRequest, components: FormComponent[] | undefined, field: string, code: string | undefined, plain: string): string {
  const found = components ? fieldLabel(request, components, field) : undefined;
  if (!found) return plain;
  const { label, component } = found;
  if (code === 'required') {
    if (component.type === 'file') return request.t('cases.answerError.named.requiredFile', { label });
    if (CHOICES.has(component.type)) return request.t('cases.answerError.named.requiredChoice', { label });
    return request.t('cases.answerError.named.required', { label });
  }
  return request.t('cases.answerError.named.about', { label, message: plain.charAt(0).toLowerCase() + plain.slice(1) });
}

/** The fields of a form (and `extra` fields of the page): whose labels name the problems. */
export const componentsOf = (form: FormDefinition, extra: FormComponent[] = []): FormComponent[] => [...form.pages.flatMap((page) => page.components), ...extra];

export function answerErrorText(request: FastifyRequest, errors: AnswerError[], components?: FormComponent[]): Record<string, string> {
  const out: Record<string, string> = {};
  // A date bound (`dateTooEarly`'s min) reads as a date in words, not ISO.
  const readable = (params: Record<string, string | number> = {}) =>
    Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'string' && isIsoDate(value) ? request.format.date(value) : value]));
  for (const e of errors)
    out[e.field] ??= e.message ? localized(e.message, request.language) : named(request, components, e.field, e.code, request.t(`cases.answerError.${e.code}`, readable(e.params)));
  return out;
}

/** Field errors as texts; with the form's `components`, the answers' problems name their field. */
export function fieldErrorText(request: FastifyRequest, errors: FieldError[], components?: FormComponent[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const code = e.messageKey.startsWith('cases.answerError.') ? e.messageKey.slice('cases.answerError.'.length) : undefined;
    out[e.field] ??= code ? named(request, components, e.field, code, request.t(e.messageKey, e.params ?? {})) : request.t(e.messageKey, e.params ?? {});
  }
  return out;
}

export const summary = (text: Record<string, string>): ErrorSummaryItem[] => summaryItems(text);

/** Drops the empty "add another" item of each group so it is not read as an incomplete answer. */
export function withoutEmptyItems(page: FormPage, body: Body): Body {
  const out = { ...body };
  for (const group of page.components) {
    if (group.type !== 'group') continue;
    for (let i = 0; i < postedGroupItems(group, body); i++) {
      const names = Object.keys(body).filter((n) => n.startsWith(`${group.id}.${i}.`));
      if (names.every((n) => [body[n]].flat().every((v) => !v || !String(v).trim()))) for (const n of names) delete out[n];
    }
  }
  return out;
}

/** Reads every visible page of a form posted at once; only problems reading the fields are returned (the service checks the rest). */
export async function readWholeForm(
  deps: Deps,
  form: FormDefinition,
  sent: { fields: Body; uploads: Record<string, Upload>; rejected?: Record<string, FileProblem> },
  previous: Answers,
  facts: KnownFacts,
  ctx: AnswerContext,
) {
  let body = sent.fields;
  let answers: Answers = { ...previous };
  const unreadable: AnswerError[] = [];
  for (const page of visiblePages(form, answers)) {
    body = withoutEmptyItems(page, body);
    const uploaded = await storeUploads(deps, visibleComponents(page, answers), sent.uploads, sent.rejected);
    const reading = readPage(form, page, body, answers, { ...ctx, facts, files: uploaded.files });
    answers = { ...answers, ...reading.answers };
    unreadable.push(...uploaded.errors, ...reading.errors.filter((e) => e.code !== 'required'));
  }
  return { body: { ...body, ...Object.assign({}, ...form.pages.map((page) => fieldsOfFiles(page, answers))) }, answers, unreadable };
}

/** Only the names of the files already attached (file inputs cannot show them back). */
export function fieldsOfFiles(page: FormPage, answers: Answers): FormFields {
  const fields = fieldsFromAnswers(page, answers);
  return Object.fromEntries(Object.entries(fields).filter(([name]) => name.endsWith('-current')));
}

export const itemCounter = (fields: FormFields) => (group: FormComponent) => postedGroupItems(group, fields);

/** The posted fields and uploads, whether the form was sent urlencoded or as multipart; files refused while reading the body are `rejected`. */
export function posted(request: FastifyRequest): { fields: Body; uploads: Record<string, Upload>; rejected: Record<string, FileProblem> } {
  const fields = (request.body ?? {}) as Body;
  if (!request.isMultipart()) return { fields, uploads: {}, rejected: {} };
  try {
    const { files } = readMultipartForm(request);
    const uploads: Record<string, Upload> = {};
    for (const [name, [file]] of Object.entries(files)) if (file) uploads[name] = { name: file.filename, bytes: file.bytes };
    return { fields, uploads, rejected: {} };
  } catch (error) {
    if (!isAppError(error) || !(error.code in FILE_PROBLEMS)) throw error;
    // The text fields are still there: the page is shown again with the problem next to each file field.
    const rejected: Record<string, FileProblem> = {};
    for (const problem of error.fields ?? []) rejected[problem.field] ??= FILE_PROBLEMS[problem.messageKey.replace(/^errors\./, '')] ?? 'fileType';
    return { fields, uploads: {}, rejected };
  }
}

/** The multipart plugin's file problems as answer errors of a file field. */
const FILE_PROBLEMS: Record<string, FileProblem> = { FILE_TOO_LARGE: 'fileTooLarge', FILE_TYPE_NOT_ALLOWED: 'fileType', FILE_EMPTY: 'required' };

export const CodeParams = Type.Object({ code: Type.String({ maxLength: 20 }) });
