// What the reports tests share: an official as the use cases take it, made the way the pages
// make one (`officialFrom` over identity's grants), without an account in the database.
import { officialFrom, type Official } from './report.policy.ts';

/**
 * An official who handles the reports of these agencies (`case_handler` there) and, with
 * `admin`, administers the platform (triage, moderation, any agency's webhook).
 */
export function testOfficial(agencyCodes: string[], options: { accountId?: string; admin?: boolean } = {}): Official {
  const roles = agencyCodes.map((agencyCode) => ({ agencyCode, role: 'case_handler' }));
  return officialFrom({ id: options.accountId ?? 'test-official', isPlatformAdmin: options.admin === true }, roles);
}
