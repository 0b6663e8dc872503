// The staff start page: what is waiting (cases and reports per agency, the triage queue) and
// the tools the person's roles open. Figures are tables with a caption (cards on small screens).
import { Table } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { StaffStart } from '../staff.service.ts';
import { ActionList } from './portal.views.tsx';

export function StaffStartPage(props: StaffStart) {
  const { t, format, viewer } = useView();
  const name = (code: string) => props.agencies.get(code) ?? code;
  const n = (value: number) => format.number(value);
  return (
    <>
      <h1>{t('portal.staff.title')}</h1>
      <p class="lead">{t('portal.staff.lead', { name: viewer?.name ?? '' })}</p>
      {props.cases.length > 0 ? (
        <section aria-labelledby="expedientes">
          <h2 id="expedientes">{t('portal.staff.cases.heading')}</h2>
          <Table
            caption={t('portal.staff.cases.caption')}
            rowHeaders
            columns={[
              { label: t('portal.staff.agency') },
              { label: t('portal.staff.cases.open'), numeric: true },
              { label: t('portal.staff.cases.unassigned'), numeric: true },
              { label: t('portal.staff.cases.mine'), numeric: true },
              { label: t('portal.staff.cases.overdue'), numeric: true },
            ]}
            rows={props.cases.map((c) => [
              name(c.agencyCode),
              <a key="open" href="/gestion/expedientes">
                {n(c.open)}
              </a>,
              <a key="unassigned" href="/gestion/expedientes?filtro=unassigned">
                {n(c.unassigned)}
              </a>,
              <a key="mine" href="/gestion/expedientes?filtro=mine">
                {n(c.mine)}
              </a>,
              <a key="overdue" href="/gestion/expedientes?filtro=overdue">
                {n(c.overdue)}
              </a>,
            ])}
          />
        </section>
      ) : null}
      {props.reports.length > 0 || props.triage !== null ? (
        <section aria-labelledby="reportes">
          <h2 id="reportes">{t('portal.staff.reports.heading')}</h2>
          {props.reports.length > 0 ? (
            <Table
              caption={t('portal.staff.reports.caption')}
              rowHeaders
              columns={[{ label: t('portal.staff.agency') }, { label: t('portal.staff.reports.open'), numeric: true }, { label: t('portal.staff.reports.overdue'), numeric: true }]}
              rows={props.reports.map((r) => [
                name(r.agencyCode),
                <a key="open" href="/reportes/institucion">
                  {n(r.open)}
                </a>,
                n(r.overdue),
              ])}
            />
          ) : null}
          {props.triage !== null ? (
            <p>
              <a href="/reportes/triaje">{t('portal.staff.reports.triage', { count: props.triage })}</a>
            </p>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="herramientas">
        <h2 id="herramientas">{t('portal.staff.toolsHeading')}</h2>
        <ActionList
          items={[
            ...props.tools.map((tool) => ({ href: tool.href, label: t(tool.labelKey), text: t(tool.textKey) })),
            ...props.adminLinks.map((link) => ({ href: link.href, label: t(link.labelKey), text: t(link.textKey) })),
          ]}
        />
      </section>
    </>
  );
}
