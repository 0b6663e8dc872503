// The officials' page of a consultation: import the census (CSV pasted), see the report of
// rejected rows, and publish the results after the close.
import { Button, ErrorSummary, Form, Panel, Table, TextArea, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Consultation } from '../consultations.types.ts';
import type { CensusReport } from '../results.service.ts';

export function OfficialsPage(props: { c: Consultation; closed: boolean; report?: CensusReport; csv?: string; error?: string; published?: boolean }) {
  const { t } = useView();
  const { c, report } = props;
  return (
    <>
      <ErrorSummary errors={summaryItems({ padron: props.error })} />
      <h1>{t('consultations.officials.heading', { title: c.title })}</h1>
      {report ? (
        <Panel tone={report.rejected.length ? 'warning' : 'success'} title={t('consultations.officials.imported', { accepted: report.accepted, rejected: report.rejected.length })}>
          {report.rejected.length ? (
            <Table
              caption={t('consultations.officials.rejectedCaption')}
              columns={[{ label: t('consultations.officials.line'), numeric: true }, { label: t('consultations.officials.reason') }]}
              rows={report.rejected.map((r) => [String(r.line), t(`consultations.officials.reasons.${r.reason}`)])}
            />
          ) : null}
        </Panel>
      ) : null}
      {props.published ? (
        <Panel tone="success" title={t('consultations.officials.publishedNow')}>
          <p>
            <a href={`/consultas/${c.slug}`}>{t('consultations.officials.seeResults')}</a>
          </p>
        </Panel>
      ) : null}
      <h2>{t('consultations.officials.censusHeading')}</h2>
      <Form action={`/consultas/${c.slug}/gestion/padron`}>
        <TextArea name="padron" label={t('consultations.officials.censusField')} hint={t('consultations.officials.censusHint')} error={props.error} value={props.csv} rows={8} spellcheck={false} />
        <Button>{t('consultations.officials.import')}</Button>
      </Form>
      <h2>{t('consultations.officials.resultsHeading')}</h2>
      {c.resultsPublishedAt ? (
        <p>
          <a href={`/consultas/${c.slug}`}>{t('consultations.officials.seeResults')}</a>
        </p>
      ) : props.closed ? (
        <Form action={`/consultas/${c.slug}/gestion/publicar`}>
          <Button>{t('consultations.officials.publish')}</Button>
        </Form>
      ) : (
        <p>{t('consultations.officials.notClosed')}</p>
      )}
    </>
  );
}
