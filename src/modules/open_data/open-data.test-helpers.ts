// A test app with the open-data demo catalog: only the modules it is built from are seeded
// (territories, agencies, open_data), which takes a few seconds instead of the whole demo.
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';

export async function openDataTestApp(): Promise<TestApp> {
  const t = await buildTestApp();
  for (const module of t.app.tambo.modules) {
    if (['territories', 'agencies', 'open_data'].includes(module.name)) await module.seed?.(t.app.tambo.deps);
  }
  return t;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read CKAN's answers field by field
export type Json = Record<string, any>;

export async function getJson(t: TestApp, url: string): Promise<{ status: number; body: Json }> {
  const response = await t.app.inject({ url });
  return { status: response.statusCode, body: JSON.parse(response.body) };
}
