// What the case pages share: signing in, reading posted forms (fields and uploads), and error texts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { FieldError } from '../../../platform/errors.ts';
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
import type { Deps } from '../../../platform/module.ts';
import { summaryItems, type ErrorSummaryItem } from '../../../platform/views/components.tsx';
import { requireSignedIn } from '../../identity/index.ts';
import { storeUploads, type Upload } from '../services/uploads.service.ts';
import { localized } from '../views/form.views.tsx';

export type Body = Record<string, string | string[] | undefined>;

export function signedIn(request: FastifyRequest, reply: FastifyReply) {
  if (!request.current) {
    reply.redirect(`/ingresar?volver=${encodeURIComponent(request.url)}`, 303);
    return undefined;
  }
  return requireSignedIn(request);
}

export function answerErrorText(request: FastifyRequest, errors: AnswerError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.field] ??= e.message ? localized(e.message, request.locale) : request.t(`cases.answerError.${e.code}`, e.params ?? {});
  return out;
}

export function fieldErrorText(request: FastifyRequest, errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.field] ??= request.t(e.messageKey, e.params ?? {});
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
export async function readWholeForm(deps: Deps, form: FormDefinition, sent: { fields: Body; uploads: Record<string, Upload> }, previous: Answers, facts: KnownFacts, ctx: AnswerContext) {
  let body = sent.fields;
  let answers: Answers = { ...previous };
  const unreadable: AnswerError[] = [];
  for (const page of visiblePages(form, answers)) {
    body = withoutEmptyItems(page, body);
    const uploaded = await storeUploads(deps, visibleComponents(page, answers), sent.uploads);
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

/** The posted fields and uploads, whether the form was sent urlencoded or as multipart. */
export function posted(request: FastifyRequest): { fields: Body; uploads: Record<string, Upload> } {
  const body = (request.body ?? {}) as Body & { [UPLOADS]?: Record<string, Upload> };
  const { [UPLOADS]: uploads, ...fields } = body;
  return { fields, uploads: uploads ?? {} };
}

export const UPLOADS = Symbol('uploads');
export const CodeParams = Type.Object({ code: Type.String({ maxLength: 20 }) });
