// The officials' page of a consultation: import the census (CSV pasted), see the report of
// rejected rows, and publish the results after the close.
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import { Button, ErrorSummary, Form, Panel, Radios, Select, Table, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { AssemblyErrors, AssemblyForm } from '../assembly-form.ts';
import type { Consultation, Proposal, Unit } from '../consultations.types.ts';
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
  /** During the voting: the units this official records assemblies for. */
  assemblyUnits?: Unit[];
  assembly?: { form: AssemblyForm; errors: AssemblyErrors; recorded?: { attendees: number; ballots: number } };
}) {
  const { t } = useView();
  const { c, report } = props;
  return (
    <>
      <ErrorSummary errors={summaryItems({ padron: props.error, ...props.assembly?.errors })} />
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
      {props.assemblyUnits && props.assemblyUnits.length > 0 ? <AssemblySection c={c} units={props.assemblyUnits} assembly={props.assembly} /> : null}
      <h2>{t('consultations.officials.censusHeading')}</h2>
      <Form action={`/consultas/${c.slug}/gestion/padron`}>
        <FormKey />
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

/** An assembly's paper ballots, typed from its act: the attendees are marked in the poll book. */
function AssemblySection(props: { c: Consultation; units: Unit[]; assembly?: { form: AssemblyForm; errors: AssemblyErrors; recorded?: { attendees: number; ballots: number } } }) {
  const { t } = useView();
  const form = props.assembly?.form;
  const errors = props.assembly?.errors ?? {};
  return (
    <>
      <h2 id="asamblea">{t('consultations.assembly.heading')}</h2>
      {props.assembly?.recorded ? (
        <Panel tone="success" title={t('consultations.assembly.recorded', props.assembly.recorded)}>
          <p>{t('consultations.assembly.recordedPollBook')}</p>
        </Panel>
      ) : null}
      <p>{t('consultations.assembly.lead')}</p>
      <Form action={`/consultas/${props.c.slug}/gestion/asamblea#resumen-errores`}>
        <FormKey value={form?.clave} />
        <Select
          name="unidad"
          label={t('consultations.assembly.unit')}
          placeholder={t('consultations.propose.unitPlaceholder')}
          options={props.units.map((u) => ({ value: u.code, label: u.name }))}
          value={form?.unidad}
          error={errors.unidad}
        />
        <TextField name="fecha" label={t('consultations.assembly.date')} hint={t('consultations.assembly.dateHint')} width="10" inputmode="numeric" value={form?.fecha} error={errors.fecha} />
        <TextArea
          name="asistentes"
          label={t('consultations.assembly.attendees')}
          hint={t('consultations.assembly.attendeesHint')}
          value={form?.asistentes}
          error={errors.asistentes}
          rows={6}
          spellcheck={false}
        />
        <TextArea
          name="papeletas"
          label={t('consultations.assembly.ballots')}
          hint={t('consultations.assembly.ballotsHint')}
          value={form?.papeletas}
          error={errors.papeletas}
          rows={6}
          spellcheck={false}
        />
        <Button>{t('consultations.assembly.submit')}</Button>
      </Form>
    </>
  );
}
