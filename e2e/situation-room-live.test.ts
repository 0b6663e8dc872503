// The room is live across processes, in Chromium with JavaScript on: a person opens the public
// room of El Alto served by one process of the platform; a report is filed through the API of
// another process on the same database; within 5 s the open page shows it (the notification bus
// carries the change to the room's Server-Sent Events, assets/js/situation-room.js fetches the
// room again and swaps it in place), without reloading the page. axe at 360 px after the swap.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { buildApp } from '../src/app.ts';
import { seedReportCategories } from '../src/modules/reports/index.ts';
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { buildTestApp, testConfig, type TestApp } from '../test/helpers/app.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage } from './helpers/browser.ts';

let writer: TestApp;
let room: TamboApp;
let roomUrl: string;

before(async () => {
  writer = await buildTestApp();
  const { deps, modules } = writer.app.tambo;
  for (const name of ['territories', 'agencies']) await modules.find((m) => m.name === name)!.seed!(deps);
  await seedReportCategories(deps);
  await writer.drain();
  // A second process of the same platform, on the same database, serving the room.
  room = await buildApp(testConfig({ databaseUrl: writer.database.url }), { background: false, poolSize: 3 });
  await room.listen({ port: 0, host: '127.0.0.1' });
  roomUrl = `http://127.0.0.1:${(room.server.address() as AddressInfo).port}/sala/BO-L-01-02`;
});
after(async () => {
  await closeSharedBrowser();
  await room.close();
  await writer.close();
});

it('a report filed through one process appears in the open room of its municipality, served by another, within 5 s', { timeout: 120_000 }, async (t) => {
  const browser = await browserOrSkip(t);
  if (!browser) return;
  const opened = await openPage(browser, roomUrl);
  try {
    const { page } = opened;
    // The stream is open before the report is filed: the page is loaded again, watching for it.
    const streamOpened = page.waitForRequest((request) => request.url().endsWith('/sala/BO-L-01-02/events'), { timeout: 5000 });
    await page.reload({ waitUntil: 'load' });
    await streamOpened;
    const figure = page.locator('[data-room-figure="reports.received"]');
    assert.equal((await figure.textContent())?.trim(), '0');
    // The page's own state: a reload would lose it, a swap in place keeps it.
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });
    const filed = await writer.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { categoryCode: 'agua', description: 'Fuga de agua en la avenida', answers: { problema: 'fuga' }, territoryCode: 'BO-L-01-02' },
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const started = Date.now();
    // The writer's background work (its event handlers) runs as it would in any process.
    await writer.drain();
    // One report: a public count under 5 is shown as withheld, never as a number.
    await page.waitForFunction(() => document.querySelector('[data-room-figure="reports.received"]')?.textContent?.trim().startsWith('Reservado'), undefined, { timeout: 5000 });
    assert.ok(Date.now() - started < 5000, `shown after ${Date.now() - started} ms`);
    assert.equal(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed), true, 'swapped in place, not reloaded');
    assert.equal(page.url(), roomUrl);
    await expectAccessibleAt360(page, 'the room after the live update');
    assert.deepEqual(opened.consoleErrors, []);
  } finally {
    await opened.context.close();
  }
});
