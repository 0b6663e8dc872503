// `npm run audit:verify`: seals what is pending, recomputes the whole audit chain and
// compares its end with the published head. Exit code 0 when intact, 2 when broken.
//
//   --head POSITION:HASH   a head kept earlier (repeatable)
//   --head FILE            a file with the JSON of GET /api/v1/audit/head, or a signed
//                          checkpoint: one item of GET /api/v1/audit/checkpoints (JSON with
//                          `jws`) or the compact JWS alone
//   --keys FILE            the JSON of GET /api/v1/keys kept earlier, to check checkpoints'
//                          signatures against (default: the keys in the database)
//
// A checkpoint is accepted only when its signature verifies with the published key it names
// and it was signed while that key was valid; then the log must still extend the head it
// vouches for (docs/audit-log.md).
import { readFileSync } from 'node:fs';
import { sealAuditLog, verifyAuditLog } from '../src/platform/audit/audit.ts';
import { verifyCheckpoint } from '../src/platform/audit/checkpoints.ts';
import { createDb } from '../src/platform/db/index.ts';
import { listSigningKeys, type PublishedKey } from '../src/platform/keys/keyring.ts';
import { fail, withDatabase } from './cli.ts';

type Kept = { position: number; hash: string; from: string } | { jws: string; from: string };
type Keys = Array<Pick<PublishedKey, 'jwk' | 'kid' | 'notBefore' | 'notAfter'>>;

const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/;

function parseArgs(args: string[]): { kept: Kept[]; keysFile?: string } {
  const kept: Kept[] = [];
  let keysFile: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i];
    const value = args[i + 1];
    i += 1;
    if (flag === '--keys') {
      keysFile = value ?? fail('--keys needs a file with the JSON of GET /api/v1/keys');
      continue;
    }
    if (flag !== '--head') fail(`unknown argument ${flag} (use --head POSITION:HASH, --head FILE or --keys FILE)`);
    if (!value) fail('--head needs POSITION:HASH or a file (a kept head or checkpoint)');
    const match = /^(\d+):([0-9a-f]{64})$/i.exec(value);
    if (match) {
      kept.push({ position: Number(match[1]), hash: match[2]!, from: value });
      continue;
    }
    const text = readFileSync(value, 'utf8').trim();
    if (COMPACT_JWS.test(text)) {
      kept.push({ jws: text, from: value });
      continue;
    }
    const json = JSON.parse(text) as { position?: unknown; hash?: unknown; jws?: unknown };
    if (typeof json.jws === 'string') kept.push({ jws: json.jws, from: value });
    else if (Number.isInteger(json.position) && typeof json.hash === 'string' && /^[0-9a-f]{64}$/i.test(json.hash)) kept.push({ position: Number(json.position), hash: json.hash, from: value });
    else fail(`${value} is neither a kept head (position and a 64-hex hash) nor a checkpoint (jws)`);
  }
  return { kept, keysFile };
}

function keptKeys(file: string): Keys {
  const set = JSON.parse(readFileSync(file, 'utf8')) as { keys?: Array<Record<string, unknown>> };
  if (!Array.isArray(set.keys)) fail(`${file} is not the JSON of GET /api/v1/keys`);
  return set.keys.map((key) => ({
    jwk: key,
    kid: String(key.kid),
    notBefore: new Date(String(key.not_before)),
    notAfter: key.not_after ? new Date(String(key.not_after)) : null,
  }));
}

const { kept, keysFile } = parseArgs(process.argv.slice(2));
const code = await withDatabase(async (config) => {
  const { db, close } = createDb(config.databaseUrl, { max: 2 });
  try {
    const heads: Array<{ position: number; hash: string }> = [];
    if (kept.some((k) => 'jws' in k)) {
      const keys = keysFile ? keptKeys(keysFile) : await listSigningKeys(db);
      for (const k of kept) {
        if (!('jws' in k)) continue;
        const checked = await verifyCheckpoint(k.jws, keys);
        if ('error' in checked) {
          process.stdout.write(`CHECKPOINT REFUSED (${k.from}): ${checked.error}\n`);
          return 2;
        }
        heads.push({ position: checked.payload.position, hash: checked.payload.hash });
        process.stdout.write(`checkpoint ${k.from}: signed ${checked.payload.signed_at} by ${checked.payload.iss}, position ${checked.payload.position}\n`);
      }
    }
    for (const k of kept) if (!('jws' in k)) heads.push({ position: k.position, hash: k.hash });
    await sealAuditLog(db);
    const result = await verifyAuditLog(db, { kept: heads });
    if (result.ok) {
      process.stdout.write(
        `audit log intact: ${result.checked} entries, head position ${result.head.position}, hash ${result.head.hash}${heads.length > 0 ? `; extends the ${heads.length} kept head(s)` : ''}\n`,
      );
      return 0;
    }
    const where = result.broken?.position !== null && result.broken?.position !== undefined ? `position ${result.broken.position}` : 'an unsealed entry';
    process.stdout.write(`AUDIT LOG BROKEN at ${where}${result.broken?.id ? ` (entry ${result.broken.id})` : ''}: ${result.broken?.reason}\n`);
    return 2;
  } finally {
    await close();
  }
}).catch(fail);
process.exit(code);
