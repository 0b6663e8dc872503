// The audit sealing benchmark of `npm run bench` (bench/README.md): entries written unsealed by
// concurrent writers, then sealed by sealAuditLog alone (the app closed), then the chain verified.
import { recordAudit, sealAuditLog, verifyAuditLog } from '../src/platform/audit/audit.ts';
import type { Database } from '../src/platform/db/index.ts';
import { fmt, ratio, section, table } from './report.ts';
import { runWriters } from './writers.ts';

export interface Sealing {
  entries: number;
  insertSeconds: number;
  insertPerSecond: number;
  sealed: number;
  sealPasses: number;
  sealSeconds: number;
  sealedPerSecond: number;
  verified: number;
  verifySeconds: number;
  verifiedPerSecond: number;
  chainOk: boolean;
}

/** Runs with the app closed, so that only this loop seals. */
export async function sealing(db: Database, settings: { writers: number; sealEntries: number }): Promise<Sealing> {
  // Whatever earlier runs left unsealed is sealed first, outside the timing.
  while ((await sealAuditLog(db)) > 0);
  const n = settings.sealEntries;
  const inserted = await runWriters({
    writers: settings.writers,
    seconds: 120,
    maxOperations: n,
    write: (_writer, i) =>
      db.transaction().execute((trx) =>
        recordAudit(trx, {
          actor: { type: 'system', id: 'bench' },
          action: 'bench.entry_added',
          subject: { type: 'bench_entry', id: String(i) },
          data: { i },
        }),
      ),
  });
  const begin = performance.now();
  let sealed = 0;
  let passes = 0;
  for (let moved = -1; moved !== 0 && passes < n / 100 + 10; passes += 1) {
    moved = await sealAuditLog(db);
    sealed += moved;
  }
  const sealSeconds = (performance.now() - begin) / 1000;
  const v0 = performance.now();
  const verification = await verifyAuditLog(db);
  const verifySeconds = (performance.now() - v0) / 1000;
  return {
    entries: inserted.ops,
    insertSeconds: inserted.seconds,
    insertPerSecond: inserted.ops / inserted.seconds,
    sealed,
    sealPasses: passes,
    sealSeconds,
    sealedPerSecond: sealed / sealSeconds,
    verified: verification.checked,
    verifySeconds,
    verifiedPerSecond: verification.checked / verifySeconds,
    chainOk: verification.ok,
  };
}

/** The sealing figures as printed lines. */
export function sealingReport(s: Sealing, writers: number): string {
  const lines: string[] = [];
  const say = (line: string) => lines.push(line);
  say(section('audit sealing', `${fmt(s.entries)} unsealed entries written by ${writers} writers, then sealAuditLog until none is left (app closed, so no other sealer)`));
  say(
    table(
      ['step', 'entries', 'seconds', 'entries/s'],
      [
        ['write entries (1 per transaction)', fmt(s.entries), fmt(s.insertSeconds, 2), fmt(s.insertPerSecond)],
        [`seal (${s.sealPasses} passes)`, fmt(s.sealed), fmt(s.sealSeconds, 2), fmt(s.sealedPerSecond)],
        ['verify the whole chain', fmt(s.verified), fmt(s.verifySeconds, 2), fmt(s.verifiedPerSecond)],
      ],
    ),
  );
  say(`   sealing is ${fmt(ratio(s.sealedPerSecond, s.insertPerSecond), 1)}× as fast as ${writers} writers write; the chain verifies: ${s.chainOk ? 'yes' : 'NO'}`);
  return lines.join('\n');
}
