// For the exchange's tests and bench: agencies' systems as OAuth clients (registered through
// the clients API by the demo administrator), their client-credentials tokens, subsystems and
// a published service backed by the demo external producer.
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Deps } from '../../platform/module.ts';
import { ADMIN, adminAccessToken } from '../identity/admin.test-helpers.ts';
import { registerClient } from '../identity/admin/clients.service.ts';
import { findAccount, loadStaff } from '../identity/index.ts';
import { DEMO_PRODUCER_OPENAPI } from './sandbox/server.ts';

export interface SystemClient {
  clientId: string;
  secret: string;
  token: string;
  /** INSTANCE/CLASS/MEMBER/SUBSYSTEM once registered. */
  client: string;
}

export class ExchangeHarness {
  adminToken = '';
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  private deps: Deps | undefined;

  /** Through the clients API with the demo administrator's token; or, given `deps` (the bench, whose public address is not where it listens), through the same service directly. */
  async init(deps?: Deps): Promise<void> {
    if (deps) this.deps = deps;
    else this.adminToken = await adminAccessToken(this.baseUrl, ADMIN);
  }

  private async registerClient(input: { name: string; agencyCode: string; purpose: string; rights: string[] }): Promise<{ clientId: string; clientSecret: string }> {
    if (this.deps) {
      const { rows } = await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = ${ADMIN.login}`.execute(this.deps.db);
      const staff = await loadStaff(this.deps, (await findAccount(this.deps, rows[0]!.id))!);
      const none = { redirectUris: [], postLogoutRedirectUris: [], backchannelLogoutUri: '', scopes: [], sectorIdentifier: '', subjectType: 'public', requirePar: false, minimumLevel: 'bajo' };
      const { client, clientSecret } = await registerClient(this.deps, staff, { ...none, ...input });
      return { clientId: client.clientId, clientSecret };
    }
    const created = await fetch(`${this.baseUrl}/api/v1/admin/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...input, minimumLevel: 'bajo' }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const { client, clientSecret } = (await created.json()) as { client: { clientId: string }; clientSecret: string };
    return { clientId: client.clientId, clientSecret };
  }

  async token(clientId: string, secret: string, scope: string): Promise<string> {
    const response = await fetch(`${this.baseUrl}/auth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
    });
    assert.equal(response.status, 200, await response.clone().text());
    return ((await response.json()) as { access_token: string }).access_token;
  }

  /** A client of `agency` holding `rights`, with its token, not registered as a subsystem. */
  async client(agency: string, rights: string[]): Promise<Omit<SystemClient, 'client'>> {
    const client = await this.registerClient({ name: `Sistema suelto de ${agency}`, agencyCode: agency, purpose: 'Intercambio de datos', rights });
    return { clientId: client.clientId, secret: client.clientSecret, token: await this.token(client.clientId, client.clientSecret, rights.join(' ')) };
  }

  /** A client of `agency` holding `rights`, registered as subsystem `subsystem` of its agency. */
  async system(agency: string, subsystem: string, rights: string[]): Promise<SystemClient> {
    const client = await this.registerClient({ name: `Sistema ${subsystem} de ${agency}`, agencyCode: agency, purpose: 'Intercambio de datos', rights });
    const clientSecret = client.clientSecret;
    const token = await this.token(client.clientId, clientSecret, rights.join(' '));
    const registered = await this.api(token, `/api/v1/interop/subsystems/${subsystem}`, { method: 'PUT' });
    assert.equal(registered.status, 201, await registered.clone().text());
    return { clientId: client.clientId, secret: clientSecret, token, client: ((await registered.json()) as { client: string }).client };
  }

  api(token: string, path: string, init: { method?: string; json?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.json === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
  }

  async publish(producer: SystemClient, code: string, baseUrl: string, extra: Record<string, unknown> = {}): Promise<Response> {
    return this.api(producer.token, `/api/v1/interop/services/${code}`, {
      method: 'PUT',
      json: {
        title: 'Consulta de datos (demo)',
        baseUrl,
        openapi: DEMO_PRODUCER_OPENAPI,
        legalBasis: 'Ley de Gobierno Electrónico, art. 5',
        classification: 'personal',
        conditions: 'Solo para trámites en curso',
        sourceLabel: 'SERECI',
        ...extra,
      },
    });
  }

  grant(producer: SystemClient, code: string, client: string, method = 'GET', path = '/'): Promise<Response> {
    return this.api(producer.token, `/api/v1/interop/services/${code}/grants`, { method: 'POST', json: { client, method, path } });
  }

  revoke(producer: SystemClient, code: string, client: string): Promise<Response> {
    return this.api(producer.token, `/api/v1/interop/services/${code}/grants?client=${encodeURIComponent(client)}`, { method: 'DELETE' });
  }

  /** A call through the exchange, as `consumer` (X-Road-Client its own unless given). */
  call(consumer: SystemClient, path: string, headers: Record<string, string> = {}, base = this.baseUrl): Promise<Response> {
    return fetch(`${base}${path}`, { headers: { authorization: `Bearer ${consumer.token}`, 'x-road-client': consumer.client, ...headers } });
  }
}
