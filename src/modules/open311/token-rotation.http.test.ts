// Rotating the `open311-tokens` key on a running deployment: a process started after
// `keys:rotate` (same database, same KEYRING_FILE) still answers tokens/{token} for a token a
// POST returned before the rotation, and the tokens it returns now are made with the new version.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { buildApp } from '../../app.ts';
import { freePort } from '../../platform/db/embedded.ts';
import type { TamboApp } from '../../platform/http/app-types.ts';
import { addKeyVersion, hmac, purposeKeys, type KeyVersion } from '../../platform/keys/secrets.ts';
import { testConfig, type TestApp } from '../../../test/helpers/app.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';

const V2 = '/open311/v2';
const DEMO_KEY = 'demo-open311-key';
const folder = mkdtempSync(path.join(tmpdir(), 'tambo-open311-rotation-'));
const keyringFile = path.join(folder, 'keyring.json');
let first: TestApp & { baseUrl: string };
let restarted: TamboApp | undefined;
before(async () => {
  first = await listenTestApp({ config: { keyringFile } });
  await first.app.tambo.seed();
});
after(async () => {
  await restarted?.close();
  await first.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Another process of the deployment (same database and keyring file), started now. */
async function restartProcess(): Promise<string> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  restarted = await buildApp(testConfig({ databaseUrl: first.database.url, keyringFile }, { PUBLIC_URL: baseUrl }), { background: false, poolSize: 2 });
  await restarted.listen({ port, host: '127.0.0.1' });
  return baseUrl;
}

async function createRequest(baseUrl: string, description: string): Promise<{ service_request_id: string; token: string }> {
  const body = new URLSearchParams({ api_key: DEMO_KEY, service_code: 'residuos', address_string: 'Calle Jaén', description });
  const response = await fetch(`${baseUrl}${V2}/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as Array<{ service_request_id: string; token: string }>)[0]!;
}

async function lookUp(baseUrl: string, token: string, format: 'json' | 'xml' = 'json'): Promise<Response> {
  return fetch(`${baseUrl}${V2}/tokens/${encodeURIComponent(token)}.${format}`);
}

/** The token tokens/{token} accepts for `id` under one version of the key (georeport.service.ts). */
const tokenUnder = (key: KeyVersion, id: string) => `${id}-${hmac(key, `open311-token:${id}`, 'base64url').slice(0, 16)}`;

it('a token issued before a rotation of open311-tokens still answers; new tokens use the new version', async () => {
  // Before the rotation: version 1 (SESSION_SECRET).
  const before = await createRequest(first.baseUrl, 'Basura acumulada antes de rotar');
  const v1 = purposeKeys(first.app.tambo.deps.config, 'open311-tokens').current;
  assert.equal(v1.version, 1);
  assert.equal(before.token, tokenUnder(v1, before.service_request_id));

  assert.equal(addKeyVersion(keyringFile, 'open311-tokens'), 2);
  const second = await restartProcess();
  const keys = purposeKeys(restarted!.tambo.deps.config, 'open311-tokens');
  assert.equal(keys.current.version, 2);

  // The old token still finds its request, in both formats.
  const json = await lookUp(second, before.token);
  assert.equal(json.status, 200, 'a token issued before the rotation is accepted');
  assert.deepEqual(await json.json(), [{ service_request_id: before.service_request_id, token: before.token }]);
  const xml = await lookUp(second, before.token, 'xml');
  assert.equal(xml.status, 200);
  assert.match(await xml.text(), new RegExp(`<service_request_id>${before.service_request_id}</service_request_id>`));

  // A request made now gets a token under version 2 (not the version-1 one), and it answers.
  const after = await createRequest(second, 'Basura acumulada después de rotar');
  assert.equal(after.token, tokenUnder(keys.current, after.service_request_id), 'the new token is made with the new version');
  assert.notEqual(after.token, tokenUnder(v1, after.service_request_id));
  assert.equal((await lookUp(second, after.token)).status, 200);

  // A token forged under no version of the key is still refused.
  const forged = `${before.service_request_id}-${'A'.repeat(16)}`;
  assert.equal((await lookUp(second, forged)).status, 404);
});
