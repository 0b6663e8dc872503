// The officials' queue (/gestion/expedientes): filters, the cases of one page with their legal
// clock, and the links between pages (a "more" link carries the cursor; no JavaScript needed).
import { Button, Form, Select, Table, Tag } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Case, QueueFilter } from '../case.types.ts';
import { stateTone } from './case.views.tsx';
import { CounterSearchForm } from './counter.views.tsx';

export const FILTER_KEYS: Record<QueueFilter, string> = {
  open: 'cases.queue.filterOpen',
  unassigned: 'cases.queue.filterUnassigned',
  mine: 'cases.queue.filterMine',
  overdue: 'cases.queue.filterOverdue',
  closed: 'cases.queue.filterClosed',
};

export function QueueView(props: {
  cases: Case[];
  filter: QueueFilter;
  procedures: Array<{ id: string; name: string }>;
  procedureId?: string;
  daysLeft: (c: Case) => number | null;
  /** The state's label from the procedure's workflow, in the page's language. */
  stateLabel: (c: Case) => string;
  /** The cursor of the next page (a "more" link), null on the last. */
  next: string | null;
  isFirstPage: boolean;
}) {
  const { t } = useView();
  const procedureParam = props.procedureId ? `&procedimiento=${encodeURIComponent(props.procedureId)}` : '';
  const here = `/gestion/expedientes?filtro=${props.filter}${procedureParam}`;
  return (
    <>
      <h1>{t('cases.queue.heading')}</h1>
      <CounterSearchForm />
      <nav aria-label={t('cases.queue.filters')}>
        <ul class="list list--inline">
          {(Object.keys(FILTER_KEYS) as QueueFilter[]).map((f) => (
            <li key={f}>{f === props.filter ? <strong aria-current="page">{t(FILTER_KEYS[f])}</strong> : <a href={`/gestion/expedientes?filtro=${f}${procedureParam}`}>{t(FILTER_KEYS[f])}</a>}</li>
          ))}
        </ul>
      </nav>
      <Form action="/gestion/expedientes" method="get">
        <input type="hidden" name="filtro" value={props.filter} />
        <Select
          name="procedimiento"
          label={t('cases.queue.procedure')}
          placeholder={t('cases.queue.allProcedures')}
          value={props.procedureId ?? ''}
          options={props.procedures.map((p) => ({ value: p.id, label: p.name }))}
        />
        <Button variant="secondary">{t('cases.queue.applyFilter')}</Button>
      </Form>
      {props.cases.length === 0 ? (
        <p>{t('cases.queue.empty')}</p>
      ) : (
        <Table
          caption={t(FILTER_KEYS[props.filter])}
          columns={[{ label: t('cases.field.code') }, { label: t('cases.field.procedure') }, { label: t('cases.field.status') }, { label: t('cases.field.daysLeft') }]}
          rows={props.cases.map((c) => {
            const left = props.daysLeft(c);
            return [
              <a href={`/gestion/expedientes/${c.trackingCode}`}>{c.trackingCode}</a>,
              c.procedureName,
              <Tag tone={stateTone(c)}>{props.stateLabel(c)}</Tag>,
              left === null ? '—' : left < 0 ? <Tag tone="danger">{t('cases.queue.overdue', { days: -left })}</Tag> : String(left),
            ];
          })}
        />
      )}
      {props.next || !props.isFirstPage ? (
        <nav aria-label={t('cases.queue.pages')}>
          <ul class="list list--inline">
            {props.isFirstPage ? null : (
              <li>
                <a href={here}>{t('cases.queue.firstPage')}</a>
              </li>
            )}
            {props.next ? (
              <li>
                <a href={`${here}&desde=${encodeURIComponent(props.next)}`} rel="next">
                  {t('cases.queue.more')}
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}
