// Authentication in a route's `onRequest`: before the body is read and validated, so a request
// without the right token is refused for the token (401/403) whatever it carries, never 400
// (docs/security.md#the-order-of-the-checks-on-every-request).
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * `check` as a route's `onRequest` hook (`hook(...args)`: the arguments it takes after the
 * request, a scope for instance) and what it found, for the handler (`of(request)`).
 */
export function authenticatedBy<P, A extends unknown[] = []>(check: (request: FastifyRequest, ...args: A) => Promise<P>) {
  const found = new WeakMap<FastifyRequest, P>();
  return {
    hook:
      (...args: A) =>
      async (request: FastifyRequest): Promise<void> => {
        found.set(request, await check(request, ...args));
      },
    of(request: FastifyRequest): P {
      if (!found.has(request)) throw new AppError('UNAUTHENTICATED');
      return found.get(request) as P;
    },
  };
}
