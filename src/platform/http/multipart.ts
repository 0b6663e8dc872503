// multipart/form-data, the one way: forms that upload files (they work without JavaScript).
// `registerMultipart(scope, limits)` lets the routes of one scope accept multipart bodies;
// other scopes keep answering 415 to them. The body is streamed by @fastify/multipart
// (busboy): each file is read once, up to its limit (bytes past the limit are discarded, never
// buffered), and its type is read from its first bytes by the file store's `checkFile`.
//
// Parsing happens in the scope's preValidation hook, so `request.body` holds the text fields
// before validation and before the CSRF check (which reads `_csrf` from the body, as for
// urlencoded forms). The token is also checked when the first file part arrives (forms send
// `_csrf` first), so that a forged form's files are never read. A problem with one file (too
// large, wrong type, empty) does not stop the parsing: the fields still reach the handler,
// which calls `readMultipartForm(request)` and gets the form, or an AppError naming the file
// field, and can show the form again with the error. A NUL character in a text field or a
// file's name is refused at once (400 NUL_CHARACTER), before any handler: no text may hold it.
import fastifyMultipart, { type MultipartFile, type MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../errors.ts';
import { checkFile, type MediaType, type UploadMediaType } from '../files/index.ts';
import type { TamboApp } from './app-types.ts';

export interface MultipartLimits {
  /** Largest accepted file, in bytes. */
  maxFileBytes: number;
  /** Most files in one body (across all file fields). */
  maxFiles: number;
  /** Types accepted by content (default: PDF, PNG and JPEG, all the file store knows; JSON only when listed). */
  allowed?: readonly UploadMediaType[];
  /** Most text fields in one body (default 200). */
  maxFields?: number;
  /** Longest text field, in bytes (default 64 KiB). */
  maxFieldBytes?: number;
}

export interface UploadedFile {
  /** The name the person's device gave (not yet made safe: see `safeFilename`). */
  filename: string;
  bytes: Uint8Array;
  /** Read from the content, never from the name or the declared type (JSON only in a scope that lists it; never stored). */
  mediaType: UploadMediaType;
}

export interface MultipartForm {
  /** Text fields; a name sent several times (checkboxes) gives an array. */
  fields: Record<string, string | string[]>;
  /** Files by field name, in the order sent; file inputs left empty are not listed. */
  files: Record<string, UploadedFile[]>;
}

const ALL_TYPES: readonly MediaType[] = ['application/pdf', 'image/png', 'image/jpeg'];
const TYPE_NAMES: Record<UploadMediaType, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'application/json': 'JSON',
  'text/csv': 'CSV',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/x-pkcs12': 'PKCS#12 (.p12, .pfx)',
};
const parsed = new WeakMap<FastifyRequest, { form: MultipartForm; error?: AppError }>();

/** Lets the routes of `scope` (a plugin scope of their own) accept multipart/form-data. */
export function registerMultipart(scope: TamboApp, limits: MultipartLimits): void {
  const maxFields = limits.maxFields ?? 200;
  void scope.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: maxFields, fieldSize: limits.maxFieldBytes ?? 65_536, parts: limits.maxFiles + maxFields },
  });
  scope.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    const outcome = await parseParts(request, limits);
    parsed.set(request, outcome);
    request.body = outcome.form.fields;
  });
}

/**
 * The multipart form of a request of a `registerMultipart` scope. Throws the first problem
 * found: FILE_TOO_LARGE, FILE_TYPE_NOT_ALLOWED or FILE_EMPTY (with `fields` naming the file
 * inputs, so a page can show them next to each), TOO_MANY_FILES, or UNSUPPORTED_MEDIA_TYPE
 * when the body was not multipart. The text fields stay in `request.body` either way.
 */
export function readMultipartForm(request: FastifyRequest): MultipartForm {
  const outcome = parsed.get(request);
  if (!outcome) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (outcome.error) throw outcome.error;
  return outcome.form;
}

