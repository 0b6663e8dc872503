// Pages of communal justice of peace: the front page with the public figures, the request form,
// a case as its parties and its justice see it (with the justice's forms), and following a case
// with a code.
import { Button, DateField, ErrorSummary, Form, Select, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { CLOSING_OUTCOMES, type Entry, type Kind, type Mediation, type MediationFile, type Party, type Viewer } from '../peace-justice.types.ts';

export interface FigureRow {
  kind: string;
  outcome: string | null;
  count: number | null;
}

export function FrontPage(props: { signedIn: boolean; cases: Mediation[]; requests: FigureRow[]; ended: FigureRow[] }) {
  const { t } = useView();
  const count = (n: number | null) => (n === null ? t('peace_justice.figures.suppressed') : String(n));
  return (
    <>
      <h1>{t('peace_justice.front.heading')}</h1>
      <p>{t('peace_justice.front.lead')}</p>
      <p>
        <Button href="/justicia-de-paz/solicitar">{t('peace_justice.front.request')}</Button>
      </p>
      <p>
        <a href="/justicia-de-paz/seguimiento">{t('peace_justice.front.follow')}</a>
      </p>
      {props.signedIn ? (
        <>
          <h2>{t('peace_justice.front.mine')}</h2>
          {props.cases.length === 0 ? (
            <p>{t('peace_justice.front.none')}</p>
          ) : (
            <Table
              caption={t('peace_justice.front.mine')}
              captionHidden
              columns={[{ label: t('peace_justice.field.code') }, { label: t('peace_justice.field.kind') }, { label: t('peace_justice.field.territory') }, { label: t('peace_justice.field.status') }]}
              rows={props.cases.map((m) => [
                <a key="c" href={`/justicia-de-paz/casos/${m.id}`}>
                  {m.code}
                </a>,
                t(`peace_justice.kind.${m.kind}`),
                m.territoryCode,
                <Tag key="s">{t(`peace_justice.status.${m.status}`)}</Tag>,
              ])}
            />
          )}
        </>
      ) : null}
      <h2>{t('peace_justice.figures.heading')}</h2>
      <p>{t('peace_justice.figures.lead')}</p>
      <Table
        caption={t('peace_justice.figures.requests')}
        columns={[{ label: t('peace_justice.field.kind') }, { label: t('peace_justice.figures.count'), numeric: true }]}
        rows={props.requests.map((r) => [t(`peace_justice.kind.${r.kind}`), count(r.count)])}
      />
      <Table
        caption={t('peace_justice.figures.ended')}
        columns={[{ label: t('peace_justice.field.kind') }, { label: t('peace_justice.field.outcome') }, { label: t('peace_justice.figures.count'), numeric: true }]}
        rows={props.ended.map((r) => [t(`peace_justice.kind.${r.kind}`), t(`peace_justice.outcome.${r.outcome ?? 'referred'}`), count(r.count)])}
      />
    </>
  );
}

export interface RequestForm {
  tipo: string;
  asunto: string;
  territorio: string;
  enNombreDe: string;
  parties: Array<{ nombre: string; documento: string }>;
}

export function RequestPage(props: {
  kinds: Kind[];
  territories: Array<{ code: string; name: string }>;
  councils: Array<{ code: string; name: string }>;
  form: RequestForm;
  errors: Record<string, string>;
}) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('peace_justice.request.heading')}</h1>
      <p>{t('peace_justice.request.lead')}</p>
      <Form action="/justicia-de-paz/solicitar">
        {props.councils.length > 0 ? (
          <Select
            name="en-nombre-de"
            label={t('peace_justice.request.onBehalfOf')}
            hint={t('peace_justice.request.onBehalfOfHint')}
            value={props.form.enNombreDe}
            placeholder={t('peace_justice.request.myself')}
            error={props.errors['en-nombre-de']}
            options={props.councils.map((c) => ({ value: c.code, label: c.name }))}
          />
        ) : null}
        <Select
          name="tipo"
          label={t('peace_justice.field.kind')}
          hint={t('peace_justice.request.kindHint')}
          value={props.form.tipo}
          placeholder={t('peace_justice.request.choose')}
          error={props.errors.tipo}
          options={props.kinds.map((k) => ({ value: k.code, label: t(`peace_justice.kind.${k.code}`) }))}
        />
        <TextArea name="asunto" label={t('peace_justice.field.subject')} hint={t('peace_justice.request.subjectHint')} value={props.form.asunto} error={props.errors.asunto} rows={5} />
        <Select
          name="territorio"
          label={t('peace_justice.field.territory')}
          hint={t('peace_justice.request.territoryHint')}
          value={props.form.territorio}
          placeholder={t('peace_justice.request.choose')}
          error={props.errors.territorio}
          options={props.territories.map((o) => ({ value: o.code, label: o.name }))}
        />
        <h2>{t('peace_justice.request.parties')}</h2>
        <p>{t('peace_justice.request.partiesHint')}</p>
        {props.form.parties.map((p, index) => (
          <div key={String(index)}>
            <TextField
              name={`parte${index + 1}-nombre`}
              label={t('peace_justice.request.partyName', { n: index + 1 })}
              optional={index > 0}
              value={p.nombre}
              error={props.errors[`parte${index + 1}-nombre`]}
              autocomplete="off"
            />
            <TextField name={`parte${index + 1}-documento`} label={t('peace_justice.request.partyDocument', { n: index + 1 })} optional value={p.documento} autocomplete="off" />
          </div>
        ))}
        <Button type="submit">{t('peace_justice.request.submit')}</Button>
      </Form>
    </>
  );
}

