// Demo mode: the sandbox gateway runs beside Tambo (started by `npm start`, src/main.ts) on
// PORT + 1, and every agency has a merchant account there (`demo-<agency>`), whose secret is
// derived from SESSION_SECRET so that Tambo and the sandbox agree without sharing state.
import { createHmac } from 'node:crypto';
import type { Config } from '../../platform/config.ts';
import { startSandboxGateway, type SandboxGateway } from './sandbox/server.ts';

export function demoGatewayUrl(config: Pick<Config, 'port'>): string {
  return `http://127.0.0.1:${config.port + 1}`;
}

export function demoMerchantId(agencyCode: string): string {
  return `demo-${agencyCode}`;
}

/** The secret of a demo merchant, or undefined for a merchant id that is not a demo one. */
export function demoMerchantSecret(config: Pick<Config, 'sessionSecret'>, merchantId: string): string | undefined {
  if (!/^demo-[A-Za-z0-9_-]{1,40}$/.test(merchantId)) return undefined;
  return `whsec_${createHmac('sha256', config.sessionSecret).update(`payments-sandbox:${merchantId}`).digest().subarray(0, 24).toString('base64')}`;
}

/** Starts the sandbox gateway of the demo (every `demo-<agency>` merchant), on PORT + 1. */
export function startDemoGateway(config: Pick<Config, 'port' | 'sessionSecret'>): Promise<SandboxGateway> {
  return startSandboxGateway({ port: config.port + 1, merchants: (id) => demoMerchantSecret(config, id) });
}
