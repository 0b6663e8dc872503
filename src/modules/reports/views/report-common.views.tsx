// Pieces every page of reports shares: form state types, formatting, the status tag, the map, the report table.
// No view ever receives the reporter's identity or contact: the public report type does not carry them.
import { type ChoiceOption, ErrorSummary, Panel, Select, summaryItems, Table, Tag } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Report, ReportStatus } from '../report.types.ts';

export type FormErrors = Record<string, string | undefined>;
export type FormValues = Record<string, string | string[] | undefined>;

export interface Formatting {
  dateTime: (d: Date) => string;
  territoryName: (code: string | null) => string;
  categoryName: (code: string) => string;
}

export const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
export const arr = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

const STATUS_TONE: Record<ReportStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  received: 'info',
  in_progress: 'warning',
  resolved: 'success',
  rejected: 'danger',
  duplicate: 'neutral',
};

export function StatusTag(props: { status: ReportStatus }) {
  const { t } = useView();
  return <Tag tone={STATUS_TONE[props.status]}>{t(`reports.status.${props.status}`)}</Tag>;
}

/** The status of a report, followed by the overdue tag when it is late. */
export function StatusTags(props: { status: ReportStatus; isOverdue: boolean }) {
  return (
    <>
      <StatusTag status={props.status} />
      {props.isOverdue ? (
        <>
          {' '}
          <OverdueTag />
        </>
      ) : null}
    </>
  );
}

/** A select of the reports forms: "choose" as placeholder, the value typed and the error from the form state. */
export function ChoiceSelect(props: { name: string; label: string; options: ChoiceOption[]; values: FormValues; errors: FormErrors; optional?: boolean }) {
  const { t } = useView();
  return (
    <Select
      name={props.name}
      label={props.label}
      options={props.options}
      placeholder={t('reports.new.choose')}
      value={str(props.values[props.name])}
      error={props.errors[props.name]}
      optional={props.optional}
    />
  );
}

export function OverdueTag() {
  const { t } = useView();
  return <Tag tone="danger">{t('reports.overdue')}</Tag>;
}

/** The map (progressive enhancement, only with MAP_TILE_URL): hidden until the script draws it. */
export function ReportMap(props: { mode: 'pick' | 'show'; tileUrl: string | null; points?: string; id: string }) {
  const { t, asset } = useView();
  if (!props.tileUrl) return null;
  return (
    <>
      <div
        class="report-map"
        id={props.id}
        data-report-map={props.mode}
        data-tiles={props.tileUrl}
        data-points={props.points}
        data-zoom-in={t('reports.map.zoomIn')}
        data-zoom-out={t('reports.map.zoomOut')}
        hidden
      />
      <script src={asset('js/reports-map.js')} defer />
    </>
  );
}

export function ReportTable(props: { reports: Report[]; format: Formatting; caption: string }) {
  const { t } = useView();
  if (props.reports.length === 0) return <p>{t('reports.list.empty')}</p>;
  return (
    <Table
      caption={props.caption}
      captionHidden
      columns={[
        { label: t('reports.field.code') },
        { label: t('reports.field.category') },
        { label: t('reports.field.territory') },
        { label: t('reports.field.agency') },
        { label: t('reports.field.status') },
        { label: t('reports.field.created') },
      ]}
      rows={props.reports.map((r) => [
        <a href={`/reportes/${r.id}`}>{r.code}</a>,
        props.format.categoryName(r.categoryCode),
        props.format.territoryName(r.territoryCode),
        r.agencyName ?? t('reports.triage.pending'),
        <StatusTags status={r.status} isOverdue={r.isOverdue} />,
        props.format.dateTime(r.createdAt),
      ])}
    />
  );
}

/** The top of a form page: the error summary, a success notice, the title and the lead. */
export function FormPageHead(props: { errors: FormErrors; notice?: string; titleKey: string; leadKey: string }) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      {props.notice ? (
        <Panel tone="success" title={props.notice}>
          {null}
        </Panel>
      ) : null}
      <h1>{t(props.titleKey)}</h1>
      <p class="lead">{t(props.leadKey)}</p>
    </>
  );
}
