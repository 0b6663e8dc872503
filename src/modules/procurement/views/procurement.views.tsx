// Public pages of state procurement (/compras): the market (search), a process with its Q&A,
// sealed offers, opening, award, complaints, contract and execution; a supplier's awards; the
// observatory with totals and red flags; the opening key handed over at publication.
import { Button, ErrorSummary, Form, Notice, Radios, Select, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { TenderView } from '../procurement.service.ts';
import { CPV_CODES, cpvLabel, type Offer, phaseOf, RESERVATIONS, type Tender } from '../procurement.types.ts';
import type { RedFlag } from '../red-flags.ts';
import { AttachDocuments, OpenedDocuments } from './documents.views.tsx';
import { CommitteeFields, KeyShares, RuleFields, ScoreOffers } from './points.views.tsx';
import { awaitingScores, toScore } from '../points.service.ts';
import type { DocumentReceipt } from '../documents.queries.ts';

type Errors = Record<string, string>;
type Values = Record<string, string>;

function Flags(props: { flags: RedFlag[] }) {
  const { t } = useView();
  if (props.flags.length === 0) return <p>{t('procurement.flags.none')}</p>;
  return (
    <ul>
      {props.flags.map((f) => (
        <li key={f}>
          <Tag tone="warning">{t(`procurement.flags.${f}`)}</Tag>
        </li>
      ))}
    </ul>
  );
}

/** The officer's answer to a pending complaint (errors shown only on the form that failed). */
function AnswerComplaint(props: { base: string; id: string; values: Values; errors: Errors }) {
  const { t } = useView();
  return (
    <Form action={`${props.base}/reclamos/${props.id}/respuesta#resumen-errores`}>
      <h3>{t('procurement.complaints.answerHeading')}</h3>
      <Radios
        name="outcome"
        label={t('procurement.complaints.outcome')}
        value={props.values.outcome}
        error={props.errors.outcome}
        options={[
          { value: 'rejected', label: t('procurement.complaints.outcomeRejected') },
          { value: 'upheld', label: t('procurement.complaints.outcomeUpheld') },
        ]}
      />
      <TextArea name="reasons" label={t('procurement.complaints.reasons')} value={props.values.reasons} error={props.errors.reasons} rows={3} />
      <Button type="submit">{t('procurement.complaints.answerSubmit')}</Button>
    </Form>
  );
}

export function MarketPage(props: { tenders: Tender[]; filter: Values; officer: boolean }) {
  const { t, format, locale } = useView();
  return (
    <>
      <h1>{t('procurement.market.heading')}</h1>
      <p>{t('procurement.market.lead')}</p>
      <p>
        <a href="/compras/observatorio">{t('procurement.observatory.heading')}</a> · <a href="/api/v1/ocds/record-packages">{t('procurement.market.ocds')}</a> ·{' '}
        <a href="/compras/suscripciones">{t('procurement.subscriptions.link')}</a>
        {props.officer ? (
          <>
            {' · '}
            <a href="/compras/nueva">{t('procurement.publish.heading')}</a>
          </>
        ) : null}
      </p>
      <Form method="get" action="/compras">
        <TextField name="q" label={t('procurement.market.q')} value={props.filter.q} optional />
        <TextField name="agency" label={t('procurement.market.agency')} value={props.filter.agency} optional width="10" />
        <Select
          name="cpv"
          label={t('procurement.field.cpv')}
          value={props.filter.cpv}
          placeholder={t('procurement.market.anyCpv')}
          options={CPV_CODES.map((c) => ({ value: c.code, label: `${c.code} ${locale === 'en' ? c.en : c.es}` }))}
        />
        <TextField name="territory" label={t('procurement.market.territory')} value={props.filter.territory} optional width="10" />
        <TextField name="supplier" label={t('procurement.market.supplier')} value={props.filter.supplier} optional width="10" />
        <Button type="submit">{t('procurement.market.search')}</Button>
      </Form>
      {props.tenders.length === 0 ? <p>{t('procurement.market.empty')}</p> : null}
      <ul>
        {props.tenders.map((tender) => (
          <li key={tender.id}>
            <a href={`/compras/${tender.id}`}>{tender.title}</a> <Tag>{t(`procurement.phase.${phaseOf(tender)}`)}</Tag>{' '}
            {t('procurement.market.item', {
              agency: tender.agencyCode,
              cpv: cpvLabel(tender.cpvCode, locale),
              amount: format.number(tender.referenceAmount, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
              currency: tender.currency,
              deadline: format.dateTime(tender.deadline),
            })}
          </li>
        ))}
      </ul>
    </>
  );
}

/** A money amount (decimal comma or point, two decimals at most). */
export function AmountField(props: { name: string; label: string; value: string | undefined; error: string | undefined }) {
  const { t } = useView();
  return <TextField name={props.name} label={props.label} hint={t('procurement.field.amountHint')} value={props.value} error={props.error} inputmode="decimal" width="10" />;
}

/** The CPV code of a need, a subscription or a plan item: one of the excerpt's codes. */
export function CpvSelect(props: { value: string | undefined; error: string | undefined }) {
  const { t, locale } = useView();
  return (
    <Select
      name="cpvCode"
      label={t('procurement.field.cpv')}
      value={props.value}
      error={props.error}
      placeholder={t('procurement.publish.chooseCpv')}
      options={CPV_CODES.map((c) => ({ value: c.code, label: `${c.code} ${locale === 'en' ? c.en : c.es}` }))}
    />
  );
}

export function PublishPage(props: { agencies: string[]; values: Values; errors: Errors }) {
  const { t } = useView();
  const v = props.values;
  const e = props.errors;
  return (
    <>
      <ErrorSummary errors={summaryItems(e)} />
      <h1>{t('procurement.publish.heading')}</h1>
      <p>{t('procurement.publish.lead')}</p>
      <Form action="/compras/nueva">
        <Select name="agencyCode" label={t('procurement.field.agency')} value={v.agencyCode} error={e.agencyCode} options={props.agencies.map((a) => ({ value: a, label: a }))} />
        <TextField name="title" label={t('procurement.field.title')} value={v.title} error={e.title} />
        <TextArea name="description" label={t('procurement.field.description')} value={v.description} error={e.description} optional rows={3} />
        <CpvSelect value={v.cpvCode} error={e.cpvCode} />
        <TextField name="quantity" label={t('procurement.field.quantity')} value={v.quantity} error={e.quantity} inputmode="decimal" width="10" />
        <TextField name="unit" label={t('procurement.field.unit')} value={v.unit} error={e.unit} width="10" />
        <TextField name="territoryCode" label={t('procurement.field.territory')} hint={t('procurement.field.territoryHint')} value={v.territoryCode} error={e.territoryCode} width="10" />
        <TextField name="deliveryPlace" label={t('procurement.field.place')} value={v.deliveryPlace} error={e.deliveryPlace} />
        <TextField name="deliveryDate" label={t('procurement.field.deliveryDate')} hint={t('procurement.field.dateHint')} value={v.deliveryDate} error={e.deliveryDate} width="10" />
        <AmountField name="referenceAmount" label={t('procurement.field.reference')} value={v.referenceAmount} error={e.referenceAmount} />
        <Select
          name="reserved"
          label={t('procurement.field.reserved')}
          value={v.reserved ?? 'none'}
          error={e.reserved}
          options={RESERVATIONS.map((r) => ({ value: r, label: t(`procurement.reserved.${r}`) }))}
        />
        <RuleFields values={v} errors={e} />
        <CommitteeFields values={v} errors={e} />
        <TextField name="deadline" label={t('procurement.field.deadline')} hint={t('procurement.field.deadlineHint')} value={v.deadline} error={e.deadline} width="20" />
        <Button type="submit">{t('procurement.publish.submit')}</Button>
      </Form>
    </>
  );
}

export function KeyPage(props: { tender: Tender; privateKey: string; shares?: { quorum: number; shares: string[] } }) {
  const { t } = useView();
  if (props.shares) return <KeyShares tender={props.tender} quorum={props.shares.quorum} shares={props.shares.shares} />;
  return (
    <>
      <h1>{t('procurement.key.heading')}</h1>
      <Notice>{t('procurement.key.warning')}</Notice>
      <TextArea name="privateKey" label={t('procurement.key.label')} value={props.privateKey} rows={10} />
      <p>
        <a href={`data:application/x-pem-file;base64,${Buffer.from(props.privateKey).toString('base64')}`} download={`apertura-${props.tender.id}.pem`}>
          {t('procurement.key.download')}
        </a>
      </p>
      <p>
        <a href={`/compras/${props.tender.id}`}>{t('procurement.key.continue', { title: props.tender.title })}</a>
      </p>
    </>
  );
}

function Results(props: { offers: Offer[]; currency: string }) {
  const { t, format } = useView();
  return (
    <Table
      caption={t('procurement.results.caption')}
      columns={[
        { label: t('procurement.results.supplier') },
        { label: t('procurement.results.amount'), numeric: true },
        { label: t('procurement.results.delivery') },
        { label: t('procurement.results.outcome') },
      ]}
      rows={props.offers.map((o) => [
        <a key="s" href={`/compras/proveedores/${encodeURIComponent(o.supplierKey)}`}>
          {o.supplierName}
        </a>,
        o.amount === null ? '' : `${format.number(o.amount, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${props.currency}`,
        o.deliveryDate ?? '',
        o.outcome
          ? `${t(`procurement.outcome.${o.outcome}`)} (${t(`procurement.reason.${o.reason ?? 'lowest_price'}`)}${o.points === null ? '' : `, ${t('procurement.points.total', { points: o.points })}`})`
          : '',
      ])}
    />
  );
}

export interface TenderPageProps {
  view: TenderView;
  signedIn: boolean;
  officer: boolean;
  acting: { key: string; name: string } | undefined;
  mine: Offer | undefined;
  /** The documents of the offers (names and hashes only when the viewer may see them). */
  documents: DocumentReceipt[];
  values: Values;
  errors: Errors;
  done?: string;
}

export function TenderPage(props: TenderPageProps) {
  const { t, format, locale } = useView();
  const { tender, contract } = props.view;
  const phase = phaseOf(tender);
  const v = props.values;
  const e = props.errors;
  const money = (n: number) => `${format.number(n, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${tender.currency}`;
  const now = new Date();
  const inStandstill = tender.status === 'awarded' && tender.standstillEndsAt !== null && now < tender.standstillEndsAt;
  const base = `/compras/${tender.id}`;
  return (
    <>
      <ErrorSummary errors={summaryItems(e)} />
      <h1>{tender.title}</h1>
      {props.done ? (
        <p role="status" class="notice">
          {t(`procurement.done.${props.done}`)}
        </p>
      ) : null}
      <p>
        <Tag>{t(`procurement.phase.${phase}`)}</Tag> {tender.agencyCode} (<a href={`/compras/plan/${tender.agencyCode}`}>{t('procurement.plan.link')}</a>) · <code>{tender.ocid}</code>
      </p>
      {tender.description ? <p>{tender.description}</p> : null}
      <SummaryList
        rows={[
          { key: t('procurement.field.cpv'), value: `${tender.cpvCode} ${cpvLabel(tender.cpvCode, locale)}` },
          { key: t('procurement.field.quantity'), value: `${format.number(tender.quantity)} ${tender.unit}` },
          { key: t('procurement.field.place'), value: `${tender.deliveryPlace} (${tender.territoryCode})` },
          { key: t('procurement.field.deliveryDate'), value: tender.deliveryDate },
          { key: t('procurement.field.reference'), value: money(tender.referenceAmount) },
          { key: t('procurement.field.reserved'), value: t(`procurement.reserved.${tender.reserved}`) },
          { key: t('procurement.field.rule'), value: t(`procurement.rule.${tender.rule}`, { price: tender.priceWeight, criteria: tender.criteria.map((c) => `${c.name} ${c.weight}`).join(', ') }) },
          { key: t('procurement.field.deadline'), value: format.dateTime(tender.deadline) },
          { key: t('procurement.detail.offers'), value: t('procurement.detail.offerCount', { count: props.view.offers }) },
        ]}
      />
      <section aria-labelledby="alertas">
        <h2 id="alertas">{t('procurement.flags.heading')}</h2>
        <Flags flags={props.view.flags} />
      </section>

      {phase === 'open' ? (
        <section aria-labelledby="ofertar">
          <h2 id="ofertar">{t('procurement.offer.heading')}</h2>
          {props.mine ? (
            <>
              <p>{t('procurement.offer.receipt', { supplier: props.mine.supplierName, at: format.dateTime(props.mine.receivedAt) })}</p>
              <p>
                {t('procurement.offer.hash')} <code>{props.mine.sha256}</code>
              </p>
              <Button href={`${base}/recibo`} variant="secondary">
                {t('procurement.offer.timestamp')}
              </Button>
              <AttachDocuments base={base} offerId={props.mine.id} documents={props.documents} error={e.document} max={5} />
            </>
          ) : props.acting ? (
            <Form action={`${base}/ofertas#resumen-errores`}>
              <p>{t('procurement.offer.as', { supplier: props.acting.name })}</p>
              <p>{t('procurement.offer.sealed')}</p>
              <AmountField name="amount" label={t('procurement.offer.amount', { currency: tender.currency })} value={v.amount} error={e.amount} />
              <TextField name="deliveryDate" label={t('procurement.offer.deliveryDate')} hint={t('procurement.field.dateHint')} value={v.deliveryDate} error={e.deliveryDate} width="10" />
              <Button type="submit">{t('procurement.offer.submit')}</Button>
            </Form>
          ) : props.signedIn ? (
            <p>
              <a href="/empresa">{t('procurement.offer.actFor')}</a>
            </p>
          ) : (
            <p>
              <a href={`/ingresar?volver=${base}`}>{t('procurement.offer.signIn')}</a>
            </p>
          )}
        </section>
      ) : null}

      <section aria-labelledby="preguntas">
        <h2 id="preguntas">{t('procurement.questions.heading')}</h2>
        {props.view.questions.length === 0 ? <p>{t('procurement.questions.none')}</p> : null}
        {props.view.questions.map((q) => (
          <div key={q.id} class="panel">
            <p>{q.body}</p>
            {q.answer ? <p>{t('procurement.questions.answer', { answer: q.answer })}</p> : null}
            {!q.answer && props.officer ? (
              <Form action={`${base}/preguntas/${q.id}/respuesta`}>
                <TextArea name="answer" label={t('procurement.questions.answerLabel')} value="" rows={2} />
                <Button type="submit" variant="secondary">
                  {t('procurement.questions.answerSubmit')}
                </Button>
              </Form>
            ) : null}
          </div>
        ))}
        {phase === 'open' && props.signedIn ? (
          <Form action={`${base}/preguntas#resumen-errores`}>
            <TextArea name="question" label={t('procurement.questions.label')} value={v.question} error={e.question} rows={3} />
            <Button type="submit" variant="secondary">
              {t('procurement.questions.submit')}
            </Button>
          </Form>
        ) : null}
      </section>

      {props.officer && awaitingScores(tender) ? <ScoreOffers base={base} tender={tender} offers={toScore(props.view.opened)} values={v} errors={e} /> : null}

      {props.officer && phase === 'closed' && !tender.openedAt ? (
        <section aria-labelledby="apertura">
          <h2 id="apertura">{t('procurement.opening.heading')}</h2>
          <p>{t('procurement.opening.lead')}</p>
          <Form action={`${base}/apertura#resumen-errores`}>
            <TextArea name="privateKey" label={t('procurement.key.label')} value="" error={e.privateKey} rows={6} />
            <Button type="submit">{t('procurement.opening.submit')}</Button>
          </Form>
        </section>
      ) : null}

      {tender.openedAt ? (
        <section aria-labelledby="resultado">
          <h2 id="resultado">{t('procurement.results.heading')}</h2>
          <p>{t('procurement.results.opened', { at: format.dateTime(tender.openedAt) })}</p>
          <Results offers={props.view.opened} currency={tender.currency} />
          <OpenedDocuments base={base} offers={props.view.opened} documents={props.documents} officer={props.officer} />
          {tender.standstillEndsAt ? <p>{t('procurement.results.standstill', { until: format.dateTime(tender.standstillEndsAt) })}</p> : null}
        </section>
      ) : null}

      {tender.openedAt ? (
        <section aria-labelledby="reclamos">
          <h2 id="reclamos">{t('procurement.complaints.heading')}</h2>
          {props.view.complaints.length === 0 ? <p>{t('procurement.complaints.none')}</p> : null}
          {props.view.complaints.some((c) => c.outcome === null) ? <Notice tone="warning">{t('procurement.complaints.suspended')}</Notice> : null}
          <ul>
            {props.view.complaints.map((c) => (
              <li key={c.id}>
                <p>{t('procurement.complaints.item', { filed: format.date(c.filedAt), due: format.date(c.dueAt), body: c.body })}</p>
                {c.outcome && c.resolvedAt ? (
                  <p>{t(`procurement.complaints.${c.outcome}`, { at: format.date(c.resolvedAt), reasons: c.resolution ?? '' })}</p>
                ) : (
                  <p>{t('procurement.complaints.pending')}</p>
                )}
                {c.outcome === null && props.officer ? <AnswerComplaint base={base} id={c.id} values={v._complaint === c.id ? v : {}} errors={v._complaint === c.id ? e : {}} /> : null}
              </li>
            ))}
          </ul>
          {inStandstill && props.mine && props.mine.id !== tender.awardedOfferId && !props.view.complaints.some((c) => c.offerId === props.mine?.id && c.awardOfferId === tender.awardedOfferId) ? (
            <Form action={`${base}/reclamos#resumen-errores`}>
              <TextArea name="complaint" label={t('procurement.complaints.label')} value={v.complaint} error={e.complaint} rows={4} />
              <Button type="submit" variant="warning">
                {t('procurement.complaints.submit')}
              </Button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {props.officer && tender.status === 'awarded' && !inStandstill && !props.view.complaints.some((c) => c.outcome === null) ? (
        <Form action={`${base}/contrato`}>
          <Button type="submit">{t('procurement.contract.sign')}</Button>
        </Form>
      ) : null}

      {contract ? (
        <section aria-labelledby="contrato">
          <h2 id="contrato">{t('procurement.contract.heading')}</h2>
          <p>
            {t('procurement.contract.signed', { number: contract.documentNumber, amount: money(contract.amount), at: format.date(contract.signedAt) })}{' '}
            <a href={`/verificar/${contract.verificationCode}`}>{t('procurement.contract.verify')}</a>
          </p>
          <p>{contract.acceptedAt ? t('procurement.contract.accepted', { at: format.dateTime(contract.acceptedAt) }) : t('procurement.contract.pending')}</p>
          {!contract.acceptedAt && props.mine && props.mine.id === contract.offerId ? (
            <Form action={`${base}/contrato/aceptar`}>
              <p>{t('procurement.contract.acceptLead')}</p>
              <Button type="submit">{t('procurement.contract.accept')}</Button>
            </Form>
          ) : null}
          <h3>{t('procurement.execution.heading')}</h3>
          {props.view.transactions.length === 0 ? <p>{t('procurement.execution.none')}</p> : null}
          <ul>
            {props.view.transactions.map((x) => (
              <li key={x.id}>
                {t(`procurement.execution.${x.kind}`)} · {x.onDate}
                {x.amount !== null ? ` · ${money(x.amount)}` : ''}
                {x.note ? ` · ${x.note}` : ''}
              </li>
            ))}
          </ul>
          {props.officer && contract.acceptedAt ? (
            <Form action={`${base}/ejecucion#resumen-errores`}>
              <Select
                name="kind"
                label={t('procurement.execution.kind')}
                value={v.kind}
                error={e.kind}
                options={[
                  { value: 'delivery', label: t('procurement.execution.delivery') },
                  { value: 'payment', label: t('procurement.execution.payment') },
                ]}
              />
              <TextField name="amount" label={t('procurement.execution.amount')} value={v.amount} error={e.amount} optional inputmode="decimal" width="10" />
              <TextField name="onDate" label={t('procurement.execution.date')} hint={t('procurement.field.dateHint')} value={v.onDate} error={e.onDate} width="10" />
              <TextField name="note" label={t('procurement.execution.note')} value={v.note} optional />
              <Button type="submit" variant="secondary">
                {t('procurement.execution.submit')}
              </Button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <p>
        <a href={`/api/v1/ocds/release-packages?ocid=${encodeURIComponent(tender.ocid)}`}>{t('procurement.detail.ocds')}</a>
      </p>
    </>
  );
}

export function SupplierPage(props: { key: string; awards: Array<{ tender: Tender; supplierName: string; amount: number }> }) {
  const { t, format } = useView();
  const name = props.awards[0]?.supplierName ?? props.key;
  return (
    <>
      <h1>{t('procurement.supplier.heading', { name })}</h1>
      {props.awards.length === 0 ? <p>{t('procurement.supplier.none')}</p> : null}
      <ul>
        {props.awards.map((a) => (
          <li key={a.tender.id}>
            <a href={`/compras/${a.tender.id}`}>{a.tender.title}</a> · {a.tender.agencyCode} · {format.number(a.amount, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} {a.tender.currency}
          </li>
        ))}
      </ul>
    </>
  );
}

export function ObservatoryPage(props: {
  totals: Array<{ agencyCode: string; year: number; processes: number; amount: number }>;
  flags: Array<{ agencyCode: string; processes: number; flags: Record<RedFlag, number> }>;
}) {
  const { t, format } = useView();
  const flagNames: RedFlag[] = ['single_bidder', 'short_period', 'above_reference', 'repeated_winner'];
  return (
    <>
      <h1>{t('procurement.observatory.heading')}</h1>
      <p>{t('procurement.observatory.lead')}</p>
      <Table
        caption={t('procurement.observatory.totals')}
        columns={[
          { label: t('procurement.field.agency') },
          { label: t('procurement.observatory.year') },
          { label: t('procurement.observatory.processes'), numeric: true },
          { label: t('procurement.observatory.amount'), numeric: true },
        ]}
        rows={props.totals.map((r) => [r.agencyCode, String(r.year), format.number(r.processes), format.number(r.amount, { minimumFractionDigits: 2, maximumFractionDigits: 2 })])}
      />
      <Table
        caption={t('procurement.flags.heading')}
        columns={[
          { label: t('procurement.field.agency') },
          { label: t('procurement.observatory.processes'), numeric: true },
          ...flagNames.map((f) => ({ label: t(`procurement.flags.${f}`), numeric: true })),
        ]}
        rows={props.flags.map((r) => [r.agencyCode, format.number(r.processes), ...flagNames.map((f) => format.number(r.flags[f]))])}
      />
    </>
  );
}
