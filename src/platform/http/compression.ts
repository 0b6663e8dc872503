// Every text response compressed for a weak connection: Brotli when the browser accepts it,
// gzip otherwise (Accept-Encoding, with q-values), `Vary: Accept-Encoding` always on
// compressible types so caches keep each form apart. Bodies under COMPRESS_MIN_BYTES go as
// they are (compression would not pay for its header). Pages and JSON are compressed per
// response at a fast level; the static assets (versioned and immutable) are compressed once
// per process at the highest level and kept in memory.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TamboApp } from './app-types.ts';

export const COMPRESS_MIN_BYTES = 1024;
export type Encoding = 'br' | 'gzip';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const COMPRESSIBLE = /^(text\/|application\/(json|problem\+json|javascript|xml|ld\+json|geo\+json|n-triples|n-quads|trig|turtle|x-ndjson|csv)|image\/svg\+xml)/;
const ASSET_EXTENSIONS = new Set(['.css', '.js', '.svg', '.json', '.txt', '.html']);

/** The best encoding the request accepts (Brotli before gzip; `q=0` refuses), or undefined. */
export function chooseEncoding(header: string | string[] | undefined): Encoding | undefined {
  if (!header) return undefined;
  const accepted = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q) || 0);
  }
  const weight = (name: Encoding) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return undefined;
}

export function compress(body: Buffer, encoding: Encoding, level: 'fast' | 'best'): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: level === 'best' ? constants.BROTLI_MAX_QUALITY : 5,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      })
    : gzipAsync(body, { level: level === 'best' ? constants.Z_BEST_COMPRESSION : 6 });
}

function addVary(reply: FastifyReply): void {
  const current = reply.getHeader('vary');
  const values = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.includes('*') || values.some((v) => v.toLowerCase() === 'accept-encoding')) return;
  reply.header('vary', [...values, 'Accept-Encoding'].join(', '));
}

export interface CompressionOptions {
  /** The static assets' folder and the URL prefix it is served under (`/assets/`). */
  assetsDir: string;
  assetsPrefix: string;
}

/** Registers the compression hook; call it before any route so that it covers them all. */
export function registerCompression(app: TamboApp, options: CompressionOptions): void {
  // `/assets/css/tambo.css` + encoding → the compressed file, made once per process.
  // undefined: a small file, sent as it is.
  const assetCache = new Map<string, Promise<Buffer | undefined>>();
  const compressedAsset = (urlPath: string, encoding: Encoding): Promise<Buffer | undefined> | undefined => {
    const relative = decodeURIComponent(urlPath.slice(options.assetsPrefix.length));
    const file = path.resolve(options.assetsDir, relative);
    if (!file.startsWith(path.resolve(options.assetsDir) + path.sep) || !ASSET_EXTENSIONS.has(path.extname(file))) return undefined;
    const key = `${encoding}:${file}`;
    let cached = assetCache.get(key);
    if (!cached) {
      const original = readFileSync(file);
      cached = original.length < COMPRESS_MIN_BYTES ? Promise.resolve(undefined) : compress(original, encoding, 'best');
      assetCache.set(key, cached);
    }
    return cached;
  };

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (request.method === 'HEAD' || reply.statusCode === 204 || reply.statusCode === 304 || reply.statusCode === 206) return payload;
    if (reply.getHeader('content-encoding')) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!COMPRESSIBLE.test(type)) return payload;
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    const urlPath = request.url.split('?')[0] ?? '';
    const isBody = typeof payload === 'string' || Buffer.isBuffer(payload);
    if (isBody) {
      const body = typeof payload === 'string' ? Buffer.from(payload) : (payload as Buffer);
      if (body.length < COMPRESS_MIN_BYTES) return payload;
      addVary(reply);
      if (!encoding) return payload;
      reply.header('content-encoding', encoding);
      reply.removeHeader('content-length');
      return compress(body, encoding, 'fast');
    }
    // A static file (a stream from @fastify/static): the kept compressed copy instead.
    if (reply.statusCode !== 200 || !urlPath.startsWith(options.assetsPrefix)) return payload;
    addVary(reply);
    if (!encoding) return payload;
    const compressed = compressedAsset(urlPath, encoding);
    if (!compressed) return payload;
    const body = await compressed;
    if (!body) return payload;
    (payload as { destroy?: () => void } | null)?.destroy?.();
    reply.header('content-encoding', encoding);
    reply.header('content-length', body.length);
    const etag = reply.getHeader('etag');
    if (typeof etag === 'string') reply.header('etag', etag.replace(/"$/, `-${encoding}"`));
    return body;
  });
}
