// "Mis datos" covers every module: for each module in src/modules.ts that holds data about a
// person, two people make something through the module's own use cases; the first downloads her
// export (/cuenta/mis-datos/descargar) and finds hers in that module's section and nothing of
// the second's. A module that declares `personalData` without a seeder here, or that declares
// none without being listed in HOLDS_NONE with the reason, fails the first test: a new module
// joins by adding its seeder (test/helpers/personal-data-seeders.ts) or its reason below.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { modules } from '../src/modules.ts';
import { HttpSession } from './helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from './helpers/identity.ts';
import { listenTestApp } from './helpers/listen.ts';
import type { TestApp } from './helpers/app.ts';
import { closeSeeders, type Person, prepareSeeders, SEEDERS } from './helpers/personal-data-seeders.ts';

/** Modules that keep nothing about a person as the subject of the data, and why. */
const HOLDS_NONE: Record<string, string> = {
  territories: 'territorial units, boundaries and layers: places, not people',
  agencies: 'public entities and their offices',
  messaging:
    "the e-mail/SMS outbox: deliveries of what other modules hold (codes, notices), by address and not by account (it comes before identity, so it cannot know a person's addresses), parameters emptied once sent; the notices themselves are in the mailbox's section",
  catalog: 'procedures, their versions and statistics: no person',
  open311: "applications' API keys; the service requests they file are reports (the reports module)",
  cartography: "social-map points: what a territory's social mappers record about places (acts of the organisation, in the audit trail), never data about a person",
  situation_room: "officials' instructions, CLAP deliveries and the communes' ACA actions: acts of the office, recorded in the audit trail, not data about a person",
  open_data: 'published datasets: public and anonymous by rule',
  portal: 'no tables: the front door and help pages',
};

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await prepareSeeders(t);
});
after(async () => {
  await closeSeeders();
  await t?.close();
});

it('every module either has a seeder here or is listed as holding nothing about a person, with the reason', () => {
  for (const module of modules) {
    const declares = Boolean(module.personalData);
    if (declares) assert.ok(SEEDERS[module.name], `${module.name} declares personalData: add its seeder to test/helpers/personal-data-seeders.ts`);
    else assert.ok(HOLDS_NONE[module.name], `${module.name} declares no personalData: declare it (and add a seeder) or list it in HOLDS_NONE with the reason`);
    assert.ok(!(declares && HOLDS_NONE[module.name]), `${module.name} declares personalData but is listed as holding none`);
  }
  const names = new Set(modules.map((m) => m.name));
  for (const name of [...Object.keys(SEEDERS), ...Object.keys(HOLDS_NONE)]) assert.ok(names.has(name), `${name} is not a module any more`);
});

async function person(name: string): Promise<Person> {
  const email = `${name.toLowerCase()}.${randomUUID().slice(0, 8)}@correo.bo`;
  const documentNumber = newDocument();
  const id = await testAccount(t.app.tambo.deps, { documentNumber, givenName: name, familyName: 'Mamani', email });
  return { id, email, documentNumber, name };
}

it("finds, in each module's section of her export, what she made there and nothing of another person's", async () => {
  const ana = await person('Ana');
  const beto = await person('Beto');
  const markers: Record<string, { hers: string[]; his: string[] }> = {};
  for (const [module, seed] of Object.entries(SEEDERS)) {
    markers[module] = { hers: await seed(t, ana, 0), his: await seed(t, beto, 1) };
  }
  const browser = new HttpSession();
  const signedIn = await signInPortal(t, browser, ana.email, TEST_ACCOUNT_PASSWORD);
  assert.equal(new URL(signedIn.url).pathname, '/cuenta');
  const download = await browser.request(`${t.baseUrl}/cuenta/mis-datos/descargar`);
  assert.equal(download.status, 200);
  const exported = (await download.json()) as { accountId: string; modules: Array<{ module: string; sections: unknown[] }> };
  assert.equal(exported.accountId, ana.id);
  const problems: string[] = [];
  for (const [module, { hers, his }] of Object.entries(markers)) {
    const section = exported.modules.find((m) => m.module === module);
    const text = JSON.stringify(section?.sections ?? null);
    for (const marker of hers) if (!text.includes(marker)) problems.push(`${module}: hers missing (${marker})`);
    for (const marker of his) if (text.includes(marker)) problems.push(`${module}: his present (${marker})`);
  }
  assert.deepEqual(problems, []);
});
