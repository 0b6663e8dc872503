// Pages of signed documents: "Mis documentos", the public verification (by code, by QR
// address, by file) and the agency's list with revocation.
import type { ComponentChildren } from 'preact';
import { useView } from '../../../platform/views/context.ts';
import { Button, CsrfField, ErrorSummary, type ErrorSummaryItem, Field, Form, Panel, SummaryList, summaryItems, Table, Tag, TextArea, TextField } from '../../../platform/views/components.tsx';
import type { PdfVerification } from '../../../platform/signing/index.ts';
import { groupCode, type IssuedDocument, maskDocument, maskName } from '../documents.types.ts';

export type VerificationStatus = 'valid' | 'invalid' | 'revoked' | 'unsigned';

const tone = (status: VerificationStatus) => (status === 'valid' ? 'success' : status === 'revoked' ? 'warning' : 'danger');

export function StatusTag(props: { status: VerificationStatus }) {
  const { t } = useView();
  return <Tag tone={tone(props.status)}>{t(`documents.status.${props.status}`)}</Tag>;
}

export function MyDocumentsPage(props: { documents: IssuedDocument[]; retentionYears: number }) {
  const { t, format } = useView();
  return (
    <>
      <h1>{t('documents.mine.heading')}</h1>
      <p>{t('documents.mine.lead')}</p>
      <p>{t('documents.mine.retention', { years: props.retentionYears })}</p>
      {props.documents.length === 0 ? (
        <p>{t('documents.mine.empty')}</p>
      ) : (
        <Table
          caption={t('documents.mine.caption')}
          captionHidden
          columns={[
            { label: t('documents.field.title') },
            { label: t('documents.field.number') },
            { label: t('documents.field.date') },
            { label: t('documents.field.status') },
            { label: t('documents.mine.actions') },
          ]}
          rows={props.documents.map((d) => [
            d.title,
            d.number,
            format.date(d.issuedAt),
            <StatusTag key="s" status={d.revokedAt ? 'revoked' : 'valid'} />,
            <>
              <a href={`/mis-documentos/${d.id}/documento.pdf`}>
                {t('documents.mine.download')}
                <span class="visually-hidden"> {d.number}</span>
              </a>{' '}
              <a href={`/verificar/${d.verificationCode}`}>
                {t('documents.mine.verify')}
                <span class="visually-hidden"> {d.number}</span>
              </a>
            </>,
          ])}
        />
      )}
    </>
  );
}

export interface VerifyFormState {
  code?: string;
  errors?: Record<string, string>;
}

export function VerifyPage(props: VerifyFormState) {
  const { t } = useView();
  const errors = props.errors ?? {};
  const items: ErrorSummaryItem[] = summaryItems(errors);
  return (
    <>
      {items.length > 0 ? <ErrorSummary errors={items} autofocus /> : null}
      <h1>{t('documents.verify.heading')}</h1>
      <p>{t('documents.verify.lead')}</p>
      <h2>{t('documents.verify.byCode')}</h2>
      <Form method="get" action="/verificar/codigo">
        <TextField
          name="codigo"
          label={t('documents.verify.codeLabel')}
          hint={t('documents.verify.codeHint')}
          value={props.code}
          error={errors.codigo}
          autocomplete="off"
          spellcheck={false}
          width="30"
        />
        <Button type="submit">{t('documents.verify.submitCode')}</Button>
      </Form>
      <h2>{t('documents.verify.byFile')}</h2>
      <form action="/verificar" method="post" enctype="multipart/form-data" novalidate>
        <CsrfField />
        <Field name="archivo" label={t('documents.verify.fileLabel')} hint={t('documents.verify.fileHint')} error={errors.archivo}>
          {(ids) => <input class="file-upload" type="file" id={ids.id} name="archivo" accept="application/pdf" aria-describedby={ids.describedBy} aria-invalid={errors.archivo ? 'true' : undefined} />}
        </Field>
        <Button type="submit">{t('documents.verify.submitFile')}</Button>
      </form>
    </>
  );
}

