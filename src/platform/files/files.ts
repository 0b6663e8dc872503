// Content-addressed file storage in PostgreSQL, and the checks every upload goes through:
// the type is read from the first bytes (never from the name or the declared type), the
// size is bounded, and the name offered for download is made safe.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Queryable } from '../db/index.ts';

export type MediaType = 'application/pdf' | 'image/png' | 'image/jpeg';
/** Data files (open data's resources): CSV, JSON (GeoJSON included: a route reads the content to tell them apart), XLSX. */
export type DataMediaType = 'text/csv' | 'application/json' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/**
 * A PKCS#12 key and certificate file (.p12/.pfx), accepted by the signing certificates' import
 * only and never stored: it holds a private key (the signing service seals it on its own).
 */
export type KeyMediaType = 'application/x-pkcs12';
/** What an upload may be checked as, and stored as (a KeyMediaType only checked). */
export type UploadMediaType = MediaType | DataMediaType | KeyMediaType;

export interface StoredFile<T extends UploadMediaType = MediaType> {
  sha256: string;
  mediaType: T;
  size: number;
}

const SIGNATURES: Array<{ mediaType: MediaType; bytes: number[] }> = [
  { mediaType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

export const EXTENSIONS: Record<MediaType, string> = {
  'application/pdf': '.pdf',
  'image/png': '.png',
  'image/jpeg': '.jpg',
};
export const DATA_EXTENSIONS: Record<DataMediaType, string> = {
  'text/csv': '.csv',
  'application/json': '.json',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const latin1 = new TextDecoder('latin1');

const HASH = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The media type the content starts like, or undefined when it is none of the accepted ones. */
export function detectMediaType(bytes: Uint8Array): UploadMediaType | undefined {
  const signed = SIGNATURES.find((signature) => signature.bytes.every((byte, index) => bytes[index] === byte))?.mediaType;
  if (signed) return signed;
  // PKCS#12: a DER SEQUENCE (PFX) whose first element is INTEGER 3 (its version).
  if (bytes[0] === 0x30 && bytes[1] !== undefined) {
    const lengthBytes = bytes[1] > 0x80 ? bytes[1] - 0x80 : 0;
    const at = 2 + lengthBytes;
    if (lengthBytes <= 4 && bytes[at] === 0x02 && bytes[at + 1] === 0x01 && bytes[at + 2] === 0x03) return 'application/x-pkcs12';
  }
  // XLSX: a ZIP archive (PK\3\4) whose entries name the spreadsheet parts.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    const head = latin1.decode(bytes.subarray(0, 64 * 1024));
    return head.includes('[Content_Types].xml') && head.includes('xl/') ? XLSX : undefined;
  }
  // JSON: an optional UTF-8 byte order mark and white space, then an object or an array.
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const start = i;
  while (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d) i++;
  if (bytes[i] === 0x7b || bytes[i] === 0x5b) return 'application/json';
  // CSV: text (no control characters but tab and line ends) whose first line has a delimiter.
  const head = bytes.subarray(start, start + 4096);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters mark a binary file
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(latin1.decode(head))) return undefined;
  const firstLine = latin1.decode(head).split(/\r?\n/)[0] ?? '';
  return /[,;\t|]/.test(firstLine) ? 'text/csv' : undefined;
}

/** Strict base64 (standard alphabet, padded): the decoded bytes, or undefined. */
export function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/[\r\n]/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

/**
 * A file name safe to show and to offer for download: no folders, no control characters,
 * at most 150 characters, ending with the extension of its real type.
 */
export function safeFilename(given: string, mediaType: MediaType): string {
  const base = (given.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are removed from file names
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 150);
  const extension = EXTENSIONS[mediaType];
  const aliases = mediaType === 'image/jpeg' ? ['.jpg', '.jpeg'] : [extension];
  const named = base || 'documento';
  return aliases.some((alias) => named.toLowerCase().endsWith(alias)) ? named : `${named}${extension}`;
}

export type FileCheck<T extends UploadMediaType = MediaType> = { ok: true; mediaType: T } | { ok: false; reason: 'empty' | 'too_large' | 'type_not_allowed' };

/** Checks bytes against a size limit and a list of allowed types, by content. */
export function checkFile<T extends UploadMediaType>(bytes: Uint8Array, options: { maxBytes: number; allowed: readonly T[] }): FileCheck<T> {
  if (bytes.byteLength === 0) return { ok: false, reason: 'empty' };
  if (bytes.byteLength > options.maxBytes) return { ok: false, reason: 'too_large' };
  const mediaType = detectMediaType(bytes);
  if (!mediaType || !(options.allowed as readonly UploadMediaType[]).includes(mediaType)) return { ok: false, reason: 'type_not_allowed' };
  return { ok: true, mediaType: mediaType as T };
}

/**
 * Stores the bytes (idempotent: the same bytes are kept once) in the caller's transaction
 * and returns their hash. The type must already be checked (checkFile).
 */
export async function storeFile<T extends UploadMediaType = MediaType>(db: Queryable, bytes: Uint8Array, mediaType: T): Promise<StoredFile<T>> {
  const sha256 = sha256Hex(bytes);
  await sql`
    INSERT INTO platform.file (sha256, media_type, size, content)
    VALUES (${sha256}, ${mediaType}, ${bytes.byteLength}, ${Buffer.from(bytes)})
    ON CONFLICT (sha256) DO NOTHING`.execute(db);
  return { sha256, mediaType, size: bytes.byteLength };
}

/** The stored file under a hash, with its bytes, or undefined. Authorization is the caller's. */
export async function readFile<T extends UploadMediaType = MediaType>(db: Queryable, sha256: string): Promise<(StoredFile<T> & { content: Buffer }) | undefined> {
  if (!HASH.test(sha256)) return undefined;
  const result = await sql<{ media_type: T; size: number; content: Buffer }>`
    SELECT media_type, size, content FROM platform.file WHERE sha256 = ${sha256}`.execute(db);
  const row = result.rows[0];
  return row ? { sha256, mediaType: row.media_type, size: row.size, content: row.content } : undefined;
}
