// The help pages' data: the portal's contact and the frequently asked questions of each
// procedure, as data per country (data/help-<country>.json); the procedure names come from
// the catalog, so a question about a procedure that is not published is not shown.
import { readFileSync } from 'node:fs';
import type { LocalizedText } from '../../platform/country/profile.ts';
import type { Locale, Translate } from '../../platform/i18n/i18n.ts';
import type { Deps } from '../../platform/module.ts';
import { getAgency, type OfficeOpening, officeHoursText } from '../agencies/index.ts';
import { findPublishedVersionCached } from '../catalog/index.ts';

interface HelpData {
  contact: { agency: string; email: string; phone: string; address: string; schedule: OfficeOpening[] };
  faq: Array<{ procedure: string; items: Array<{ question: LocalizedText; answer: LocalizedText }> }>;
}

const loaded = new Map<string, HelpData>();
function helpData(country: string): HelpData {
  let data = loaded.get(country);
  if (!data) {
    data = JSON.parse(readFileSync(new URL(`./data/help-${country}.json`, import.meta.url), 'utf8')) as HelpData;
    loaded.set(country, data);
  }
  return data;
}

export interface Contact {
  agencyName: string;
  email: string;
  phone: string;
  address: string;
  hours: string;
}

/** The contact, its hours written from their schedule in the page's language (`t`). */
export async function portalContact(deps: Pick<Deps, 'db' | 'country'>, t: Translate): Promise<Contact> {
  const c = helpData(deps.country.code).contact;
  const agency = await getAgency(deps, c.agency).catch(() => undefined);
  return { agencyName: agency?.name ?? c.agency, email: c.email, phone: c.phone, address: c.address, hours: officeHoursText({ hours: '', schedule: c.schedule }, t) };
}

export interface FaqGroup {
  slug: string;
  name: string;
  items: Array<{ question: string; answer: string }>;
}

export async function frequentQuestions(deps: Pick<Deps, 'db' | 'country'>, locale: Locale): Promise<FaqGroup[]> {
  const groups = await Promise.all(
    helpData(deps.country.code).faq.map(async (g) => {
      const ref = await findPublishedVersionCached(deps, g.procedure);
      return ref ? [{ slug: g.procedure, name: ref.name, items: g.items.map((i) => ({ question: i.question[locale], answer: i.answer[locale] })) }] : [];
    }),
  );
  return groups.flat().sort((a, b) => a.name.localeCompare(b.name));
}
