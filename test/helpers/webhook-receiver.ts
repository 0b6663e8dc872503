// An agency's webhook endpoint for tests: a real HTTP server on 127.0.0.1 that keeps every
// delivery (headers and raw body) and answers 204; `verify` checks the Standard Webhooks
// signature exactly as docs/webhooks.md tells agencies to.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { freePort } from '../../src/platform/db/embedded.ts';

export interface ReceivedWebhook {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: Record<string, unknown>;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body, json: JSON.parse(body) as Record<string, unknown> });
      response.writeHead(204).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/tambo`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Whether a delivery's `webhook-signature` is the HMAC of `id.timestamp.body` under the `whsec_` secret. */
export function hasValidSignature(delivery: ReceivedWebhook, secret: string): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signed = `${String(delivery.headers['webhook-id'])}.${String(delivery.headers['webhook-timestamp'])}.${delivery.body}`;
  return delivery.headers['webhook-signature'] === `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
}
