// Communal banks in the open: the list with balances, and a bank's page with the deposits it
// received, its own entries, the totals, members' observations and (for its treasurer) the forms.
import { Button, CsrfField, DateField, ErrorSummary, FileField, Form, Select, SummaryList, Table, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { type BankLedger, bankDocumentPath } from '../bank.service.ts';
import { BANK_ENTRY_KINDS, type BankTotals, PURPOSES, type SocialUnit } from '../bank.types.ts';
import type { BankAccount } from '../projects.types.ts';
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import { LedgerTable, ObservationList, useMoney } from './projects.views.tsx';

function Totals(props: { totals: BankTotals[] }) {
  const { t } = useView();
  const money = useMoney();
  return <>{props.totals.length === 0 ? t('projects.banks.noMoney') : props.totals.map((l) => money(l.balanceMinor, l.currency)).join(' · ')}</>;
}

export function BankListPage(props: { banks: Array<{ bank: BankAccount; totals: BankTotals[] }> }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('projects.banks.heading')}</h1>
      <p>{t('projects.banks.lead')}</p>
      <p>
        <a href="/bancos-comunales/unidades">{t('projects.banks.units.heading')}</a>
      </p>
      <Table
        caption={t('projects.banks.heading')}
        captionHidden
        columns={[{ label: t('projects.banks.holder') }, { label: t('projects.ledger.account') }, { label: t('projects.field.territory') }, { label: t('projects.banks.balance'), numeric: true }]}
        rows={props.banks.map(({ bank, totals }) => [
          <a key="b" href={`/bancos-comunales/${bank.id}`}>
            {bank.holderName}
          </a>,
          `${bank.bankName} ${bank.accountReference}`,
          bank.territoryCode,
          <Totals key="t" totals={totals} />,
        ])}
      />
    </>
  );
}

export interface BankPageProps extends BankLedger {
  signedIn: boolean;
  treasurer: boolean;
  errors: Record<string, string>;
  form: Record<string, string>;
  sent?: string;
  /** Where the page lives and its forms post: `/bancos-comunales/{id}` or a unit's `/bancos-comunales/unidades/{key}`. */
  base: string;
  /** A social-production unit's page: its name, organs and projects above the same ledger. */
  unit?: { unit: SocialUnit; projects: Array<{ id: string; title: string }>; registryName?: string };
}

