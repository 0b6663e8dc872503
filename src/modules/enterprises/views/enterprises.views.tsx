// Emprendedores' pages: the units a person represents, and a unit's book (forms to record a sale,
// purchase, income, expense or correction; the book with its running balance; monthly summaries;
// fiscal invoices; payment orders; the CSV). Plain forms: they work on a phone without JavaScript.
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import { Button, Checkboxes, DateField, ErrorSummary, Form, Select, SummaryList, Table, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Book, Unit } from '../enterprises.service.ts';
import { ENTRY_KINDS } from '../enterprises.types.ts';

function useMoney(): (minor: number, currency: string) => string {
  const { format } = useView();
  return (minor, currency) => format.number(minor / 100, { style: 'currency', currency, currencyDisplay: 'code' });
}

export function UnitsPage(props: { units: Unit[]; acting: string | undefined }) {
  const { t } = useView();
  const units = [...props.units].sort((a, b) => Number(b.key === props.acting) - Number(a.key === props.acting));
  return (
    <>
      <h1>{t('enterprises.units.heading')}</h1>
      <p>{t('enterprises.units.lead')}</p>
      {units.length === 0 ? (
        <p>
          {t('enterprises.units.none')} <a href="/empresa">{t('enterprises.units.register')}</a>
        </p>
      ) : (
        <ul class="list">
          {units.map((u) => (
            <li key={u.key}>
              <a href={`/emprendedores/${u.key}`}>{u.name}</a> ({u.key}){u.key === props.acting ? ` · ${t('enterprises.units.acting')}` : ''} ·{' '}
              <a href={`/mercado/unidades/${u.key}`}>{t('enterprises.units.shop')}</a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export interface BookPageProps extends Book {
  errors: Record<string, string>;
  form: Record<string, string>;
  done?: string;
  paymentLink?: string;
  documentTypes: Array<{ value: string; label: string }>;
  today: { day: string; month: string; year: string };
}

export function BookPage(props: BookPageProps) {
  const { t, format } = useView();
  const money = useMoney();
  const base = `/emprendedores/${props.unit.key}`;
  const f = props.form;
  const last = props.lines.at(-1);
  const seqOf = new Map(props.lines.map((l) => [l.id, l.seq]));
  const sales = props.lines.filter((l) => l.kind === 'sale');
  const invoiced = new Map(props.invoices.filter((i) => i.status === 'authorised').map((i) => [i.entryId, i.authorisationCode]));
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{props.unit.name}</h1>
      {props.done ? (
        <p role="status" class="notice">
          {t(`enterprises.done.${props.done}`)}
          {props.paymentLink ? (
            <>
              {' '}
              <a href={props.paymentLink}>{props.paymentLink}</a>
            </>
          ) : null}
        </p>
      ) : null}
      <SummaryList
        rows={[
          { key: t('enterprises.book.unitKey'), value: props.unit.key },
          { key: t('enterprises.book.balance'), value: money(last?.balanceMinor ?? 0, props.currency) },
        ]}
      />
      <p>
        <a href={`${base}/libro.csv`} download>
          {t('enterprises.book.csv')}
        </a>
      </p>
      <p>
        <a href={`/mercado/unidades/${props.unit.key}`}>{t('enterprises.book.sell')}</a>
      </p>

      <Form action={`${base}/asientos`}>
        <FormKey value={f.clave} />
        <h2>{t('enterprises.record.heading')}</h2>
        <Select name="tipo" label={t('enterprises.field.kind')} value={f.tipo} error={props.errors.tipo} options={ENTRY_KINDS.map((k) => ({ value: k, label: t(`enterprises.kind.${k}`) }))} />
        <TextField name="monto" label={t('enterprises.field.amount')} hint={t('enterprises.record.amountHint')} value={f.monto} error={props.errors.monto} inputmode="decimal" width="10" />
        <DateField
          name="fecha"
          label={t('enterprises.field.date')}
          error={props.errors.fecha}
          value={{ day: f['fecha-day'] ?? props.today.day, month: f['fecha-month'] ?? props.today.month, year: f['fecha-year'] ?? props.today.year }}
        />
        <TextField name="descripcion" label={t('enterprises.field.description')} value={f.descripcion} error={props.errors.descripcion} />
        <TextField name="contraparte" label={t('enterprises.field.counterpart')} optional value={f.contraparte} error={props.errors.contraparte} />
        <Checkboxes
          name="recibo"
          label={t('enterprises.record.receiptLegend')}
          optional
          error={props.errors.recibo}
          values={f.recibo ? ['si'] : []}
          options={[{ value: 'si', label: t('enterprises.record.receipt') }]}
        />
        <TextField
          name="corrige"
          label={t('enterprises.record.corrects')}
          hint={t('enterprises.record.correctsHint')}
          optional
          value={f.corrige}
          error={props.errors.corrige}
          inputmode="numeric"
          width="5"
        />
        <Button type="submit">{t('enterprises.record.submit')}</Button>
      </Form>

      <h2>{t('enterprises.book.heading')}</h2>
      {props.lines.length === 0 ? (
        <p>{t('enterprises.book.empty')}</p>
      ) : (
        <Table
          caption={t('enterprises.book.heading')}
          captionHidden
          columns={[
            { label: t('enterprises.book.number') },
            { label: t('enterprises.field.date') },
            { label: t('enterprises.field.kind') },
            { label: t('enterprises.field.description') },
            { label: t('enterprises.field.amount'), numeric: true },
            { label: t('enterprises.book.balance'), numeric: true },
          ]}
          rows={props.lines.map((l) => [
            l.seq,
            format.date(new Date(`${l.valueDate}T12:00:00Z`)),
            `${t(`enterprises.kind.${l.kind}`)}${l.correctsId ? ` #${seqOf.get(l.correctsId) ?? ''}` : ''}${l.receiptNumber ? ` · ${t('enterprises.book.receipt', { n: l.receiptNumber })}` : ''}${invoiced.has(l.id) ? ` · ${t('enterprises.book.invoice', { code: invoiced.get(l.id) ?? '' })}` : ''}`,
            `${l.description}${l.counterpart ? ` (${l.counterpart})` : ''}`,
            money(l.amountMinor, l.currency),
            money(l.balanceMinor, l.currency),
          ])}
        />
      )}

      <h2>{t('enterprises.months.heading')}</h2>
      {props.months.length === 0 ? (
        <p>{t('enterprises.book.empty')}</p>
      ) : (
        <Table
          caption={t('enterprises.months.heading')}
          captionHidden
          rowHeaders
          columns={[
            { label: t('enterprises.months.month') },
            { label: t('enterprises.months.sales'), numeric: true },
            { label: t('enterprises.months.purchases'), numeric: true },
            { label: t('enterprises.months.in'), numeric: true },
            { label: t('enterprises.months.out'), numeric: true },
            { label: t('enterprises.months.closing'), numeric: true },
          ]}
          rows={props.months.map((m) => [
            m.month,
            money(m.salesMinor, props.currency),
            money(m.purchasesMinor, props.currency),
            money(m.inMinor, props.currency),
            money(m.outMinor, props.currency),
            money(m.closingMinor, props.currency),
          ])}
        />
      )}

      <h2>{t('enterprises.invoice.heading')}</h2>
      <p>{t('enterprises.invoice.lead')}</p>
      {props.invoices.length > 0 ? (
        <Table
          caption={t('enterprises.invoice.heading')}
          captionHidden
          columns={[{ label: t('enterprises.invoice.sale') }, { label: t('enterprises.invoice.buyer') }, { label: t('enterprises.invoice.answer') }]}
          rows={props.invoices.map((i) => [
            `#${seqOf.get(i.entryId) ?? ''}`,
            `${i.buyerName} (${i.buyerTaxId})`,
            i.status === 'authorised' ? t('enterprises.invoice.authorised', { code: i.authorisationCode ?? '' }) : t('enterprises.invoice.refused', { reason: i.refusal ?? '' }),
          ])}
        />
      ) : null}
      {sales.length > 0 ? (
        <Form action={`${base}/facturas`}>
          <FormKey value={f.clave} />
          <Select
            name="venta"
            label={t('enterprises.invoice.sale')}
            value={f.venta}
            error={props.errors.venta}
            options={sales.map((s) => ({ value: String(s.seq), label: `#${s.seq} · ${s.description} · ${money(s.amountMinor, s.currency)}` }))}
          />
          <TextField name="nit" label={t('enterprises.invoice.taxId')} hint={t('enterprises.invoice.taxIdHint')} value={f.nit} error={props.errors.nit} width="20" />
          <TextField name="comprador" label={t('enterprises.invoice.buyer')} value={f.comprador} error={props.errors.comprador} />
          <Button type="submit">{t('enterprises.invoice.submit')}</Button>
        </Form>
      ) : null}

      <h2>{t('enterprises.pay.heading')}</h2>
      <p>{t('enterprises.pay.lead')}</p>
      <Form action={`${base}/cobros`}>
        <FormKey value={f.clave} />
        <Select name="tipodoc" label={t('enterprises.pay.documentType')} value={f.tipodoc} options={props.documentTypes} />
        <TextField name="documento" label={t('enterprises.pay.document')} value={f.documento} error={props.errors.documento} width="20" />
        <TextField name="concepto" label={t('enterprises.pay.concept')} value={f.concepto} error={props.errors.concepto} />
        <TextField name="importe" label={t('enterprises.field.amount')} value={f.importe} error={props.errors.importe} inputmode="decimal" width="10" />
        <Button type="submit">{t('enterprises.pay.submit')}</Button>
      </Form>
      <p>
        <a href={`/gestion/pagos/unidades/${props.unit.key}/cuenta`}>{t('enterprises.pay.account')}</a>
      </p>
    </>
  );
}