type FileProblem = { field: string; code: 'FILE_TOO_LARGE' | 'FILE_TYPE_NOT_ALLOWED' | 'FILE_EMPTY' };

async function parseParts(request: FastifyRequest, limits: MultipartLimits): Promise<{ form: MultipartForm; error?: AppError }> {
  const form: MultipartForm = { fields: Object.create(null), files: Object.create(null) };
  const problems: FileProblem[] = [];
  let csrfChecked = false;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        addField(form, part);
        continue;
      }
      // Forms send the CSRF field first: a file from a forged form is never read.
      if (!csrfChecked) request.assertCsrf(form.fields);
      csrfChecked = true;
      await addFile(form, part, limits, problems);
    }
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    const code = (cause as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') return { form, error: new AppError('TOO_MANY_FILES', { params: { max: limits.maxFiles }, cause }) };
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw new AppError('PAYLOAD_TOO_LARGE', { cause });
    throw new AppError('BAD_REQUEST', { cause });
  }
  const first = problems[0];
  if (!first) return { form };
  const params = fileParams(limits);
  const fields: FieldError[] = problems.map((problem) => ({ field: problem.field, messageKey: `errors.${problem.code}`, params }));
  return { form, error: new AppError(first.code, { fields, params }) };
}

/**
 * A NUL character can reach no text column (PostgreSQL refuses it): a text field (its name or
 * value) or a file's name holding one stops the form here with 400 NUL_CHARACTER naming the
 * input, before the handler runs, so nothing is stored (as for a path or a query, security.ts).
 */
function refuseNul(field: string, ...texts: string[]): void {
  if (!texts.some((text) => text.includes('\u0000'))) return;
  throw new AppError('NUL_CHARACTER', { fields: [{ field: field.replaceAll('\u0000', ''), messageKey: 'errors.NUL_CHARACTER' }] });
}

function addField(form: MultipartForm, part: MultipartValue): void {
  if (part.valueTruncated) throw new AppError('PAYLOAD_TOO_LARGE');
  const value = String(part.value);
  refuseNul(part.fieldname, part.fieldname, value);
  const before = form.fields[part.fieldname];
  // The CSRF token is one value: a page whose form repeats the hidden field sends it twice.
  if (part.fieldname === '_csrf' && before !== undefined) return;
  form.fields[part.fieldname] = before === undefined ? value : [...[before].flat(), value];
}

async function addFile(form: MultipartForm, part: MultipartFile, limits: MultipartLimits, problems: FileProblem[]): Promise<void> {
  refuseNul(part.fieldname, part.fieldname, part.filename);
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  // Busboy stops at the limit and discards the rest: a truncated file is a file too large.
  if (part.file.truncated) return void problems.push({ field: part.fieldname, code: 'FILE_TOO_LARGE' });
  const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  // A file input left empty still sends a part, with no name and no content.
  if (bytes.byteLength === 0 && part.filename === '') return;
  const check = checkFile(bytes, { maxBytes: limits.maxFileBytes, allowed: limits.allowed ?? ALL_TYPES });
  if (!check.ok) {
    problems.push({ field: part.fieldname, code: check.reason === 'empty' ? 'FILE_EMPTY' : check.reason === 'too_large' ? 'FILE_TOO_LARGE' : 'FILE_TYPE_NOT_ALLOWED' });
    return;
  }
  form.files[part.fieldname] ??= [];
  form.files[part.fieldname]!.push({ filename: part.filename, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), mediaType: check.mediaType });
}

/** Parameters of the file messages: the size limit in MB and the accepted types. */
function fileParams(limits: MultipartLimits): Record<string, string | number> {
  return { max: Math.max(1, Math.floor(limits.maxFileBytes / (1024 * 1024))), types: (limits.allowed ?? ALL_TYPES).map((type) => TYPE_NAMES[type]).join(', ') };
}
