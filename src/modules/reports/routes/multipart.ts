// multipart/form-data for the forms that upload files (JavaScript off), parsed with the
// platform's own fetch implementation (undici's FormData): no extra dependency. Fields come
// out as strings (repeated names as arrays); files under `_files`.
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';

export interface UploadedFile {
  filename: string;
  bytes: Uint8Array;
}
export type MultipartBody = Record<string, string | string[]> & { _files?: Record<string, UploadedFile[]> };

export const MULTIPART_LIMIT = 20 * 1024 * 1024;

export function acceptMultipart(app: TamboApp): void {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: MULTIPART_LIMIT }, async (request: { headers: Record<string, string | string[] | undefined> }, body: Buffer) => {
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
    } catch (cause) {
      throw new AppError('BAD_REQUEST', { cause });
    }
    const out: Record<string, string | string[]> = {};
    const files: Record<string, UploadedFile[]> = {};
    for (const [name, value] of form) {
      if (typeof value === 'string') {
        const existing = out[name];
        out[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
      } else if (value.size > 0) {
        files[name] = files[name] ?? [];
        files[name].push({ filename: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
      }
    }
    return Object.assign(out, { _files: files }) as MultipartBody;
  });
}
