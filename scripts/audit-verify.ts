// `npm run audit:verify`: seals what is pending, recomputes the whole audit chain and
// compares its end with the published head. Exit code 0 when intact, 2 when broken.
import { sealAuditLog, verifyAuditLog } from '../src/platform/audit/audit.ts';
import { createDb } from '../src/platform/db/index.ts';
import { fail, withDatabase } from './cli.ts';

const code = await withDatabase(async (config) => {
  const { db, close } = createDb(config.databaseUrl, { max: 2 });
  try {
    await sealAuditLog(db);
    const result = await verifyAuditLog(db);
    if (result.ok) {
      process.stdout.write(`audit log intact: ${result.checked} entries, head position ${result.head.position}, hash ${result.head.hash}\n`);
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
