// One POST of a signed body to a subscriber, through the address guard: no redirects
// followed, at most 10 s, the answer's body discarded. Gives the status code or an error.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkUrlShape, guardedLookup, RefusedAddressError, type WebhookPolicy } from './address.ts';

export interface SendOutcome {
  statusCode: number | null;
  /** Short, without secrets: `HTTP 503`, `timeout`, `address refused`, `ECONNREFUSED`. */
  error: string | null;
}

export function sendWebhook(rawUrl: string, headers: Record<string, string>, body: string, policy: WebhookPolicy, timeoutMs = 10_000): Promise<SendOutcome> {
  const shape = checkUrlShape(rawUrl, policy);
  if ('problem' in shape) return Promise.resolve({ statusCode: null, error: shape.problem === 'address' ? 'address refused' : `url ${shape.problem}` });
  const url = shape.url;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Tambo-Webhooks/1' },
        lookup: guardedLookup(policy) as never,
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const statusCode = response.statusCode ?? 0;
        response.resume();
        response.on('error', () => undefined);
        finish({ statusCode, error: statusCode >= 200 && statusCode < 300 ? null : `HTTP ${statusCode}` });
        req.destroy();
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof RefusedAddressError) return finish({ statusCode: null, error: 'address refused' });
      if (error.name === 'AbortError' || error.name === 'TimeoutError') return finish({ statusCode: null, error: 'timeout' });
      finish({ statusCode: null, error: error.code ?? error.name });
    });
    req.end(body);
  });
}
