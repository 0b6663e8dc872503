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
}
