// Public registries (docs/registries.md): a read of a person's record as another agency's
// system makes it (the current version, then the usage log, the person's "Mi actividad" and
// the reads figure in one statement), beside the bare SELECT of the same current version in the
// same run. Uses the demo seed's citizen (4567891 LP in `bo`).
import { sql } from 'kysely';
import type { Deps } from '../src/platform/module.ts';
import { readRegistryRecordAsClient } from '../src/modules/registries/index.ts';
import { ratio } from './report.ts';
import { abba, runWriters } from './writers.ts';

export async function benchRegistries(input: { deps: Deps; seed: () => Promise<void>; seconds: number; maxOperations: number }) {
  const { deps } = input;
  const key = deps.country.code === 've' ? 'V-18765432' : '4567891 LP';
  const present = () => sql`SELECT 1 FROM registries.record WHERE registry = 'personas' AND key = ${key}`.execute(deps.db);
  if ((await present()).rows.length === 0) await input.seed();
  const reader = { kind: 'client' as const, clientId: 'demo-rp', agencyCode: 'SIN', scopes: ['registries:read'], xroadClient: 'BO/GOV/SIN/bench', xroadId: null };
  const bare = () =>
    sql`SELECT v.content FROM registries.record r JOIN registries.record_version v ON v.record_id = r.id AND v.version = r.current_version WHERE r.registry = 'personas' AND r.key = ${key}`.execute(
      deps.db,
    );
  const logged = () => readRegistryRecordAsClient(deps, reader, 'personas', key);
  const run = (write: () => Promise<unknown>) => (seconds: number) => runWriters({ writers: 8, seconds, maxOperations: input.maxOperations, write });
  await run(bare)(0.5);
  await run(logged)(0.5);
  const measured = await abba(input.seconds, run(bare), run(logged));
  return [
    {
      id: 'registries.read',
      title: "registries: another agency reads a person's record",
      detail: `readRecord + logReads (usage log with the X-Road client, the person's "Mi actividad", the reads figure: one statement) against the bare SELECT of the same current version, 8 writers, ${input.seconds} s each; order baseline, Tambo, Tambo, baseline (half the time each)`,
      unit: 'reads',
      baseline: { label: 'bare SELECT', ...measured.baseline },
      tambo: { label: 'logged reads', ...measured.subject },
      ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
    },
  ];
}