function History(props: { entries: Entry[]; parties: Party[] }) {
  const { t, format } = useView();
  const nameOf = (position: unknown) => props.parties.find((p) => p.position === position)?.name ?? '';
  return (
    <>
      <h2>{t('peace_justice.case.history')}</h2>
      <ol class="timeline">
        {props.entries.map((e) => (
          <li key={String(e.id)}>
            <strong>{format.dateTime(e.at)}</strong> {t(`peace_justice.entry.${e.kind}`)}
            {e.kind === 'session_scheduled' ? ` ${t('peace_justice.case.sessionAt', { at: format.dateTime(new Date(String(e.data.at))), place: e.text ?? '' })}` : null}
            {e.kind === 'act_accepted' ? ` ${nameOf(e.data.party)} (${t(`peace_justice.via.${String(e.data.via)}`)})` : null}
            {e.kind === 'closed' ? ` ${t(`peace_justice.outcome.${String(e.data.outcome)}`)}` : null}
            {e.text && e.kind !== 'session_scheduled' ? <p>{e.text}</p> : null}
          </li>
        ))}
      </ol>
    </>
  );
}

export function CaseBody(props: MediationFile & { viewer: Viewer | { as: 'follower'; partyId: string } }) {
  const { t } = useView();
  const m = props.mediation;
  const isJustice = props.viewer.as === 'justice';
  const mine = props.viewer.as === 'justice' ? undefined : props.parties.find((p) => p.id === (props.viewer as { partyId: string }).partyId);
  return (
    <>
      <h1>{t('peace_justice.case.heading', { code: m.code })}</h1>
      <SummaryList
        rows={[
          { key: t('peace_justice.field.kind'), value: t(`peace_justice.kind.${m.kind}`) },
          { key: t('peace_justice.field.territory'), value: m.territoryCode },
          ...(m.requesterCouncil ? [{ key: t('peace_justice.field.requesterCouncil'), value: t('peace_justice.case.byCouncil', { council: m.requesterCouncil }) }] : []),
          { key: t('peace_justice.field.status'), value: t(`peace_justice.status.${m.status}`) },
          ...(m.outcome ? [{ key: t('peace_justice.field.outcome'), value: t(`peace_justice.outcome.${m.outcome}`) }] : []),
          ...(m.referredTo ? [{ key: t('peace_justice.field.referredTo'), value: m.referredTo }] : []),
          { key: t('peace_justice.field.subject'), value: m.subject },
        ]}
      />
      <h2>{t('peace_justice.case.parties')}</h2>
      <Table
        caption={t('peace_justice.case.parties')}
        captionHidden
        columns={[{ label: t('peace_justice.case.partyName') }, { label: t('peace_justice.case.reach') }, { label: t('peace_justice.case.acceptance') }]}
        rows={props.parties.map((p) => [
          p.name,
          p.accountId
            ? t('peace_justice.case.byMailbox')
            : isJustice || m.requesterAccountId === (mine?.accountId ?? '')
              ? t('peace_justice.case.inPersonCode', { code: p.followCode ?? '' })
              : t('peace_justice.case.inPerson'),
          p.acceptedVia ? t(`peace_justice.via.${p.acceptedVia}`) : t('peace_justice.case.notAccepted'),
        ])}
      />
      {m.actText ? (
        <>
          <h2>{t('peace_justice.case.act')}</h2>
          <p class="act">{m.actText}</p>
        </>
      ) : null}
      <History entries={props.entries} parties={props.parties} />
    </>
  );
}

export function CasePage(props: MediationFile & { viewer: Viewer; level: string; errors: Record<string, string>; form: Record<string, string>; done?: string }) {
  const { t } = useView();
  const m = props.mediation;
  const base = `/justicia-de-paz/casos/${m.id}`;
  const mine = props.viewer.as === 'party' ? props.parties.find((p) => p.id === (props.viewer as { partyId: string }).partyId) : undefined;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      {props.done ? (
        <p role="status" class="notice">
          {t(`peace_justice.done.${props.done}`)}
        </p>
      ) : null}
      <CaseBody {...props} />
      {mine && m.status === 'act_recorded' && mine.acceptedAt === null ? (
        <section aria-labelledby="firmar">
          <h2 id="firmar">{t('peace_justice.case.acceptHeading')}</h2>
          {props.level === 'sustancial' ? (
            <Form action={`${base}/firmar`}>
              <p>{t('peace_justice.case.acceptLead')}</p>
              <Button type="submit">{t('peace_justice.case.acceptSubmit')}</Button>
            </Form>
          ) : (
            <p>{t('peace_justice.case.levelNeeded')}</p>
          )}
        </section>
      ) : null}
      {props.viewer.as === 'justice' ? <JusticeForms {...props} base={base} /> : null}
    </>
  );
}

