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
  /** May obtain `mailbox:send` tokens with the client credentials grant (default false). */
  canDeliverMail?: boolean;
}
