// `npm run audit:verify`: seals what is pending, recomputes the whole audit chain and
// compares its end with the published head. Exit code 0 when intact, 2 when broken.
// `--head POSITION:HASH` (repeatable), or `--head FILE` with the JSON of GET /api/v1/audit/head
// kept earlier: also proves the log still extends each kept head (docs/audit-log.md).
import { readFileSync } from 'node:fs';
import { sealAuditLog, verifyAuditLog } from '../src/platform/audit/audit.ts';
import { createDb } from '../src/platform/db/index.ts';
import { fail, withDatabase } from './cli.ts';

function keptHeads(args: string[]): Array<{ position: number; hash: string }> {
  const heads: Array<{ position: number; hash: string }> = [];
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] !== '--head') fail(`unknown argument ${args[i]} (use --head POSITION:HASH or --head FILE)`);
    const value = args[i + 1] ?? fail('--head needs POSITION:HASH or a file with the JSON of GET /api/v1/audit/head');
    i += 1;
    const match = /^(\d+):([0-9a-f]{64})$/i.exec(value);
    const head = match ? { position: Number(match[1]), hash: match[2]! } : (JSON.parse(readFileSync(value, 'utf8')) as { position: number; hash: string });
    if (!Number.isInteger(head.position) || !/^[0-9a-f]{64}$/i.test(head.hash)) fail(`${value} is not a kept head (position and a 64-hex hash)`);
    heads.push({ position: head.position, hash: head.hash });
  }
  return heads;
}

const kept = keptHeads(process.argv.slice(2));
const code = await withDatabase(async (config) => {
  const { db, close } = createDb(config.databaseUrl, { max: 2 });
  try {
    await sealAuditLog(db);
    const result = await verifyAuditLog(db, { kept });
    if (result.ok) {
      process.stdout.write(
        `audit log intact: ${result.checked} entries, head position ${result.head.position}, hash ${result.head.hash}${kept.length > 0 ? `; extends the ${kept.length} kept head(s)` : ''}\n`,
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
