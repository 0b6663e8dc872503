// A test app listening on a real port, with PUBLIC_URL set to it (OIDC needs the issuer
// to be the address clients really use).
import { freePort } from '../../src/platform/db/embedded.ts';
import { buildTestApp, type TestApp, type TestAppOptions } from './app.ts';

export async function listenTestApp(options: TestAppOptions = {}): Promise<TestApp & { baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await buildTestApp({ ...options, env: { PUBLIC_URL: baseUrl, ...options.env } });
  await t.app.listen({ port, host: '127.0.0.1' });
  return { ...t, baseUrl };
}
