// What a backup folder holds and how it is checked: `manifest.json` (the point the backup
// represents, the migrations it was taken at, every table and sequence), one gzip file of
// JSON lines per table, and `SHA256SUMS` (checkable with `sha256sum -c`).
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const BACKUP_FORMAT = 'tambo-backup/1';
export const MANIFEST_FILE = 'manifest.json';
export const CHECKSUMS_FILE = 'SHA256SUMS';

export interface ColumnDefinition {
  name: string;
  /** `format_type` of the column, e.g. `timestamp with time zone`. */
  type: string;
  notNull: boolean;
  /** The default expression, when any. */
  default: string | null;
  /** The expression of a stored generated column (not in the data file). */
  generated: string | null;
  /** `a` (always) or `d` (by default) for an identity column. */
  identity: string | null;
}

export interface TableEntry {
  schema: string;
  name: string;
  /** The columns whose values the data file holds, in order (generated columns are recomputed). */
  columns: string[];
  /** Enough to recreate a table that no migration creates (tables modules make at run time). */
  definition: { columns: ColumnDefinition[]; constraints: Array<{ name: string; definition: string }>; indexes: string[] };
  rows: number;
  file: string;
  sha256: string;
  bytes: number;
}

export interface SequenceEntry {
  schema: string;
  name: string;
  lastValue: string | null;
  isCalled: boolean;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  /** When the snapshot began (the server's clock). */
  takenAt: string;
  serverVersion: string;
  /** The database snapshot (`pg_current_snapshot()`), for the record. */
  snapshot: string;
  /** The audit log at the snapshot: sealed head, and entries committed but not yet sealed. */
  audit: { position: number; hash: string; unsealed: number };
  /** The migrations applied at the snapshot (owner/name and checksum), in the order applied. */
  migrations: Array<{ owner: string; name: string; checksum: string }>;
  /** In dependency order (a table comes after the tables its foreign keys point to). */
  tables: TableEntry[];
  sequences: SequenceEntry[];
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** The file name of a table's data inside the backup folder. */
export function dataFileName(schema: string, name: string): string {
  return `data/${schema}.${name}.jsonl.gz`;
}

export function checksumsText(manifest: BackupManifest, manifestSha256: string): string {
  return `${[...manifest.tables.map((t) => `${t.sha256}  ${t.file}`), `${manifestSha256}  ${MANIFEST_FILE}`].join('\n')}\n`;
}

/**
 * Reads the manifest and checks every file against `SHA256SUMS` and the manifest's own
 * checksums; throws a BackupError naming the first file that differs or is missing.
 */
export async function readVerifiedManifest(dir: string): Promise<BackupManifest> {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  const sumsPath = path.join(dir, CHECKSUMS_FILE);
  if (!existsSync(manifestPath) || !existsSync(sumsPath)) throw new BackupError(`${dir} is not a Tambo backup (${MANIFEST_FILE} and ${CHECKSUMS_FILE} expected)`);
  const sums = new Map<string, string>();
  for (const line of readFileSync(sumsPath, 'utf8').split('\n')) {
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (match) sums.set(match[2]!, match[1]!);
  }
  if ((await sha256File(manifestPath)) !== sums.get(MANIFEST_FILE)) throw new BackupError(`${MANIFEST_FILE} does not match its checksum in ${CHECKSUMS_FILE}`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) throw new BackupError(`unknown backup format ${String(manifest.format)} (expected ${BACKUP_FORMAT})`);
  for (const table of manifest.tables) {
    const file = path.join(dir, table.file);
    if (!existsSync(file)) throw new BackupError(`${table.file} is missing`);
    const actual = await sha256File(file);
    if (actual !== table.sha256 || sums.get(table.file) !== table.sha256) throw new BackupError(`${table.file} does not match its checksum (the backup is damaged)`);
  }
  return manifest;
}
