// Subnational governments as tenants (docs/entities.md#tenants): the public space of one
// (/gobiernos/{code}), the list of them (/gobiernos) and the administrators' onboarding form
// (/admin/gobiernos). Plain pages and forms: everything works without JavaScript.
import { Button, ErrorSummary, Form, Notice, Select, SummaryList, summaryItems, Table, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Agency, Tenant, TenantBranding } from '../../agencies/index.ts';
import type { GovernmentView } from '../governments.service.ts';
import type { RankedEntity } from '../ranking.ts';
import { useFigure } from './observatory.views.tsx';

export function GovernmentPage(props: { view: GovernmentView }) {
  const { t } = useView();
  const figure = useFigure();
  const { agency, figures, procedures } = props.view;
  return (
    <>
      {props.view.tenant.branding ? <Banner branding={props.view.tenant.branding} /> : null}
      <h1>{agency.name}</h1>
      <p class="lead">{t('observatory.governments.lead', { level: t(`agencies.level.${agency.level}`) })}</p>
      <SummaryList
        rows={[
          { key: t('observatory.governments.level'), value: t(`agencies.level.${agency.level}`) },
          { key: t('observatory.governments.territory'), value: props.view.territoryName ?? t('observatory.governments.noTerritory') },
          ...(agency.contactEmail ? [{ key: t('observatory.governments.contact'), value: agency.contactEmail }] : []),
        ]}
      />
      {props.view.dependents.length > 0 ? (
        <>
          <h2 id="dependientes">{t('observatory.governments.dependents')}</h2>
          <p>{t('observatory.governments.dependentsLead')}</p>
          <ul class="list">
            {props.view.dependents.map((d) => (
              <li key={d.code}>
                {d.name} — {t(`agencies.level.${d.level}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 id="plan">{t('observatory.governments.plan')}</h2>
      {props.view.plans.length === 0 ? (
        <p>{t('observatory.governments.noPlan')}</p>
      ) : (
        <ul class="list">
          {props.view.plans.map((plan) => (
            <li key={plan.code}>
              <a href={`/observatorio/planes/${plan.code}`}>{plan.title}</a> ({t('observatory.governments.planYears', { from: String(plan.startYear), to: String(plan.endYear) })}) —{' '}
              <a href={`/proyectos/plan/${plan.code}`}>{t('observatory.governments.planProjects')}</a>
            </li>
          ))}
        </ul>
      )}
      <h2 id="tramites">{t('observatory.governments.procedures')}</h2>
      {procedures.length === 0 ? (
        <p>{t('observatory.governments.noProcedures')}</p>
      ) : (
        <ul class="list">
          {procedures.map((p) => (
            <li key={p.slug}>
              <a href={`/tramites/${p.slug}`}>{p.name}</a>
              {p.isOnline ? ` (${t('observatory.governments.online')})` : ''}
            </li>
          ))}
        </ul>
      )}
      <h2 id="observatorio">{t('observatory.governments.observatory')}</h2>
      <Table
        caption={t('observatory.governments.figuresCaption', { name: agency.name })}
        rowHeaders
        columns={[{ label: t('observatory.governments.figure') }, { label: t('observatory.governments.value'), numeric: true }]}
        rows={[
          [t('observatory.governments.published'), String(figures.published)],
          [t('observatory.governments.onlineCount'), String(figures.online)],
          [t('observatory.governments.received'), String(figures.received)],
          [t('observatory.governments.handled'), String(figures.handled)],
          [t('observatory.governments.inTime'), figures.shareWithinLegalTime === null ? '—' : figure(figures.shareWithinLegalTime * 100, 'percent')],
        ]}
      />
      <Table
        caption={t('observatory.governments.reportsCaption', { name: agency.name, year: String(props.view.reports.year) })}
        rowHeaders
        columns={[{ label: t('observatory.governments.figure') }, { label: t('observatory.governments.value'), numeric: true }]}
        rows={[
          [t('observatory.governments.reportsReceived'), String(props.view.reports.received)],
          [t('observatory.governments.reportsAnswered'), String(props.view.reports.answered)],
          [t('observatory.governments.reportsInTime'), String(props.view.reports.answeredInTime)],
        ]}
      />
    </>
  );
}

export function GovernmentsPage(props: { tenants: Array<Tenant & { agency: Agency }> }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('observatory.governments.title')}</h1>
      <p class="lead">{t('observatory.governments.listLead')}</p>
      {props.tenants.length === 0 ? (
        <p>{t('observatory.governments.none')}</p>
      ) : (
        <ul class="list">
          {props.tenants.map((g) => (
            <li key={g.code}>
              <a href={`/gobiernos/${g.code}`}>{g.agency.name}</a> — {t(`agencies.level.${g.agency.level}`)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function OnboardingPage(props: { tenants: Array<Tenant & { agency: Agency }>; candidates: Agency[]; value: string; error?: string; done?: string }) {
  const { t, format } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems({ code: props.error })} />
      <h1>{t('observatory.governments.admin.title')}</h1>
      <p class="lead">{t('observatory.governments.admin.lead')}</p>
      {props.done ? <Notice tone="info">{props.done}</Notice> : null}
      {props.candidates.length > 0 ? (
        <Form action="/admin/gobiernos">
          <Select
            name="code"
            label={t('observatory.governments.admin.entity')}
            hint={t('observatory.governments.admin.entityHint')}
            options={props.candidates.map((a) => ({ value: a.code, label: `${a.name} (${t(`agencies.level.${a.level}`)})` }))}
            value={props.value}
            error={props.error}
          />
          <Button preventDoubleClick>{t('observatory.governments.admin.submit')}</Button>
        </Form>
      ) : (
        <p>{t('observatory.governments.admin.noCandidates')}</p>
      )}
      {props.tenants.length > 0 ? (
        <Table
          caption={t('observatory.governments.admin.tenants')}
          rowHeaders
          columns={[
            { label: t('observatory.governments.admin.government') },
            { label: t('observatory.governments.admin.since') },
            { label: t('observatory.governments.admin.staff') },
            { label: t('observatory.governments.admin.branding') },
          ]}
          rows={props.tenants.map((g) => [
            <a key="n" href={`/gobiernos/${g.code}`}>
              {g.agency.name}
            </a>,
            format.date(g.onboardedAt),
            <a key="r" href={`/admin/roles?institucion=${encodeURIComponent(g.code)}`}>
              {t('observatory.governments.admin.roles', { name: g.agency.acronym || g.code })}
            </a>,
            <a key="b" href={`/gobiernos/${g.code}/marca`}>
              {t('observatory.governments.branding.title', { name: g.agency.acronym || g.code })}
            </a>,
          ])}
        />
      ) : null}
    </>
  );
}

export function RankingPage(props: { year: number; ranked: RankedEntity[]; unranked: Array<{ code: string; name: string; level: string }> }) {
  const { t } = useView();
  const figure = useFigure();
  const year = String(props.year);
  const orNone = (value: number | null) => (value === null ? t('observatory.ranking.noData') : figure(value, 'percent'));
  return (
    <>
      <h1>{t('observatory.ranking.title')}</h1>
      <p class="lead">{t('observatory.ranking.lead')}</p>
      <p>{t('observatory.ranking.formula')}</p>
      <ul class="list">
        <li>{t('observatory.ranking.termOnline')}</li>
        <li>{t('observatory.ranking.termSaving')}</li>
        <li>{t('observatory.ranking.termCommitments')}</li>
        <li>{t('observatory.ranking.termComplaints', { year })}</li>
      </ul>
      <p>{t('observatory.ranking.score')}</p>
      <Table
        caption={t('observatory.ranking.caption', { year })}
        columns={[
          { label: t('observatory.ranking.rank'), numeric: true },
          { label: t('observatory.ranking.entity') },
          { label: t('observatory.governments.level') },
          { label: t('observatory.governments.onlineCount'), numeric: true },
          { label: t('observatory.governments.published'), numeric: true },
          { label: t('observatory.ranking.share'), numeric: true },
          { label: t('observatory.ranking.saving'), numeric: true },
          { label: t('observatory.ranking.commitments'), numeric: true },
          { label: t('observatory.ranking.complaints'), numeric: true },
          { label: t('observatory.ranking.scoreColumn'), numeric: true },
        ]}
        rows={props.ranked.map((e) => [
          String(e.rank),
          e.name,
          t(`agencies.level.${e.level}`),
          String(e.online),
          String(e.published),
          figure(e.share, 'percent'),
          figure(e.savingPercent, 'percent'),
          orNone(e.commitments),
          orNone(e.complaints),
          figure(e.score, 'number'),
        ])}
      />
      {props.unranked.length > 0 ? (
        <>
          <h2>{t('observatory.ranking.unranked')}</h2>
          <ul class="list">
            {props.unranked.map((e) => (
              <li key={e.code}>{e.name}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** The tenant's banner in its colours: an SVG (presentation attributes, no inline style under the CSP), its name as text. */
function Banner(props: { branding: TenantBranding }) {
  const b = props.branding;
  const label = b.shortName ? `${b.displayName} (${b.shortName})` : b.displayName;
  return (
    <svg class="tenant-banner" viewBox="0 0 320 40" width="100%" height="40" role="img" aria-label={label} focusable="false">
      <rect x="0" y="0" width="320" height="40" fill={b.colourBackground} />
      <text x="12" y="26" fill={b.colourText} font-size="16" font-weight="bold">
        {b.shortName ?? b.displayName}
      </text>
    </svg>
  );
}

export interface BrandingValues {
  displayName: string;
  shortName: string;
  colourText: string;
  colourBackground: string;
}

export function BrandingPage(props: { code: string; name: string; values: BrandingValues; errors: Partial<Record<keyof BrandingValues, string>> }) {
  const { t } = useView();
  const { values, errors } = props;
  return (
    <>
      <ErrorSummary errors={summaryItems(errors)} />
      <h1>{t('observatory.governments.branding.title', { name: props.name })}</h1>
      <p class="lead">{t('observatory.governments.branding.lead')}</p>
      <Form action={`/gobiernos/${props.code}/marca#resumen-errores`}>
        <TextField name="displayName" label={t('observatory.governments.branding.displayName')} value={values.displayName} error={errors.displayName} />
        <TextField name="shortName" label={t('observatory.governments.branding.shortName')} optional value={values.shortName} error={errors.shortName} width="20" />
        <TextField
          name="colourText"
          label={t('observatory.governments.branding.colourText')}
          hint={t('observatory.governments.branding.colourHint')}
          value={values.colourText}
          error={errors.colourText}
          width="10"
          spellcheck={false}
        />
        <TextField
          name="colourBackground"
          label={t('observatory.governments.branding.colourBackground')}
          hint={t('observatory.governments.branding.contrastHint')}
          value={values.colourBackground}
          error={errors.colourBackground}
          width="10"
          spellcheck={false}
        />
        <Button preventDoubleClick>{t('observatory.governments.branding.submit')}</Button>
      </Form>
    </>
  );
}
