import { Button, Form, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { HomeData, SearchAnswer } from '../front-door.service.ts';

/** The one search form of the front door (home and results), across procedures, institutions and reports. */
export function SiteSearch(props: { value?: string }) {
  const { t } = useView();
  return (
    <div class="procedure-search" role="search">
      <Form action="/buscar" method="get">
        <TextField name="q" type="search" label={t('portal.home.searchLabel')} hint={t('portal.home.searchHint')} value={props.value} autocomplete="off" />
        <Button>{t('portal.home.searchSubmit')}</Button>
      </Form>
    </div>
  );
}

/** Ways in: a link and a line that says what is behind it. */
export function ActionList(props: { items: Array<{ href: string; label: string; text: string }> }) {
  return (
    <ul class="front-actions">
      {props.items.map((item) => (
        <li key={item.href}>
          <a href={item.href}>{item.label}</a>
          <span>{item.text}</span>
        </li>
      ))}
    </ul>
  );
}

export function HomePage(props: HomeData) {
  const { t, format, countryName } = useView();
  return (
    <>
      <h1>{t('portal.home.heading')}</h1>
      <p class="lead">{t('portal.home.lead', { country: countryName })}</p>
      <SiteSearch />
      <ActionList
        items={[
          { href: '/reportes/nuevo', label: t('portal.home.actions.report'), text: t('portal.home.actions.reportText') },
          { href: '/seguimiento', label: t('portal.home.actions.track'), text: t('portal.home.actions.trackText') },
          { href: '/oficinas', label: t('portal.home.actions.offices'), text: t('portal.home.actions.officesText') },
          { href: '/ayuda', label: t('portal.home.actions.help'), text: t('portal.home.actions.helpText') },
        ]}
      />
      {props.popular.length > 0 ? (
        <section aria-labelledby="mas-usados">
          <h2 id="mas-usados">{t('portal.home.popularHeading')}</h2>
          <ul class="front-links">
            {props.popular.map((p) => (
              <li key={p.slug}>
                <a href={`/tramites/${p.slug}`}>{p.name}</a>
              </li>
            ))}
          </ul>
          <p>
            <a href="/tramites">{t('portal.home.proceduresLink')}</a>
          </p>
        </section>
      ) : null}
      {props.lifeEvents.length > 0 ? (
        <section aria-labelledby="momentos">
          <h2 id="momentos">{t('portal.home.lifeEventsHeading')}</h2>
          <p>{t('portal.home.lifeEventsLead')}</p>
          <ul class="front-links">
            {props.lifeEvents.map((e) => (
              <li key={e}>
                <a href={`/tramites?hecho=${e}`}>{t(`catalog.lifeEvent.${e}`)}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {props.recent.length > 0 ? (
        <section aria-labelledby="novedades">
          <h2 id="novedades">{t('portal.home.newsHeading')}</h2>
          <ul class="front-news">
            {props.recent.map((p) => (
              <li key={p.slug}>
                <a href={`/tramites/${p.slug}`}>{p.name}</a> <span class="front-news__date">{t('portal.home.newsPublished', { date: format.date(p.publishedAt) })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="participar">
        <h2 id="participar">{t('portal.home.participateHeading')}</h2>
        <ul class="front-links">
          <li>
            <a href="/reportes">{t('portal.home.participate.reports')}</a>
          </li>
          <li>
            <a href="/instituciones">{t('portal.home.participate.agencies')}</a>
          </li>
          <li>
            <a href="/api/v1/open-data">{t('portal.home.participate.openData')}</a>
          </li>
          <li>
            <a href="/api/v1/audit/head">{t('portal.home.auditHeadLink')}</a>
          </li>
        </ul>
      </section>
      <h2>{t('portal.home.principlesHeading')}</h2>
      <ul>
        <li>{t('portal.home.principles.oneIdentity')}</li>
        <li>{t('portal.home.principles.tracked')}</li>
        <li>{t('portal.home.principles.open')}</li>
        <li>{t('portal.home.principles.auditable')}</li>
      </ul>
    </>
  );
}

export function SearchPage(props: { q: string; answer: SearchAnswer | null }) {
  const { t } = useView();
  const a = props.answer;
  const nothing = a && a.procedures.length + a.agencies.length + a.categories.length === 0 && !a.trackingCode && a.reportId === null;
  return (
    <>
      <h1>{props.q ? t('portal.search.headingFor', { query: props.q }) : t('portal.search.heading')}</h1>
      <SiteSearch value={props.q} />
      {a?.trackingCode ? (
        <p class="lead">
          <a href={`/seguimiento?codigo=${encodeURIComponent(a.trackingCode)}`}>{t('portal.search.track', { code: a.trackingCode })}</a>
        </p>
      ) : null}
      {a && a.reportId !== null ? (
        <p class="lead">
          <a href={`/reportes/${a.reportId}`}>{t('portal.search.report', { id: a.reportId })}</a>
        </p>
      ) : null}
      {a?.correctedQuery ? <p>{t('portal.search.corrected', { query: a.correctedQuery })}</p> : null}
      {nothing ? <p>{t('portal.search.nothing')}</p> : null}
      {a && a.procedures.length > 0 ? (
        <section aria-labelledby="resultados-tramites">
          <h2 id="resultados-tramites">{t('portal.search.procedures', { count: a.proceduresTotal })}</h2>
          <ul class="front-links">
            {a.procedures.map((p) => (
              <li key={p.slug}>
                <a href={`/tramites/${p.slug}`}>{p.name}</a>
              </li>
            ))}
          </ul>
          {a.proceduresTotal > a.procedures.length ? (
            <p>
              <a href={`/tramites?q=${encodeURIComponent(props.q)}`}>{t('portal.search.allProcedures', { count: a.proceduresTotal })}</a>
            </p>
          ) : null}
        </section>
      ) : null}
      {a && a.agencies.length > 0 ? (
        <section aria-labelledby="resultados-instituciones">
          <h2 id="resultados-instituciones">{t('portal.search.agencies', { count: a.agencies.length })}</h2>
          <ul class="front-links">
            {a.agencies.map((g) => (
              <li key={g.code}>
                <a href={`/instituciones#institucion-${g.code}`}>
                  {g.name} ({g.acronym})
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {a && a.categories.length > 0 ? (
        <section aria-labelledby="resultados-reportes">
          <h2 id="resultados-reportes">{t('portal.search.reports', { count: a.categories.length })}</h2>
          <ul class="front-links">
            {a.categories.map((c) => (
              <li key={c.code}>
                <a href={`/reportes/nuevo?categoria=${encodeURIComponent(c.code)}`}>{t('portal.search.reportAbout', { category: c.name })}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export function AccessibilityPage(props: { reviewedOn: string; languages: Array<{ language: string; name: string; share: number; missing: number }> }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('portal.accessibility.title')}</h1>
      <p>{t('portal.accessibility.commitment')}</p>
      <p>{t('portal.accessibility.status')}</p>
      <ul>
        <li>{t('portal.accessibility.points.noJs')}</li>
        <li>{t('portal.accessibility.points.small')}</li>
        <li>{t('portal.accessibility.points.keyboard')}</li>
        <li>{t('portal.accessibility.points.tested')}</li>
      </ul>
      <h2>{t('portal.accessibility.known.heading')}</h2>
      <ul>
        <li>{t('portal.accessibility.known.maps')}</li>
        <li>{t('portal.accessibility.known.documents')}</li>
        <li>{t('portal.accessibility.known.languages')}</li>
      </ul>
      <h2>{t('portal.accessibility.languages.heading')}</h2>
      <p>{t('portal.accessibility.languages.lead')}</p>
      {props.languages.length > 0 ? (
        <ul>
          {props.languages.map((l) => (
            <li key={l.language}>
              <span lang={l.language}>{l.name}</span>: {t('portal.accessibility.languages.item', { share: l.share, missing: l.missing })}
            </li>
          ))}
        </ul>
      ) : null}
      <h2>{t('portal.accessibility.contactHeading')}</h2>
      <p>
        {t('portal.accessibility.contact')} <a href="/ayuda/contacto">{t('portal.accessibility.contactLink')}</a>
      </p>
      <p>{t('portal.accessibility.reviewed', { date: props.reviewedOn })}</p>
    </>
  );
}

export function SourceCodePage() {
  const { t } = useView();
  return (
    <>
      <h1>{t('portal.source.title')}</h1>
      <p>{t('portal.source.licence')}</p>
      <p>{t('portal.source.rights')}</p>
    </>
  );
}
