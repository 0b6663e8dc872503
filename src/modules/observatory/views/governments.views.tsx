// Subnational governments as tenants (docs/entities.md#tenants): the public space of one
// (/gobiernos/{code}), the list of them (/gobiernos) and the administrators' onboarding form
// (/admin/gobiernos). Plain pages and forms: everything works without JavaScript.
import { Button, ErrorSummary, Form, Notice, Select, SummaryList, summaryItems, Table } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Agency, Tenant } from '../../agencies/index.ts';
import type { GovernmentView } from '../governments.service.ts';
import type { RankedEntity } from '../ranking.ts';
import { useFigure } from './observatory.views.tsx';

export function GovernmentPage(props: { view: GovernmentView }) {
  const { t } = useView();
  const figure = useFigure();
  const { agency, figures, procedures } = props.view;
  return (
    <>
      <h1>{agency.name}</h1>
      <p class="lead">{t('observatory.governments.lead', { level: t(`agencies.level.${agency.level}`) })}</p>
      <SummaryList
        rows={[
          { key: t('observatory.governments.level'), value: t(`agencies.level.${agency.level}`) },
          { key: t('observatory.governments.territory'), value: props.view.territoryName ?? t('observatory.governments.noTerritory') },
          ...(agency.contactEmail ? [{ key: t('observatory.governments.contact'), value: agency.contactEmail }] : []),
        ]}
      />
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
          columns={[{ label: t('observatory.governments.admin.government') }, { label: t('observatory.governments.admin.since') }, { label: t('observatory.governments.admin.staff') }]}
          rows={props.tenants.map((g) => [
            <a key="n" href={`/gobiernos/${g.code}`}>
              {g.agency.name}
            </a>,
            format.date(g.onboardedAt),
            <a key="r" href={`/admin/roles?institucion=${encodeURIComponent(g.code)}`}>
              {t('observatory.governments.admin.roles', { name: g.agency.acronym || g.code })}
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
