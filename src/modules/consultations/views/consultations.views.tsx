// Pages of the Consulta Popular: the list, a consultation with its proposals and results, the
// ballot (one step, no JavaScript), the receipt, the refusal, and the receipt check.
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import { Button, Checkboxes, ErrorSummary, Form, InsetText, Notice, Panel, Select, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Consultation, Phase, Proposal, Refusal, Unit } from '../consultations.types.ts';
import { BarChart } from '../../../platform/views/charts/index.ts';
import type { ParticipationDay, UnitResults } from '../results.service.ts';

export function useMoney(): (minor: number, currency: string) => string {
  const { format } = useView();
  return (minor, currency) => format.number(minor / 100, { style: 'currency', currency, currencyDisplay: 'code' });
}

export function ListPage(props: { consultations: Array<{ c: Consultation; phase: Phase }> }) {
  const { t, format } = useView();
  return (
    <>
      <h1>{t('consultations.list.heading')}</h1>
      <p>{t('consultations.list.lead')}</p>
      {props.consultations.length === 0 ? (
        <p>{t('consultations.list.empty')}</p>
      ) : (
        <ul class="list">
          {props.consultations.map(({ c, phase }) => (
            <li key={c.id}>
              <a href={`/consultas/${c.slug}`}>{c.title}</a> <Tag tone={phase === 'voting' ? 'success' : 'neutral'}>{t(`consultations.phase.${phase}`)}</Tag>{' '}
              {t('consultations.list.dates', { from: format.date(c.votingOpenAt), to: format.date(c.votingCloseAt) })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ProposalTable(props: { unit: Unit; proposals: Proposal[]; currency: string; councilNames: Readonly<Record<string, string>> }) {
  const { t } = useView();
  const money = useMoney();
  return (
    <Table
      caption={t('consultations.detail.proposalsOf', { unit: props.unit.name })}
      columns={[
        { label: t('consultations.field.number'), numeric: true },
        { label: t('consultations.field.proposal') },
        { label: t('consultations.field.cost'), numeric: true },
        { label: t('consultations.field.review') },
      ]}
      rows={props.proposals.map((p) => [
        String(p.seq),
        <>
          <strong>{p.title}</strong>
          <br />
          {p.description}
          {p.proposedByCouncil ? (
            <>
              <br />
              {t('consultations.propose.byCouncil', { council: props.councilNames[p.proposedByCouncil] ?? p.proposedByCouncil })}
            </>
          ) : null}
        </>,
        money(p.costMinor, props.currency),
        <>
          <Tag tone={p.reviewStatus === 'viable' ? 'success' : p.reviewStatus === 'not_viable' ? 'danger' : 'neutral'}>{t(`consultations.review.${p.reviewStatus}`)}</Tag>
          {p.reviewReason ? <> {p.reviewReason}</> : null}
        </>,
      ])}
    />
  );
}

export function ResultsTables(props: { results: UnitResults[]; currency: string }) {
  const { t } = useView();
  const money = useMoney();
  return (
    <>
      {props.results.map((u) => (
        <Table
          key={u.unitCode}
          caption={t('consultations.results.caption', { unit: u.unitName, ballots: u.ballots, budget: money(u.budgetMinor, props.currency) })}
          columns={[
            { label: t('consultations.field.proposal') },
            { label: t('consultations.field.votes'), numeric: true },
            { label: t('consultations.field.cost'), numeric: true },
            { label: t('consultations.results.funded') },
          ]}
          rows={u.proposals.map((p) => [p.title, String(p.votes), money(p.costMinor, props.currency), p.funded ? t('consultations.results.yes') : t('consultations.results.no')])}
        />
      ))}
    </>
  );
}

export function DetailPage(props: {
  c: Consultation;
  units: Unit[];
  proposals: Proposal[];
  councilNames: Readonly<Record<string, string>>;
  phase: Phase;
  results?: UnitResults[];
  participation: ParticipationDay[];
}) {
  const { t, format } = useView();
  const { c } = props;
  return (
    <>
      <h1>{c.title}</h1>
      <p>{c.description}</p>
      <SummaryList
        rows={[
          { key: t('consultations.field.phase'), value: t(`consultations.phase.${props.phase}`) },
          { key: t('consultations.field.voting'), value: t('consultations.list.dates', { from: format.dateTime(c.votingOpenAt), to: format.dateTime(c.votingCloseAt) }) },
          { key: t('consultations.field.rule'), value: t(`consultations.rule.${c.ballotRule}`, { min: c.approvalMin, max: c.approvalMax }) },
          { key: t('consultations.field.method'), value: t(`consultations.method.${c.resultMethod}`) },
        ]}
      />
      {props.phase === 'voting' ? (
        <p>
          <Button href={`/consultas/${c.slug}/votar`}>{t('consultations.detail.vote')}</Button>
        </p>
      ) : null}
      {props.phase === 'proposals' ? (
        <p>
          <Button href={`/consultas/${c.slug}/proponer`}>{t('consultations.detail.propose')}</Button>
        </p>
      ) : null}
      <p>
        <a href={`/consultas/${c.slug}/comprobante`}>{t('consultations.detail.checkReceipt')}</a> · <a href={`/consultas/${c.slug}/recibos`}>{t('consultations.detail.receiptList')}</a>
      </p>
      {props.results ? (
        <>
          <h2>{t('consultations.results.heading')}</h2>
          <ResultsTables results={props.results} currency={c.currency} />
        </>
      ) : null}
      {props.participation.length > 0 ? <Participation days={props.participation} /> : null}
      <h2>{t('consultations.detail.proposals')}</h2>
      {props.units.map((u) => (
        <ProposalTable key={u.code} unit={u} proposals={props.proposals.filter((p) => p.unitCode === u.code)} currency={c.currency} councilNames={props.councilNames} />
      ))}
    </>
  );
}

/** The ballot: the viable proposals of the voter's unit as checkboxes; sent once, confirmed in one step. */
export function BallotPage(props: { c: Consultation; unit: Unit; proposals: Proposal[]; action: string; receipt?: string; values?: string[]; error?: string }) {
  const { t } = useView();
  const money = useMoney();
  const { c, unit } = props;
  const hint =
    c.ballotRule === 'approval'
      ? t('consultations.ballot.hintApproval', { min: c.approvalMin, max: c.approvalMax })
      : t('consultations.ballot.hintKnapsack', { budget: money(unit.budgetMinor, c.currency) });
  return (
    <>
      <ErrorSummary errors={summaryItems({ opciones: props.error })} />
      <h1>{props.receipt ? t('consultations.ballot.changeHeading') : t('consultations.ballot.heading')}</h1>
      <p>{t('consultations.ballot.where', { unit: unit.name })}</p>
      <Form action={props.action}>
        {props.receipt ? (
          <>
            <input type="hidden" name="recibo" value={props.receipt} />
            <input type="hidden" name="enviado" value="1" />
          </>
        ) : null}
        <Checkboxes
          name="opciones"
          label={t('consultations.ballot.legend')}
          hint={hint}
          error={props.error}
          values={props.values}
          options={props.proposals.map((p) => ({ value: p.id, label: `${p.title} (${money(p.costMinor, c.currency)})`, hint: p.description }))}
        />
        <InsetText>{t('consultations.ballot.secret')}</InsetText>
        <Button preventDoubleClick>{props.receipt ? t('consultations.ballot.change') : t('consultations.ballot.confirm')}</Button>
      </Form>
    </>
  );
}

export function ReceiptPage(props: { c: Consultation; receipt: string; receiptId: string; choices: string[]; changed?: boolean }) {
  const { t } = useView();
  return (
    <>
      <Panel tone="success" title={props.changed ? t('consultations.receipt.changed') : t('consultations.receipt.cast')}>
        <p>{t('consultations.receipt.id', { id: props.receiptId })}</p>
      </Panel>
      {props.changed ? null : (
        <>
          <h2>{t('consultations.receipt.keep')}</h2>
          <p>{t('consultations.receipt.keepLead')}</p>
          <p>
            <code id="recibo">{props.receipt}</code>
          </p>
        </>
      )}
      <h2>{t('consultations.receipt.choices')}</h2>
      <ul>
        {props.choices.map((title) => (
          <li key={title}>{title}</li>
        ))}
      </ul>
      <p>
        <a href={`/consultas/${props.c.slug}/recibos`}>{t('consultations.detail.receiptList')}</a> · <a href={`/consultas/${props.c.slug}/comprobante`}>{t('consultations.detail.checkReceipt')}</a>
      </p>
    </>
  );
}

export function RefusalPage(props: { c: Consultation; reason: Refusal | 'already_voted' | 'proposals_closed' }) {
  const { t } = useView();
  return (
    <>
      <h1>{t(props.reason === 'proposals_closed' ? 'consultations.propose.closedHeading' : 'consultations.refusal.heading')}</h1>
      <Notice tone="warning">{t(`consultations.refusal.${props.reason}`)}</Notice>
      {props.reason === 'already_voted' && props.c.allowRevote ? (
        <p>
          <a href={`/consultas/${props.c.slug}/comprobante`}>{t('consultations.refusal.changeWithReceipt')}</a>
        </p>
      ) : null}
      <p>
        <a href={`/consultas/${props.c.slug}`}>{t('consultations.refusal.back')}</a>
      </p>
    </>
  );
}

/** Enter a receipt: see the ballot it holds, whether it matches the published commitment, and change it while voting is open. */
export function ReceiptCheckPage(props: {
  c: Consultation;
  receipt?: string;
  error?: string;
  found?: { receiptId: string; choices: string[]; commitment: string; matches: boolean };
  canChange: boolean;
}) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems({ recibo: props.error })} />
      <h1>{t('consultations.check.heading')}</h1>
      <p>{t('consultations.check.lead')}</p>
      {props.found ? (
        <>
          <Panel tone={props.found.matches ? 'success' : 'warning'} title={props.found.matches ? t('consultations.check.matches', { id: props.found.receiptId }) : t('consultations.check.mismatch')}>
            <p>{t('consultations.check.commitment', { commitment: props.found.commitment })}</p>
            <ul>
              {props.found.choices.map((title) => (
                <li key={title}>{title}</li>
              ))}
            </ul>
          </Panel>
          {props.canChange ? (
            <Form action={`/consultas/${props.c.slug}/cambiar`}>
              <input type="hidden" name="recibo" value={props.receipt} />
              <Button variant="secondary">{t('consultations.check.change')}</Button>
            </Form>
          ) : null}
        </>
      ) : null}
      <Form action={`/consultas/${props.c.slug}/comprobante`}>
        <TextArea name="recibo" label={t('consultations.check.field')} hint={t('consultations.check.hint')} error={props.error} value={props.receipt} rows={2} spellcheck={false} />
        <Button>{t('consultations.check.submit')}</Button>
      </Form>
    </>
  );
}

export function ReceiptListPage(props: { c: Consultation; receipts: Array<{ receiptId: string; commitment: string }> }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('consultations.receipts.heading')}</h1>
      <p>{t('consultations.receipts.lead')}</p>
      <Table
        caption={t('consultations.receipts.caption', { count: props.receipts.length })}
        columns={[{ label: t('consultations.receipts.id') }, { label: t('consultations.receipts.commitment') }]}
        rows={props.receipts.map((r) => [r.receiptId, <code key={r.receiptId}>{r.commitment}</code>])}
      />
    </>
  );
}

/** What a person typed in the proposal form (kept as typed when it comes back with errors). */
export interface ProposalForm {
  unidad: string;
  /** The council proposing, by one of its spokespeople; empty for the person herself. */
  consejo: string;
  titulo: string;
  descripcion: string;
  costo: string;
  latitud: string;
  longitud: string;
  /** The form's own key (hidden): a double submit or a burst of identical posts stores one proposal. */
  clave: string;
}

/** A project proposed by a person during the proposals phase: its unit, what, how much, where (optional). */
export function ProposalFormPage(props: {
  c: Consultation;
  units: Unit[];
  councils: ReadonlyArray<{ code: string; name: string; unitCode: string }>;
  form: ProposalForm;
  errors: Partial<Record<Exclude<keyof ProposalForm, 'clave'>, string>>;
}) {
  const { t, format } = useView();
  const { c, form, errors } = props;
  return (
    <>
      <ErrorSummary errors={summaryItems(errors)} />
      <h1>{t('consultations.propose.heading')}</h1>
      <p>{t('consultations.propose.lead', { title: c.title, until: format.dateTime(c.reviewOpenAt) })}</p>
      <Form action={`/consultas/${c.slug}/proponer#resumen-errores`}>
        <FormKey value={form.clave} />
        <Select
          name="unidad"
          label={t('consultations.propose.unit')}
          hint={t('consultations.propose.unitHint')}
          placeholder={t('consultations.propose.unitPlaceholder')}
          options={props.units.map((u) => ({ value: u.code, label: u.name }))}
          value={form.unidad}
          error={errors.unidad}
        />
        {props.councils.length > 0 ? (
          <Select
            name="consejo"
            label={t('consultations.propose.council')}
            hint={t('consultations.propose.councilHint')}
            placeholder={t('consultations.propose.councilSelf')}
            options={props.councils.map((council) => ({ value: council.code, label: council.name }))}
            value={form.consejo}
            error={errors.consejo}
          />
        ) : null}
        <TextField name="titulo" label={t('consultations.propose.title')} value={form.titulo} error={errors.titulo} />
        <TextArea name="descripcion" label={t('consultations.propose.description')} hint={t('consultations.propose.descriptionHint')} value={form.descripcion} error={errors.descripcion} rows={5} />
        <TextField
          name="costo"
          label={t('consultations.propose.cost')}
          hint={t('consultations.propose.costHint')}
          inputmode="decimal"
          width="10"
          prefix={c.currency}
          value={form.costo}
          error={errors.costo}
        />
        <TextField
          name="latitud"
          label={t('consultations.propose.latitude')}
          hint={t('consultations.propose.locationHint')}
          optional
          inputmode="decimal"
          width="10"
          value={form.latitud}
          error={errors.latitud}
        />
        <TextField name="longitud" label={t('consultations.propose.longitude')} optional inputmode="decimal" width="10" value={form.longitud} error={errors.longitud} />
        <Button>{t('consultations.propose.submit')}</Button>
      </Form>
    </>
  );
}

/** The proposal received: its number, and what happens next. */
export function ProposalReceivedPage(props: { c: Consultation; seq: number; title: string }) {
  const { t, format } = useView();
  const { c } = props;
  return (
    <>
      <Panel tone="success" title={t('consultations.propose.received', { seq: props.seq })}>
        <p>{props.title}</p>
      </Panel>
      <p>{t('consultations.propose.next', { review: format.dateTime(c.reviewOpenAt), voting: format.dateTime(c.votingOpenAt) })}</p>
      <p>
        <a href={`/consultas/${c.slug}`}>{t('consultations.propose.back')}</a>
      </p>
    </>
  );
}

/** Ballots per day, online and at assemblies: a bar chart of the days' totals beside the table of the same figures. */
function Participation(props: { days: ParticipationDay[] }) {
  const { t, format } = useView();
  const label = (day: string) => format.shortDate(day);
  const cell = (n: number | null) => (n === null ? t('consultations.participation.suppressed') : format.number(n));
  const total = props.days.reduce((sum, d) => sum + (d.online ?? 0) + (d.assembly ?? 0), 0);
  return (
    <section aria-labelledby="participacion">
      <h2 id="participacion">{t('consultations.participation.heading')}</h2>
      <BarChart
        id="grafico-participacion"
        title={t('consultations.participation.heading')}
        description={t('consultations.participation.description', { days: props.days.length, total })}
        points={props.days.map((d) => ({ label: label(d.day), value: (d.online ?? 0) + (d.assembly ?? 0) }))}
      />
      <Table
        caption={t('consultations.participation.table')}
        rowHeaders
        columns={[
          { label: t('consultations.participation.day') },
          { label: t('consultations.participation.online'), numeric: true },
          { label: t('consultations.participation.assembly'), numeric: true },
        ]}
        rows={props.days.map((d) => [label(d.day), cell(d.online), cell(d.assembly)])}
      />
    </section>
  );
}
