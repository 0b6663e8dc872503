import type { Level } from './account.types.ts';

export interface Client {
  clientId: string;
  clientSecret: string | null;
  name: string;
  agencyCode: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  scopes: string[];
  minimumLevel: Level;
  sectorIdentifier: string | null;
  subjectType: 'public' | 'pairwise';
  requirePar: boolean;
  isFirstParty: boolean;
  purpose: string;
  isActive: boolean;
  /**
   * Machine rights: module scopes declared for systems (`mailbox:send`, `cases:feed`, …) that
   * the client obtains by itself with the client credentials grant; none for most clients.
   */
  rights: string[];
  /**
   * Mutual TLS (RFC 8705, oidc/mtls.ts): the subject DN of the certificate, issued by the
   * State's CA, with which the client authenticates (`tls_client_auth`), or its own
   * self-signed certificates in PEM (`self_signed_tls_client_auth`); at most one of the two.
   * Its access tokens are then bound to the certificate. None for most clients.
   */
  tlsSubjectDn?: string | null;
  tlsCertificates?: string[];
}