export function BankPage(props: BankPageProps) {
  const { t } = useView();
  const money = useMoney();
  const b = props.bank;
  const entryOptions = [
    ...props.deposits.map((d) => ({ value: `transfer:${d.seq}`, label: t('projects.banks.depositOption', { seq: d.seq, amount: money(d.amountMinor, d.currency) }) })),
    ...props.entries.map((e) => ({ value: `entry:${e.seq}`, label: t('projects.banks.entryOption', { seq: e.seq, amount: money(e.amountMinor, e.currency) }) })),
  ];
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{props.unit?.unit.name ?? b.holderName}</h1>
      {props.sent ? (
        <p role="status" class="notice">
          {t(`projects.banks.sent.${props.sent}`)}
        </p>
      ) : null}
      {props.unit ? <UnitHeader {...props.unit} /> : null}
      <SummaryList
        rows={[
          { key: t('projects.ledger.account'), value: `${b.bankName} ${b.accountReference}` },
          { key: t('projects.field.territory'), value: b.territoryCode },
          ...props.totals.flatMap((l) => [
            { key: t('projects.banks.received'), value: money(l.depositsMinor, l.currency) },
            { key: t('projects.banks.used'), value: money(l.entriesMinor, l.currency) },
            { key: t('projects.banks.balance'), value: money(l.balanceMinor, l.currency) },
          ]),
        ]}
      />
      <h2>{t('projects.banks.deposits')}</h2>
      <LedgerTable
        caption={t('projects.banks.deposits')}
        columns={[t('projects.ledger.kind')]}
        rows={props.deposits.map((d) => ({
          seq: d.seq,
          valueDate: d.valueDate,
          cells: [
            <a key="p" href={`/proyectos/${d.projectId}`}>
              {d.kind === 'correction' ? `${t('projects.ledger.correction')}: ${d.reason ?? ''}` : t('projects.ledger.deposit')}
            </a>,
          ],
          amountMinor: d.amountMinor,
          currency: d.currency,
        }))}
      />
      <h2>{t('projects.banks.entries')}</h2>
      <p>{t('projects.banks.entriesLead')}</p>
      <LedgerTable
        caption={t('projects.banks.entries')}
        columns={[t('projects.ledger.kind'), t('projects.banks.description')]}
        rows={props.entries.map((e) => ({
          seq: e.seq,
          valueDate: e.valueDate,
          cells: [
            `${t(`projects.banks.kind.${e.kind}`)}${e.purpose ? ` (${t(`projects.banks.purpose.${e.purpose}`)})` : ''}${e.correctsId ? ` #${props.entries.find((x) => x.id === e.correctsId)?.seq ?? ''}` : ''}`,
            e.description,
          ],
          amountMinor: e.amountMinor,
          currency: e.currency,
        }))}
        totals={props.totals.map((l) => ({ label: t('projects.banks.balance'), amountMinor: l.balanceMinor, currency: l.currency }))}
      />
      <Documents {...props} />
      {props.treasurer ? (
        <Form action={`${props.base}/asientos`}>
          <FormKey value={props.form.clave} />
          <h2>{t('projects.banks.record')}</h2>
          <Select
            name="tipo"
            label={t('projects.ledger.kind')}
            value={props.form.tipo}
            error={props.errors.tipo}
            options={BANK_ENTRY_KINDS.map((k) => ({ value: k, label: t(`projects.banks.kind.${k}`) }))}
          />
          <TextField name="monto" label={t('projects.banks.amount')} hint={t('projects.banks.amountHint')} value={props.form.monto} error={props.errors.monto} inputmode="decimal" width="10" />
          <DateField name="fecha" label={t('projects.ledger.date')} error={props.errors.fecha} />
          <Select
            name="proposito"
            label={t('projects.banks.purposeLabel')}
            optional
            value={props.form.proposito}
            error={props.errors.proposito}
            placeholder={t('projects.banks.noPurpose')}
            options={PURPOSES.map((p) => ({ value: p, label: t(`projects.banks.purpose.${p}`) }))}
          />
          <TextField name="descripcion" label={t('projects.banks.description')} value={props.form.descripcion} error={props.errors.descripcion} />
          <TextField
            name="corrige"
            label={t('projects.banks.corrects')}
            hint={t('projects.banks.correctsHint')}
            optional
            value={props.form.corrige}
            error={props.errors.corrige}
            inputmode="numeric"
            width="5"
          />
          <Button type="submit">{t('projects.banks.recordSubmit')}</Button>
        </Form>
      ) : null}
      <h2>{t('projects.observation.heading')}</h2>
      <ObservationList
        observations={props.observations}
        about={(o) => t('projects.banks.onEntry', { entry: o.entry.replace('transfer:', '↓ #').replace('entry:', '#') })}
        answerAction={props.treasurer ? (o) => `${props.base}/observaciones/${o.id}/respuesta` : undefined}
      />
      {props.signedIn && entryOptions.length > 0 ? (
        <Form action={`${props.base}/observaciones`}>
          <FormKey value={props.form.clave} />
          <Select name="asiento" label={t('projects.banks.whichEntry')} value={props.form.asiento} error={props.errors.asiento} options={entryOptions} />
          <TextArea name="observacion" label={t('projects.observation.label')} value={props.form.observacion} error={props.errors.observacion} rows={4} />
          <Button type="submit">{t('projects.observation.submit')}</Button>
        </Form>
      ) : null}
      {props.signedIn ? null : (
        <p>
          <a href={`/ingresar?volver=${props.base}`}>{t('projects.observation.signIn')}</a>
        </p>
      )}
    </>
  );
}