function JusticeForms(props: MediationFile & { base: string; errors: Record<string, string>; form: Record<string, string> }) {
  const { t } = useView();
  const m = props.mediation;
  const { base, errors, form } = props;
  return (
    <section aria-labelledby="gestion">
      <h2 id="gestion">{t('peace_justice.justice.heading')}</h2>
      {m.status === 'requested' ? (
        <Form action={`${base}/aceptar`}>
          <Button type="submit">{t('peace_justice.justice.accept')}</Button>
        </Form>
      ) : null}
      {m.status === 'in_mediation' ? (
        <>
          <Form action={`${base}/sesion`}>
            <h3>{t('peace_justice.justice.schedule')}</h3>
            <DateField name="fecha" label={t('peace_justice.justice.date')} error={errors.fecha} />
            <TextField name="hora" label={t('peace_justice.justice.time')} hint={t('peace_justice.justice.timeHint')} value={form.hora} width="5" />
            <TextField name="lugar" label={t('peace_justice.justice.place')} value={form.lugar} error={errors.lugar} />
            <Button type="submit">{t('peace_justice.justice.scheduleSubmit')}</Button>
          </Form>
          <Form action={`${base}/sesion-realizada`}>
            <TextArea name="notas" label={t('peace_justice.justice.held')} hint={t('peace_justice.justice.heldHint')} value={form.notas} error={errors.notas} rows={3} />
            <Button type="submit">{t('peace_justice.justice.heldSubmit')}</Button>
          </Form>
          <Form action={`${base}/acta`}>
            <TextArea name="acta" label={t('peace_justice.justice.act')} hint={t('peace_justice.justice.actHint')} value={form.acta} error={errors.acta} rows={6} />
            <Button type="submit">{t('peace_justice.justice.actSubmit')}</Button>
          </Form>
        </>
      ) : null}
      {m.status === 'act_recorded'
        ? props.parties
            .filter((p) => p.acceptedAt === null)
            .map((p) => (
              <Form key={p.id} action={`${base}/presencial`}>
                <input type="hidden" name="parte" value={p.id} />
                <Button type="submit" variant="secondary">
                  {t('peace_justice.justice.attest', { name: p.name })}
                </Button>
              </Form>
            ))
        : null}
      {m.status === 'act_signed' ? (
        <Form action={`${base}/cumplimiento`}>
          <TextArea name="cumplimiento" label={t('peace_justice.justice.fulfilment')} value={form.cumplimiento} error={errors.cumplimiento} rows={3} />
          <Button type="submit">{t('peace_justice.justice.fulfilmentSubmit')}</Button>
        </Form>
      ) : null}
      {m.status === 'in_mediation' || m.status === 'act_signed' ? (
        <Form action={`${base}/cerrar`}>
          <Select
            name="resultado"
            label={t('peace_justice.field.outcome')}
            error={errors.resultado}
            options={CLOSING_OUTCOMES.filter((o) => (m.status === 'act_signed') === ['fulfilled', 'partly_fulfilled', 'not_fulfilled'].includes(o)).map((o) => ({
              value: o,
              label: t(`peace_justice.outcome.${o}`),
            }))}
          />
          <Button type="submit">{t('peace_justice.justice.close')}</Button>
        </Form>
      ) : null}
      {m.status === 'requested' || m.status === 'in_mediation' ? (
        <Form action={`${base}/derivar`}>
          <h3>{t('peace_justice.justice.refer')}</h3>
          <TextField name="autoridad" label={t('peace_justice.justice.authority')} value={form.autoridad} error={errors.autoridad} />
          <TextArea name="motivo" label={t('peace_justice.justice.reason')} value={form.motivo} error={errors.motivo} rows={3} />
          <Button type="submit" variant="secondary">
            {t('peace_justice.justice.referSubmit')}
          </Button>
        </Form>
      ) : null}
    </section>
  );
}

export function FollowPage(props: { form: { caso: string; clave: string }; errors: Record<string, string>; file?: MediationFile & { party: Party } }) {
  const { t } = useView();
  if (props.file) return <CaseBody {...props.file} viewer={{ as: 'follower', partyId: props.file.party.id }} />;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('peace_justice.follow.heading')}</h1>
      <p>{t('peace_justice.follow.lead')}</p>
      <Form action="/justicia-de-paz/seguimiento">
        <TextField name="caso" label={t('peace_justice.follow.case')} hint={t('peace_justice.follow.caseHint')} value={props.form.caso} error={props.errors.caso} autocomplete="off" />
        <TextField name="clave" label={t('peace_justice.follow.code')} value={props.form.clave} autocomplete="off" />
        <Button type="submit">{t('peace_justice.follow.submit')}</Button>
      </Form>
    </>
  );
}
