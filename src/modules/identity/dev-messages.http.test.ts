// The demo's messages page (/desarrollo/mensajes): in demo mode a platform administrator reads
// the code a registration just sent, and it finishes that registration; anyone else is refused;
// with DEMO=false the address does not exist.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { registrationFields, signInPortal, startRegistration } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';

describe('the demo messages page', () => {
  let t: TestApp & { baseUrl: string };
  before(async () => {
    // DEMO=true loads the demo data (its administrator and citizen) at start.
    t = await listenTestApp({ env: { DEMO: 'true' } });
    // The demo's own notices (alerts of the demo citizen's mail) are sent first, so that the
    // registration's code below is the newest message.
    await t.drain();
  });
  after(async () => t.close());

  it('shows a platform administrator the code a registration just sent, newest first, and that code finishes the registration', async () => {
    const email = 'mensajes-demo@correo.bo';
    const person = new HttpSession();
    const { codeUrl, codeHtml } = await startRegistration(t, person, registrationFields(email));
    await t.drain();

    const admin = new HttpSession();
    const signedIn = await signInPortal(t, admin, 'admin@demo.tambo', 'Demo-2026-admin');
    assert.equal(new URL(signedIn.url).pathname, '/cuenta');
    const response = await admin.request(`${t.baseUrl}/desarrollo/mensajes`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const html = await response.text();
    assert.match(html, /<title>Mensajes de demostración · /);
    // The newest message is the registration's: its address, channel, local time and text.
    const first = /<li><h2>(?:<span class="visually-hidden">Para: <\/span>)?([^<]+)<\/h2>([\s\S]*?)<\/li>/.exec(html);
    assert.ok(first, 'a message is listed');
    assert.equal(first[1], email);
    assert.match(first[2]!, /Correo electrónico/);
    assert.match(first[2]!, /Su código de verificación es \d{6}/);
    // On La Paz's clock (UTC-4), as people write it.
    const time = /<time datetime="([^"]+)">(\d{1,2}) de ([a-z]+) de (\d{4}), (\d{2}):(\d{2})<\/time>/.exec(first[2]!);
    assert.ok(time, `a local time in Spanish: ${first[2]}`);
    const sentAt = new Date(time[1]!);
    assert.equal(Number(time[5]), (sentAt.getUTCHours() + 20) % 24);
    assert.equal(Number(time[6]), sentAt.getUTCMinutes());
    const code = /Su código de verificación es (\d{6})/.exec(first[2]!)![1]!;

    const done = await person.submit(codeUrl, codeHtml, { code });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), '/registro/listo');
  });

  it('refuses a citizen (403) and sends a visitor to sign in', async () => {
    const citizen = new HttpSession();
    await signInPortal(t, citizen, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    const refused = await citizen.request(`${t.baseUrl}/desarrollo/mensajes`);
    assert.equal(refused.status, 403);
    assert.doesNotMatch(await refused.text(), /Su código de verificación/);
    const visitor = await new HttpSession().request(`${t.baseUrl}/desarrollo/mensajes`);
    assert.equal(visitor.status, 303);
    assert.match(visitor.headers.get('location') ?? '', /^\/ingresar/);
  });
});

describe('without demo mode', () => {
  let t: TestApp & { baseUrl: string };
  before(async () => {
    t = await listenTestApp({ demo: true });
  });
  after(async () => t.close());

  it('has no messages page, even for an administrator (404)', async () => {
    assert.equal(t.config.demo, false);
    const admin = new HttpSession();
    await signInPortal(t, admin, 'admin@demo.tambo', 'Demo-2026-admin');
    assert.equal((await admin.request(`${t.baseUrl}/desarrollo/mensajes`)).status, 404);
  });
});
