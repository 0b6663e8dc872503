// The demo data of communal justice of peace (ve and bo): the demo official is the justice of
// peace of a demo territory; the demo citizen has a case in mediation and a closed one with its
// act sealed (after the jobs run); a second seed writes nothing.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp } from '../../../test/helpers/app.ts';
import { agenciesModule } from '../agencies/index.ts';
import { identityModule } from '../identity/index.ts';
import { territoriesModule } from '../territories/index.ts';
import { peaceJusticeModule } from './index.ts';

for (const country of ['ve', 'bo'] as const) {
  it(`seeds a justice of peace and two cases once (${country})`, async () => {
    const t = await buildTestApp({ env: { COUNTRY: country } });
    try {
      const deps = t.app.tambo.deps;
      for (const module of [territoriesModule, agenciesModule, identityModule]) await module.seed!(deps);
      await peaceJusticeModule.seed!(deps);
      await t.drain();
      const state = async () =>
        (
          await sql<{ cases: string; roles: number; documents: number; audit: number; messages: number; outbox: number }>`
            SELECT (SELECT string_agg(status || ':' || coalesce(outcome, '-'), ',' ORDER BY status) FROM peace_justice.mediation) AS cases,
                   (SELECT count(*)::int FROM identity.role_assignment WHERE role = 'justice_of_peace') AS roles,
                   (SELECT count(*)::int FROM documents.document WHERE source_key LIKE 'peace_justice:%') AS documents,
                   (SELECT count(*)::int FROM audit.entry) AS audit,
                   (SELECT count(*)::int FROM mailbox.message) AS messages,
                   (SELECT count(*)::int FROM platform.outbox) AS outbox`.execute(deps.db)
        ).rows[0]!;
      const first = await state();
      assert.equal(first.cases, 'closed:fulfilled,in_mediation:-');
      assert.equal(first.roles, 1, 'the demo official is the justice of peace');
      assert.equal(first.documents, 1, 'the sealed act: one copy, for the only party with an account');
      await peaceJusticeModule.seed!(deps);
      await t.drain();
      assert.deepEqual(await state(), first, 'a second seed writes nothing');
    } finally {
      await t.close();
    }
  });
}
