// What the projects API tests share (test code, never imported by the application): an agency's
// system as an OAuth client with `projects:write` and `projects:transfer`, its token, and a JSON
// call over real HTTP.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';

export type ApiClient = { id: string; secret: string };

export function projectsApi(app: () => TestApp & { baseUrl: string }) {
  const tokens = new Map<string, string>();

  async function addClient(agencyCode: string): Promise<ApiClient> {
    const client = { id: `proyectos-${randomUUID().slice(0, 8)}`, secret: `secret-${randomUUID()}` };
    await sql`
      INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris, scopes,
        minimum_level, subject_type, require_par, is_first_party, purpose, is_active, rights)
      VALUES (${client.id}, ${client.secret}, ${`Sistema ${client.id}`}, ${agencyCode}, '{}'::text[], '{}', '{}'::text[], 'bajo', 'public', false, false, 'Prueba', true,
        ${['projects:write', 'projects:transfer']}::text[])`.execute(app().app.tambo.deps.db);
    return client;
  }

  async function token(client: ApiClient): Promise<string> {
    const cached = tokens.get(client.id);
    if (cached) return cached;
    const response = await fetch(`${app().baseUrl}/auth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'projects:write projects:transfer' }).toString(),
    });
    assert.equal(response.status, 200, await response.clone().text());
    const value = ((await response.json()) as { access_token: string }).access_token;
    tokens.set(client.id, value);
    return value;
  }

  async function api(method: string, path: string, body?: unknown, client?: ApiClient, headers: Record<string, string> = {}) {
    const response = await fetch(`${app().baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(client ? { authorization: `Bearer ${await token(client)}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown> & { [k: string]: any }) : {} };
  }
  return { addClient, token, api };
}
