// @tambo/client: a typed client for Tambo's HTTP API. The types (schema.generated.ts) are
// generated from openapi/openapi.json by `npm run client` (openapi-typescript 6); requests go
// through openapi-fetch, so paths, parameters, bodies, answers and errors (RFC 9457 problem
// details) are all typed.
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.generated.ts';

export type { components, operations, paths };

/** An RFC 9457 problem as Tambo answers it (`code` is one of docs/errors.md). */
export type Problem = components['schemas']['Problem'];

export type TamboClient = Client<paths>;

/**
 * A client for the Tambo at `baseUrl` (e.g. https://tambo.example.org). `token`, when given,
 * is sent as `Authorization: Bearer <token>` on every request: an access token from Tambo's
 * provider (/auth/token) with the scopes the operations need.
 */
export function createTamboClient(baseUrl: string, token?: string, options: Omit<ClientOptions, 'baseUrl'> = {}): TamboClient {
  const headers: Record<string, string> = { accept: 'application/json', ...(options.headers as Record<string, string> | undefined) };
  if (token) headers.authorization = `Bearer ${token}`;
  return createClient<paths>({ ...options, baseUrl: baseUrl.replace(/\/$/, ''), headers });
}

/** Whether an error body is a Tambo problem (for narrowing the `error` of a call). */
export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' && typeof (value as { status?: unknown }).status === 'number';
}
