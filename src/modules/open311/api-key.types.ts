// An application's key to POST service requests through Open311.
export interface ApiKey {
  id: string;
  application: string;
  /** The first characters of the key (the rest is never stored). */
  keyPrefix: string;
  issuedBy: string | null;
  issuedAt: Date;
  revokedAt: Date | null;
}

/** The key published in the README for demo installations. */
export const DEMO_API_KEY = 'demo-open311-key';
