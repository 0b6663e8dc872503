// The demo data of transparency (bo and ve): the demo citizen's requests — answered in time,
// pending, refused naming its ground — and a breach (the citizen in the mailbox, one person by
// post); the platform operator's "Corrección de datos personales"; a second seed writes nothing.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp } from '../../../test/helpers/app.ts';
import { agenciesModule } from '../agencies/index.ts';
import { identityModule } from '../identity/index.ts';
import { territoriesModule } from '../territories/index.ts';
import { transparencyModule } from './index.ts';

for (const country of ['bo', 've'] as const) {
  it(`seeds the demo requests and breach once (${country})`, async () => {
    const t = await buildTestApp({ env: { COUNTRY: country } });
    try {
      const deps = t.app.tambo.deps;
      for (const module of [territoriesModule, agenciesModule, identityModule]) await module.seed!(deps);
      await transparencyModule.seed!(deps);
      const state = async () =>
        (
          await sql<{ requests: string; answered_in_time: number; breaches: number; notices: string; audit: number; messages: number; corrections: string }>`
            SELECT (SELECT string_agg(status || ':' || coalesce(refusal_ground, '-'), ',' ORDER BY status) FROM transparency.request) AS requests,
                   (SELECT count(*)::int FROM transparency.request WHERE answered_in_time) AS answered_in_time,
                   (SELECT count(*)::int FROM transparency.breach) AS breaches,
                   (SELECT string_agg(channel, ',' ORDER BY channel) FROM transparency.breach_notice) AS notices,
                   (SELECT count(*)::int FROM audit.entry) AS audit,
                   (SELECT count(*)::int FROM mailbox.message) AS messages,
                   (SELECT string_agg(slug || ':' || status, ',') FROM catalog.procedure WHERE slug LIKE 'correccion-datos-personales-%') AS corrections`.execute(deps.db)
        ).rows[0]!;
      const first = await state();
      assert.equal(first.requests, `answered:-,pending:-,refused:${country === 'bo' ? 'classified' : 'personal_data'}`);
      assert.equal(first.answered_in_time, 2, 'the answer and the refusal came in legal time');
      assert.equal(first.breaches, 1);
      assert.equal(first.notices, 'mailbox,post');
      assert.equal(first.corrections, `correccion-datos-personales-${country === 'bo' ? 'agetic' : 'cnti'}:published`, "the platform operator's correction procedure");
      await transparencyModule.seed!(deps);
      assert.deepEqual(await state(), first, 'a second seed writes nothing');
      const register = await t.app.inject({ url: '/transparencia' });
      assert.match(register.body, country === 'bo' ? /MINEDU|Ministerio de Educación/ : /MPPE|Ministerio del Poder Popular para la Educación/);
    } finally {
      await t.close();
    }
  });
}
