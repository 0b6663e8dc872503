// DEMO=true on an empty database loads the country's demo data once; `npm run seed`
// (app.tambo.seed) runs again without changing anything.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { territoriesFor } from '../src/platform/country/territories.ts';
import { buildTestApp } from './helpers/app.ts';

async function counts(t: Awaited<ReturnType<typeof buildTestApp>>) {
  const { db } = t.app.tambo.deps;
  const row = await sql<{
    territories: number;
    boundaries: number;
    agencies: number;
    offices: number;
    tenants: number;
    accounts: number;
    audit: number;
    registryAudit: number;
    boundaryAudit: number;
    events: number;
  }>`
    SELECT (SELECT count(*)::int FROM territories.territory) AS territories,
           (SELECT count(*)::int FROM territories.territory WHERE boundary IS NOT NULL) AS boundaries,
           (SELECT count(*)::int FROM agencies.agency) AS agencies,
           (SELECT count(*)::int FROM identity.account) AS accounts,
           (SELECT count(*)::int FROM agencies.office) AS offices,
           (SELECT count(*)::int FROM agencies.tenant) AS tenants,
           (SELECT count(*)::int FROM audit.entry) AS audit,
           (SELECT count(*)::int FROM audit.entry WHERE action = 'territories.territory_loaded' OR action LIKE 'agencies.%') AS "registryAudit",
           (SELECT count(*)::int FROM audit.entry WHERE action = 'territories.boundary_imported') AS "boundaryAudit",
           (SELECT count(*)::int FROM platform.outbox WHERE topic LIKE 'agencies.%') AS events`.execute(db);
  return row.rows[0]!;
}

for (const country of ['bo', 've'] as const) {
  describe(`demo data (${country})`, () => {
    it('loads at start on an empty database, audited, and a second seed changes nothing', async () => {
      const t = await buildTestApp({ env: { COUNTRY: country, DEMO: 'true' } });
      try {
        const first = await counts(t);
        assert.equal(first.territories, territoriesFor(country).length);
        assert.ok(first.agencies >= 15, `at least 15 agencies (got ${first.agencies})`);
        assert.ok(first.offices >= 10, `the demo offices (got ${first.offices})`);
        assert.equal(first.tenants, 1, 'the demo onboards one municipal government as a tenant');
        assert.equal(first.registryAudit, first.territories + first.agencies + first.offices + first.tenants, 'every loaded unit, agency, office and tenant is audited');
        assert.ok(first.boundaries >= 10, `the illustrative demo boundaries (got ${first.boundaries})`);
        assert.equal(first.boundaryAudit, first.boundaries, 'every demo boundary is audited');
        assert.equal(first.accounts, 7, 'the seven demo accounts (citizen, official, administrator, publisher, room operator, plan administrator, plan reporter)');
        assert.equal(first.events, first.agencies + first.offices);
        await t.app.tambo.seed();
        assert.deepEqual(await counts(t), first);

        const page = await t.app.inject({ url: '/instituciones' });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, country === 'bo' ? /Servicio General de Identificación Personal/ : /SAIME/);
      } finally {
        await t.close();
      }
    });
  });
}

it('does not load demo data when DEMO=false', async () => {
  const t = await buildTestApp({ env: { DEMO: 'false' } });
  try {
    const result = await counts(t);
    assert.equal(result.territories, 0);
    assert.equal(result.agencies, 0);
  } finally {
    await t.close();
  }
});
