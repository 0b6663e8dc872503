// Mutual TLS for machine clients (RFC 8705, oidc-provider's `features.mTLS`). The client's
// certificate comes from the TLS socket when Tambo terminates TLS itself, or, behind a
// reverse proxy that terminates it, from the headers the proxy sets — read ONLY when the
// proxy is trusted (`TRUST_PROXY`), which must then overwrite them on every request:
// `x-client-cert` (the URL-encoded PEM, nginx's `$ssl_client_escaped_cert`) and
// `x-client-verify` (`SUCCESS` when the proxy verified the chain against the State's CA,
// nginx's `$ssl_client_verify`). docs/api-auth.md, "Mutual TLS".
import { createHash, X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Configuration } from 'oidc-provider';
import type { Config } from '../../../platform/config.ts';

export const CERT_HEADER = 'x-client-cert';
export const VERIFY_HEADER = 'x-client-verify';

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

function parse(pem: string | Buffer): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

/** The client certificate the request presents, and whether it was verified against a trusted CA. */
export function presentedCertificate(config: Pick<Config, 'trustProxy'>, req: IncomingMessage): { cert: X509Certificate; authorized: boolean } | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (socket.encrypted && typeof socket.getPeerCertificate === 'function') {
    const raw = socket.getPeerCertificate().raw;
    const cert = raw ? parse(raw) : undefined;
    if (cert) return { cert, authorized: socket.authorized === true };
  }
  if (!config.trustProxy) return undefined;
  const value = header(req, CERT_HEADER);
  if (!value) return undefined;
  let pem: string;
  try {
    pem = decodeURIComponent(value);
  } catch {
    return undefined;
  }
  const cert = parse(pem);
  return cert ? { cert, authorized: header(req, VERIFY_HEADER) === 'SUCCESS' } : undefined;
}

/** RFC 8705's `x5t#S256`: the base64url SHA-256 of the certificate's DER. */
export const certificateThumbprint = (cert: X509Certificate) => createHash('sha256').update(cert.raw).digest('base64url');

/** A DN as a sorted list of `TYPE=value` (RFC 4514 order, `CN=a,O=b`, or OpenSSL's, one per line, compare equal). */
export function normalizeDn(dn: string): string {
  return dn
    .split(/(?<!\\)[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=');
      return at < 0 ? part : `${part.slice(0, at).trim().toUpperCase()}=${part.slice(at + 1).trim()}`;
    })
    .sort()
    .join(',');
}

/** A self-signed certificate registered by a client, as the JWK oidc-provider matches (`x5c`, whose thumbprint it computes). */
export function certificateJwk(pem: string): Record<string, unknown> {
  const cert = new X509Certificate(pem);
  return { ...cert.publicKey.export({ format: 'jwk' }), x5c: [cert.raw.toString('base64')] };
}

/** The provider's `features.mTLS`. */
export function mtlsFeature(config: Pick<Config, 'trustProxy'>): NonNullable<Configuration['features']>['mTLS'] {
  const presented = (ctx: { req: IncomingMessage }) => presentedCertificate(config, ctx.req);
  return {
    enabled: true,
    certificateBoundAccessTokens: true,
    tlsClientAuth: true,
    selfSignedTlsClientAuth: true,
    getCertificate: (ctx) => presented(ctx)?.cert.toString(),
    certificateAuthorized: (ctx) => presented(ctx)?.authorized === true,
    certificateSubjectMatches: (ctx, property, expected) => {
      const cert = presented(ctx)?.cert;
      return property === 'tls_client_auth_subject_dn' && cert !== undefined && normalizeDn(cert.subject) === normalizeDn(expected);
    },
  };
}

/**
 * Whether an access token may be used on this request: one bound to no sender, or one bound
 * to a certificate (`x5t#S256`) presented with the same certificate. Tokens bound to a DPoP
 * key are not accepted by Tambo's APIs.
 */
export function senderMatches(config: Pick<Config, 'trustProxy'>, token: { 'x5t#S256'?: string; jkt?: string }, req: IncomingMessage | undefined): boolean {
  if (token.jkt) return false;
  const bound = token['x5t#S256'];
  if (!bound) return true;
  const presented = req ? presentedCertificate(config, req) : undefined;
  return presented !== undefined && certificateThumbprint(presented.cert) === bound;
}
