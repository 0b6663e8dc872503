// What the front door shows: the most used procedures, what is new, the life events with
// procedures, and one search across procedures, institutions and reports. Everything is read
// through the other modules' public surfaces (their index.ts), from their caches.
import type { Deps } from '../../platform/module.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { listAgencies } from '../agencies/index.ts';
import { LIFE_EVENTS, listProcedureStatistics, searchProcedures, type LifeEvent, type PublishedProcedure } from '../catalog/index.ts';
import { listCategories, parseReportId } from '../reports/index.ts';

export interface ProcedureLink {
  slug: string;
  name: string;
  agencyCode: string;
}

export interface HomeData {
  popular: ProcedureLink[];
  recent: Array<ProcedureLink & { publishedAt: Date }>;
  lifeEvents: LifeEvent[];
}

const POPULAR = 6;
const RECENT = 3;
/** The whole published catalog in one cached read (the catalog caches searches). */
const ALL = { page: 1, pageSize: 100 } as const;

const toLink = (p: PublishedProcedure): ProcedureLink => ({ slug: p.slug, name: p.name, agencyCode: p.agencyCode });

export async function homeData(deps: Pick<Deps, 'db'>): Promise<HomeData> {
  const [all, statistics] = await Promise.all([searchProcedures(deps, ALL), listProcedureStatistics(deps)]);
  const bySlug = new Map(all.items.map((p) => [p.slug, p]));
  // Most used: by applications received; the online procedures fill the list while figures are few.
  const used = statistics
    .filter((s) => bySlug.has(s.slug))
    .sort((a, b) => b.applications - a.applications || a.slug.localeCompare(b.slug))
    .map((s) => bySlug.get(s.slug)!);
  const fill = all.items.filter((p) => p.isOnline && !used.includes(p));
  const popular = [...used, ...fill].slice(0, POPULAR).map(toLink);
  const recent = all.items
    .filter((p) => p.publishedAt)
    .sort((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime() || a.name.localeCompare(b.name))
    .slice(0, RECENT)
    .map((p) => ({ ...toLink(p), publishedAt: p.publishedAt! }));
  const present = new Set(all.items.flatMap((p) => p.lifeEvents));
  return { popular, recent, lifeEvents: LIFE_EVENTS.filter((e) => present.has(e)) };
}

/** Lower case without accents, for matching what people type against names. */
export function fold(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const matchesAll = (words: string[], ...texts: string[]) => {
  const haystack = fold(texts.join(' '));
  return words.every((w) => haystack.includes(w));
};

export interface SearchAnswer {
  procedures: ProcedureLink[];
  proceduresTotal: number;
  correctedQuery: string | null;
  agencies: Array<{ code: string; name: string; acronym: string }>;
  categories: Array<{ code: string; name: string }>;
  /** A tracking code (TR-…) typed as the query: the case to follow. */
  trackingCode: string | null;
  /** A report number (R-123 or 123) typed as the query. */
  reportId: number | null;
}

const SHOWN = 5;

export async function searchEverything(deps: Pick<Deps, 'db' | 'country'>, query: string, locale: Locale): Promise<SearchAnswer> {
  const q = query.trim();
  const words = fold(q)
    .split(/\s+/)
    .filter((w) => w.length > 1);
  const [procedures, agencies, categories] = await Promise.all([searchProcedures(deps, { q, page: 1, pageSize: SHOWN }), listAgencies(deps), listCategories(deps.db)]);
  const tracking = /^TR-[A-Z0-9]{4}-[A-Z0-9]{4}$/i.test(q) ? q.toUpperCase() : null;
  return {
    procedures: procedures.items.map(toLink),
    proceduresTotal: procedures.total,
    correctedQuery: procedures.correctedQuery,
    agencies:
      words.length === 0
        ? []
        : agencies
            .filter((a) => matchesAll(words, a.name, a.acronym, a.mission))
            .slice(0, SHOWN)
            .map((a) => ({ code: a.code, name: a.name, acronym: a.acronym })),
    categories:
      words.length === 0
        ? []
        : categories
            .filter((c) => matchesAll(words, c.name[locale], c.description[locale]))
            .slice(0, SHOWN)
            .map((c) => ({ code: c.code, name: c.name[locale] })),
    trackingCode: tracking,
    reportId: tracking ? null : (parseReportId(q) ?? null),
  };
}