/** The supporting documents of the bank's entries (append-only), each with its download link and SHA-256; the treasurer's form to attach one. */
function Documents(props: BankPageProps) {
  const { t, format } = useView();
  return (
    <>
      <h2 id="documentos">{t('projects.banks.documents.heading')}</h2>
      <p>{t('projects.banks.documents.lead')}</p>
      {props.documents.length === 0 ? (
        <p>{t('projects.banks.documents.none')}</p>
      ) : (
        <Table
          caption={t('projects.banks.documents.heading')}
          captionHidden
          columns={[{ label: t('projects.banks.documents.entry') }, { label: t('projects.banks.documents.file') }, { label: t('projects.banks.documents.hash') }, { label: t('projects.ledger.date') }]}
          rows={props.documents.map((d) => [
            `#${d.entrySeq}`,
            <a key="f" href={bankDocumentPath(d.bankAccountId, d.sha256)}>
              {t('projects.banks.documents.link', { name: d.filename, kb: Math.max(1, Math.round(d.sizeBytes / 1024)) })}
            </a>,
            <code key="h" class="hash">
              {d.sha256}
            </code>,
            format.date(d.attachedAt),
          ])}
        />
      )}
      {props.treasurer && props.entries.length > 0 ? (
        <form action={`${props.base}/documentos`} method="post" enctype="multipart/form-data" novalidate>
          <CsrfField />
          <h3>{t('projects.banks.documents.attach')}</h3>
          <Select
            name="documento-asiento"
            label={t('projects.banks.documents.whichEntry')}
            value={props.form['documento-asiento']}
            error={props.errors['documento-asiento']}
            options={props.entries.map((e) => ({ value: String(e.seq), label: `#${e.seq} ${e.description}` }))}
          />
          <FileField name="documento" label={t('projects.banks.documents.fileLabel')} hint={t('projects.banks.documents.fileHint')} accept=".pdf,.png,.jpg,.jpeg" error={props.errors.documento} />
          <Button type="submit">{t('projects.banks.documents.submit')}</Button>
        </form>
      ) : null}
    </>
  );
}

/** A social-production unit's name as registered, its members' organs and its projects. */
function UnitHeader(props: { unit: SocialUnit; projects: Array<{ id: string; title: string }>; registryName?: string }) {
  const { t } = useView();
  return (
    <>
      <SummaryList
        rows={[
          { key: t('projects.banks.units.registry'), value: props.unit.registryId ?? t('projects.banks.units.notRegistered') },
          ...(props.registryName ? [{ key: t('projects.banks.units.registryName'), value: props.registryName }] : []),
        ]}
      />
      <h2>{t('projects.banks.units.organs')}</h2>
      <SummaryList rows={props.unit.organs.map((o) => ({ key: o.name, value: t('projects.banks.units.members', { count: o.members }) }))} />
      <h2>{t('projects.banks.units.projects')}</h2>
      {props.projects.length === 0 ? (
        <p>{t('projects.banks.units.noProjects')}</p>
      ) : (
        <ul>
          {props.projects.map((p) => (
            <li key={p.id}>
              <a href={`/proyectos/${p.id}`}>{p.title}</a>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('projects.banks.units.accounts')}</h2>
    </>
  );
}

export function UnitListPage(props: { units: SocialUnit[] }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('projects.banks.units.heading')}</h1>
      <p>{t('projects.banks.units.lead')}</p>
      <p>
        <a href="/bancos-comunales/unidades/registrar">{t('projects.banks.units.registerLink')}</a>
      </p>
      <ul>
        {props.units.map((u) => (
          <li key={u.key}>
            <a href={`/bancos-comunales/unidades/${u.key}`}>{u.name}</a>
          </li>
        ))}
      </ul>
    </>
  );
}
