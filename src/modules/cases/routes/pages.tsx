// The HTML pages of cases, in one scope that also takes multipart bodies (forms with file fields):
// the person's pages (applying.pages.tsx) and the officials' back office (backoffice.pages.tsx).
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors.ts';
import { MAX_FILE_BYTES, type FormFields } from '../../../platform/forms/index.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import type { Upload } from '../services/uploads.service.ts';
import { UPLOADS } from './page-helpers.ts';
import { registerApplyingPages } from './applying.pages.tsx';
import { registerBackOfficePages } from './backoffice.pages.tsx';

/** A multipart body as fields (texts) and uploads (files). */
export async function parseMultipart(contentType: string, body: Buffer): Promise<{ fields: FormFields; uploads: Record<string, Upload> }> {
  let data: FormData;
  try {
    data = await new Request('http://local/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).formData();
  } catch {
    throw new AppError('BAD_REQUEST');
  }
  const fields: Record<string, string | string[]> = {};
  const uploads: Record<string, Upload> = {};
  for (const [name, value] of data) {
    if (typeof value !== 'string') {
      uploads[name] = { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
      continue;
    }
    const before = fields[name];
    fields[name] = before === undefined ? value : [...[before].flat(), value];
  }
  return { fields: { ...fields, _csrf: [fields._csrf].flat()[0] }, uploads };
}

export function registerCasePages(root: TamboApp, deps: Deps): void {
  // In their own scope: these pages also take multipart bodies (forms with file fields).
  void root.register(async (scope) => registerScopedPages(scope as unknown as TamboApp, deps));
}

function registerScopedPages(app: TamboApp, deps: Deps): void {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES * 2 }, async (request: FastifyRequest, body: Buffer) => {
    const { fields, uploads } = await parseMultipart(String(request.headers['content-type']), body);
    return { ...fields, [UPLOADS]: uploads };
  });
  registerApplyingPages(app, deps);
  registerBackOfficePages(app, deps);
}
