// Agencies are read from a per-process cache that the bus keeps true: a change saved here is
// seen at once, and a change made by another process is seen as soon as it is announced.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pg from 'pg';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { countStatements } from '../../../test/helpers/statements.ts';
import { waitFor } from '../../../test/helpers/wait-for.ts';
import { BUS_CHANNEL } from '../../platform/events/bus.ts';
import { getAgency, saveAgency } from './agency.service.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ demo: true });
});
after(async () => t.close());

it('a second read of an agency goes to no database; a save here is seen at once', async () => {
  const { deps } = t.app.tambo;
  const first = await getAgency(deps, 'SEGIP');
  const { count } = await countStatements(() => getAgency(deps, 'SEGIP'));
  assert.equal(count, 0);
  await saveAgency(deps, { ...first, name: 'Servicio General de Identificación Personal (renombrado)' }, { type: 'system', id: 'test' });
  assert.equal((await getAgency(deps, 'SEGIP')).name, 'Servicio General de Identificación Personal (renombrado)');
});

it('a change written and announced by another process is seen as soon as the bus brings it', async () => {
  const { deps } = t.app.tambo;
  await getAgency(deps, 'EPSAS');
  const other = new pg.Client({ connectionString: t.database.url });
  await other.connect();
  try {
    await other.query('BEGIN');
    await other.query(`UPDATE agencies.agency SET name = 'EPSAS (otro proceso)' WHERE code = 'EPSAS'`);
    await other.query('SELECT pg_notify($1, $2)', [BUS_CHANNEL, JSON.stringify({ topic: 'agencies.changed', payload: {} })]);
    await other.query('COMMIT');
  } finally {
    await other.end();
  }
  await waitFor(async () => (await getAgency(deps, 'EPSAS')).name === 'EPSAS (otro proceso)', { what: 'the other process change to be seen' });
});
