// Public pages of the catalog: /tramites (search, filters, paging) and /tramites/{slug}.
import { Type } from 'typebox';
import { simplificationHistory } from '../simplification.service.ts';
import { SimplificationPage } from '../views/simplification.views.tsx';
import { localDate } from '../../../platform/country/business-days.ts';
import type { FastifyRequest } from 'fastify';
import type { PageOptions, TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { findOfficesByCode, listAgencies, officeHoursText } from '../../agencies/index.ts';
import { catalogCache, STATS_CACHE_MS } from '../catalog-cache.ts';
import { answerByDate, getPublishedProcedure, publicAgencyName, publicAgencyStatistics, publicProcedureStatistics, searchProcedures } from '../procedure.service.ts';
import { AUDIENCES, LIFE_EVENTS, TOPICS, procedureIn, type PublishedProcedure } from '../procedure.types.ts';
import { ProcedurePage, ProcedureSearchPage, type SearchParams } from '../views/catalog.views.tsx';

const PAGE_SIZE = 10;

// A procedure's page as every anonymous visitor sees it in a language (no session bar, no form
// of her own), kept like its statistics: dropped at once by a publication or a withdrawal
// (here, and in every process through the bus) and by an application recorded here, and read
// again at most STATS_CACHE_MS later otherwise. The legal time's last day counts from today:
// the day is part of the key.
const anonymousPages = catalogCache<string>({ forgottenOn: 'stats', ttlMs: STATS_CACHE_MS, max: 2_000 });
const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined => ((values as readonly string[]).includes(value ?? '') ? (value as T) : undefined);

const currencies = new Map<string, Intl.NumberFormat>();

/** How a procedure's fee reads, in the country currency. */
export function feeText(
  deps: Pick<Deps, 'country'>,
  t: (key: string, params?: Record<string, string | number>) => string,
  p: Pick<PublishedProcedure, 'feeKind' | 'feeAmount' | 'feeFormula'>,
): string {
  if (p.feeKind === 'free') return t('catalog.fee.free');
  if (p.feeKind === 'formula') return t('catalog.fee.formula', { formula: p.feeFormula ?? '' });
  const key = `${deps.country.intlLocale}|${deps.country.currency}`;
  let money = currencies.get(key);
  if (!money) {
    money = new Intl.NumberFormat(deps.country.intlLocale, { style: 'currency', currency: deps.country.currency });
    currencies.set(key, money);
  }
  return money.format(Number(p.feeAmount));
}

// The day a cached version was published, on the country's clock (worked out once per version).
const publishedDays = new WeakMap<PublishedProcedure, string>();
function publishedDay(deps: Pick<Deps, 'country'>, procedure: PublishedProcedure, publishedAt: Date): string {
  let day = publishedDays.get(procedure);
  if (day === undefined) {
    day = localDate(deps.country, publishedAt);
    publishedDays.set(procedure, day);
  }
  return day;
}

export function registerCatalogPages(app: TamboApp, deps: Deps): void {
  const agencyNames = async () => (await listAgencies(deps)).map((a) => ({ code: a.code, name: a.name, acronym: a.acronym }));

  app.get(
    '/tramites',
    {
      schema: {
        hide: true,
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          institucion: Type.Optional(Type.String({ maxLength: 64 })),
          tema: Type.Optional(Type.String({ maxLength: 64 })),
          hecho: Type.Optional(Type.String({ maxLength: 64 })),
          para: Type.Optional(Type.String({ maxLength: 64 })),
          pagina: Type.Optional(Type.String({ maxLength: 6 })),
        }),
      },
    },
    async (request, reply) => {
      const query = request.query;
      const agencies = await agencyNames();
      const params: SearchParams = {
        q: query.q?.trim() ?? '',
        institucion: agencies.some((a) => a.code === query.institucion) ? query.institucion! : '',
        tema: oneOf(TOPICS, query.tema) ?? '',
        hecho: oneOf(LIFE_EVENTS, query.hecho) ?? '',
        para: oneOf(AUDIENCES, query.para) ?? '',
      };
      const page = Math.min(Math.max(1, Number.parseInt(query.pagina ?? '1', 10) || 1), 10000);
      const result = await searchProcedures(deps, {
        q: params.q || undefined,
        agency: params.institucion || undefined,
        topic: oneOf(TOPICS, params.tema),
        lifeEvent: oneOf(LIFE_EVENTS, params.hecho),
        audience: oneOf(AUDIENCES, params.para),
        page,
        pageSize: PAGE_SIZE,
      });
      return reply.page({
        title: params.q ? request.t('catalog.search.titleFor', { query: params.q }) : request.t('catalog.search.title'),
        breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
        body: (
          <ProcedureSearchPage
            params={params}
            agencies={agencies}
            items={result.items.map((item) => procedureIn(item, request.language))}
            total={result.total}
            page={page}
            pageSize={PAGE_SIZE}
            correctedQuery={result.correctedQuery}
          />
        ),
      });
    },
  );

  app.get(
    '/tramites/:slug',
    {
      schema: { hide: true, params: Type.Object({ slug: Type.String({ maxLength: 100 }) }) },
    },
    async (request, reply) => {
      if (request.viewer) return reply.page(await procedurePage(request));
      const key = `${request.language} ${localDate(deps.country, new Date())} ${request.url}`;
      return reply.sendPage(await anonymousPages.get(deps.db, key, async () => reply.renderPage(await procedurePage(request))));
    },
  );

  app.get('/tramites/:slug/simplificacion', { schema: { hide: true, params: Type.Object({ slug: Type.String({ maxLength: 100 }) }) } }, async (request, reply) => {
    const procedure = procedureIn(await getPublishedProcedure(deps, request.params.slug), request.language);
    const history = await simplificationHistory(deps, procedure.slug);
    const money = (amount: number) => request.format.number(amount, { style: 'currency', currency: deps.country.currency });
    return reply.page({
      title: request.t('catalog.simplification.title', { name: procedure.name }),
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        { href: '/tramites', label: request.t('catalog.search.title') },
        { href: `/tramites/${procedure.slug}`, label: procedure.name },
      ],
      body: <SimplificationPage name={procedure.name} history={history} money={money} />,
    });
  });

  async function procedurePage(request: FastifyRequest<{ Params: { slug: string } }>): Promise<PageOptions> {
    const published = procedureIn(await getPublishedProcedure(deps, request.params.slug), request.language);
    // Offices named by code show the directory's address and hours, and link to it.
    const directory = await findOfficesByCode(
      deps,
      published.offices.flatMap((o) => (o.code ? [o.code] : [])),
    );
    const procedure = {
      ...published,
      offices: published.offices.map((o) => {
        const found = o.code ? directory.get(o.code) : undefined;
        return found ? { code: found.code, name: found.name, address: found.address, hours: officeHoursText(found, request.t) } : { ...o, code: undefined };
      }),
    };
    const [agency, statistics, agencyStatistics] = await Promise.all([
      publicAgencyName(deps, procedure.agencyCode),
      publicProcedureStatistics(deps, procedure.procedureId),
      publicAgencyStatistics(deps, procedure.agencyCode),
    ]);
    const formatNumber = (value: number, style?: 'percent') => request.format.number(value, style === 'percent' ? { style: 'percent', maximumFractionDigits: 1 } : { maximumFractionDigits: 1 });
    const publishedOn = procedure.publishedAt ? request.format.date(publishedDay(deps, procedure, procedure.publishedAt)) : '';
    // The legal time counted in business days from today, with the country's holidays and the decreed ones.
    const answerBy = request.format.date(await answerByDate(deps, procedure.maxResponseDays));
    return {
      title: procedure.name,
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        { href: '/tramites', label: request.t('catalog.search.title') },
      ],
      body: (
        <ProcedurePage
          procedure={procedure}
          agency={agency}
          fee={feeText(deps, request.t, procedure)}
          publishedOn={publishedOn}
          answerBy={answerBy}
          statistics={statistics}
          agencyStatistics={agencyStatistics}
          formatNumber={formatNumber}
          startHref={procedure.isOnline && procedure.form ? `/solicitar/${procedure.slug}` : null}
        />
      ),
    };
  }
}
