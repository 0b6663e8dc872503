// The officials' page of a consultation: import the census (CSV pasted), see the report of
// rejected rows, and publish the results after the close.
import { Button, ErrorSummary, Form, Panel, Radios, Table, TextArea, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Consultation, Proposal } from '../consultations.types.ts';
import type { CensusReport } from '../results.service.ts';

export function OfficialsPage(props: {
  c: Consultation;
  closed: boolean;
  report?: CensusReport;
  csv?: string;
  error?: string;
  published?: boolean;
  reviewable?: Proposal[];
  reviewError?: { proposalId: string; message: string };
}) {
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
      {props.reviewable && props.reviewable.length > 0 ? (
        <>
          <h2>{t('consultations.officials.reviewHeading')}</h2>
          {props.reviewable.map((p) => {
            const error = props.reviewError?.proposalId === p.id ? props.reviewError.message : undefined;
            return (
              <Form key={p.id} action={`/consultas/${c.slug}/gestion/revision/${p.id}`}>
                <h3>{p.title}</h3>
                <Radios
                  name="dictamen"
                  label={t('consultations.officials.verdict')}
                  value={p.reviewStatus === 'pending' ? undefined : p.reviewStatus}
                  inline
                  options={[
                    { value: 'viable', label: t('consultations.review.viable') },
                    { value: 'not_viable', label: t('consultations.review.not_viable') },
                  ]}
                />
                <TextArea name="motivo" label={t('consultations.officials.reviewReason')} error={error} value={p.reviewReason ?? ''} rows={2} />
                <Button variant="secondary">{t('consultations.officials.saveReview')}</Button>
              </Form>
            );
          })}
        </>
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