function SignatureRows(signature: PdfVerification, t: ReturnType<typeof useView>['t'], format: ReturnType<typeof useView>['format']) {
  return [
    { key: t('documents.field.signature'), value: signature.status === 'valid' ? t('documents.signature.valid') : t('documents.signature.invalid') },
    { key: t('documents.field.signer'), value: signature.signer ? `${signature.signer.commonName}${signature.chainTrusted ? '' : ` — ${t('documents.signature.untrusted')}`}` : '—' },
    { key: t('documents.field.signedAt'), value: signature.timestampedAt ? format.dateTime(signature.timestampedAt) : t('documents.signature.noTimestamp') },
    ...(signature.archivedAt ? [{ key: t('documents.field.archivedAt'), value: format.dateTime(signature.archivedAt) }] : []),
    ...(signature.problems.length > 0 ? [{ key: t('documents.field.problems'), value: signature.problems.map((p) => t(`documents.problem.${p}`)).join(' ') }] : []),
  ];
}

export function VerificationPage(props: { status: VerificationStatus; document: IssuedDocument | null; signature: PdfVerification; download?: string; byFile?: boolean }) {
  const { t, format } = useView();
  const d = props.document;
  const lead: ComponentChildren = props.byFile ? (d ? t('documents.result.issuedByTambo') : t('documents.result.notIssuedByTambo')) : null;
  return (
    <>
      <h1>{t('documents.result.heading')}</h1>
      <Panel tone={props.status === 'valid' ? 'success' : 'warning'} title={t(`documents.result.${props.status}`)}>
        {lead ? <p>{lead}</p> : null}
        {d?.revokedAt ? <p>{t('documents.result.revokedBecause', { date: format.date(d.revokedAt), reason: d.revocationReason ?? '' })}</p> : null}
      </Panel>
      <SummaryList
        rows={[
          { key: t('documents.field.status'), value: <StatusTag status={props.status} /> },
          ...(d
            ? [
                { key: t('documents.field.issuer'), value: d.agencyName },
                { key: t('documents.field.title'), value: d.title },
                { key: t('documents.field.number'), value: d.number },
                { key: t('documents.field.date'), value: format.dateTime(d.issuedAt) },
                { key: t('documents.field.retainUntil'), value: format.date(new Date(`${d.retainUntil}T12:00:00Z`)) },
                { key: t('documents.field.holder'), value: `${maskName(d.holderName)} (${maskDocument(d.holderDocument)})` },
                { key: t('documents.field.code'), value: groupCode(d.verificationCode) },
                { key: t('documents.field.hash'), value: <code class="break-all">{d.sha256}</code> },
              ]
            : []),
          ...SignatureRows(props.signature, t, format),
        ]}
      />
      {props.download ? (
        <p>
          <a href={props.download}>{t('documents.result.download')}</a>
        </p>
      ) : null}
      <p>
        <a href="/verificar">{t('documents.result.another')}</a>
      </p>
    </>
  );
}

export function AgencyDocumentsPage(props: { documents: IssuedDocument[]; revoked?: string; errors?: Record<string, string>; values?: { number?: string; reason?: string } }) {
  const { t, format } = useView();
  const errors = props.errors ?? {};
  const items: ErrorSummaryItem[] = summaryItems(errors);
  return (
    <>
      {items.length > 0 ? <ErrorSummary errors={items} autofocus /> : null}
      {props.revoked ? (
        <Panel tone="success">
          <p>{t('documents.agency.revoked', { number: props.revoked })}</p>
        </Panel>
      ) : null}
      <h1>{t('documents.agency.heading')}</h1>
      {props.documents.length === 0 ? (
        <p>{t('documents.agency.empty')}</p>
      ) : (
        <Table
          caption={t('documents.agency.caption')}
          columns={[
            { label: t('documents.field.number') },
            { label: t('documents.field.title') },
            { label: t('documents.field.holder') },
            { label: t('documents.field.date') },
            { label: t('documents.field.status') },
          ]}
          rows={props.documents.map((d) => [d.number, d.title, d.holderName, format.date(d.issuedAt), <StatusTag key="s" status={d.revokedAt ? 'revoked' : 'valid'} />])}
        />
      )}
      <h2>{t('documents.agency.revokeHeading')}</h2>
      <Form action="/gestion/documentos/revocar">
        <TextField name="number" label={t('documents.field.number')} value={props.values?.number} error={errors.number} width="20" autocomplete="off" />
        <TextArea name="reason" label={t('documents.agency.reason')} hint={t('documents.agency.reasonHint')} value={props.values?.reason} error={errors.reason} />
        <Button type="submit">{t('documents.agency.revoke')}</Button>
      </Form>
    </>
  );
}
