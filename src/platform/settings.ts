// Small platform-wide facts kept in platform.setting.
import { sql } from 'kysely';
import type { Queryable } from './db/index.ts';

export async function isDemoSeeded(db: Queryable): Promise<boolean> {
  const result = await sql<{ found: boolean }>`SELECT EXISTS (SELECT 1 FROM platform.setting WHERE key = 'demo_seeded_at') AS found`.execute(db);
  return result.rows[0]?.found === true;
}

export async function markDemoSeeded(db: Queryable): Promise<void> {
  await sql`INSERT INTO platform.setting (key, value) VALUES ('demo_seeded_at', to_jsonb(now()))
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`.execute(db);
}
