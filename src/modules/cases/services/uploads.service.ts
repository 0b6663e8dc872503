// Files in answers: uploads from pages and inline files of API answers, checked by content and stored.
import type { Queryable } from '../../../platform/db/index.ts';
import { checkFile, decodeBase64, storeFile, type MediaType } from '../../../platform/files/index.ts';
import type { AnswerError, Answers, FileAnswer, FileComponent, FormComponent, FormDefinition } from '../../../platform/forms/index.ts';
import type { Deps } from '../../../platform/module.ts';

export interface Upload {
  name: string;
  bytes: Uint8Array;
}

/** What can be wrong with a file sent for a field. */
export type FileProblem = 'fileTooLarge' | 'fileType' | 'required';

/** The answer error of a file field, with the field's own limit and types as parameters. */
export function fileError(component: FileComponent, code: FileProblem, name = component.id): AnswerError {
  return {
    path: `/${component.id}`,
    field: name,
    code,
    params: { max: Math.floor(component.maxBytes / 1048576) || 1, types: component.accept.map((type) => type.split('/')[1]!.toUpperCase()).join(', ') },
  };
}

/** Checks an uploaded file by its content (type and size) against the field, and stores it: the answer, or the problem. */
export async function storeUpload(db: Queryable, component: FileComponent, upload: Upload, name = component.id): Promise<FileAnswer | AnswerError> {
  const checked = checkFile(upload.bytes, { maxBytes: component.maxBytes, allowed: component.accept as MediaType[] });
  if (!checked.ok) return fileError(component, checked.reason === 'too_large' ? 'fileTooLarge' : checked.reason === 'empty' ? 'required' : 'fileType', name);
  const stored = await storeFile(db, upload.bytes, checked.mediaType);
  return { sha256: stored.sha256, name: upload.name.slice(0, 200) || 'archivo', size: stored.size, mediaType: stored.mediaType };
}

const isAnswerError = (value: FileAnswer | AnswerError): value is AnswerError => 'code' in value;

/**
 * Stores the uploads of a form page's file fields: answers for the good ones, problems for the
 * others, and for the fields whose file was refused while the body was read (`rejected`).
 */
export async function storeUploads(
  deps: Pick<Deps, 'db'>,
  components: FormComponent[],
  uploads: Record<string, Upload>,
  rejected: Record<string, FileProblem> = {},
): Promise<{ files: Record<string, FileAnswer>; errors: AnswerError[] }> {
  const files: Record<string, FileAnswer> = {};
  const errors: AnswerError[] = [];
  for (const component of components) {
    if (component.type !== 'file') continue;
    const problem = rejected[component.id];
    if (problem) {
      errors.push(fileError(component, problem));
      continue;
    }
    const upload = uploads[component.id];
    if (!upload || upload.bytes.length === 0) continue;
    const result = await storeUpload(deps.db, component, upload);
    if (isAnswerError(result)) errors.push(result);
    else files[component.id] = result;
  }
  return { files, errors };
}

/** API answers may carry files as `{ name, contentBase64 }`: checked by content, stored, replaced by a reference. */
export async function storeInlineFiles(db: Queryable, form: FormDefinition, answers: Answers): Promise<{ answers: Answers; errors: AnswerError[] }> {
  const out: Answers = { ...answers };
  const errors: AnswerError[] = [];
  for (const component of form.pages.flatMap((page) => page.components)) {
    const value = answers[component.id] as unknown;
    if (component.type !== 'file' || typeof value !== 'object' || value === null || !('contentBase64' in value)) continue;
    const { name, contentBase64 } = value as { name?: unknown; contentBase64?: unknown };
    const bytes = typeof contentBase64 === 'string' ? decodeBase64(contentBase64) : undefined;
    const result = bytes
      ? await storeUpload(db, component, { name: typeof name === 'string' ? name : '', bytes })
      : ({ path: `/${component.id}`, field: component.id, code: 'invalidValue' } satisfies AnswerError);
    if (isAnswerError(result)) errors.push(result);
    else out[component.id] = result;
  }
  return { answers: out, errors };
}
