import type { CountryCode } from '../config.ts';
import { boliviaProfile } from './bo.ts';
import type { CountryProfile } from './profile.ts';
import { venezuelaProfile } from './ve.ts';

export type { CountryProfile, IdentityDocumentType, DocumentCheck, Holiday, LocalizedText, TerritoryLevel } from './profile.ts';

const profiles: Record<CountryCode, CountryProfile> = { bo: boliviaProfile, ve: venezuelaProfile };

export function getCountryProfile(code: CountryCode): CountryProfile {
  return profiles[code];
}
