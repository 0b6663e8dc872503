// The administrators' page of the agencies' signing certificates: a table, the PKCS#12 import form and the revocation form.
import { useView } from '../../../platform/views/context.ts';
import { Button, CsrfField, ErrorSummary, FileField, Form, Panel, Select, summaryItems, Table, TextField } from '../../../platform/views/components.tsx';
import { REVOCATION_REASONS } from '../../../platform/signing/index.ts';

export interface CertificateFormValues {
  serial: string;
  reason: string;
  date: string;
  time: string;
}

/** Largest PKCS#12 file accepted, in KB (a certificate, its chain and a key are a few kilobytes). */
export const MAX_PKCS12_KB = 64;

/** What the import form shows again after an error: the agency only (the password is never sent back; a file cannot be). */
export interface ImportFormValues {
  agencia: string;
}

/** What the PKCS#11 form shows again after an error. */
export interface TokenFormValues {
  agencia_token: string;
  clave_id: string;
}

interface CertificateRow {
  serial: string;
  agencyCode: string;
  subject: string;
  notAfter: Date;
  replacedAt: Date | null;
  revokedAt: Date | null;
  revocationReason: string | null;
}

/** The agencies to choose from (the import and the PKCS#11 forms). */
function AgencySelect(props: { name: string; agencies: { code: string; name: string }[]; value: string | undefined; error: string | undefined }) {
  const { t } = useView();
  return (
    <Select
      name={props.name}
      label={t('documents.certificates.agency')}
      value={props.value}
      error={props.error}
      placeholder={t('documents.certificates.import.agencyPlaceholder')}
      options={props.agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
    />
  );
}

export function CertificatesPage(props: {
  certificates: CertificateRow[];
  agencies: { code: string; name: string }[];
  revoked?: string;
  imported?: string;
  errors?: Record<string, string>;
  values?: CertificateFormValues;
  importValues?: ImportFormValues;
  tokenValues?: TokenFormValues;
  /** The configured PKCS#11 token's label (the form to bind a key in it shows only then). */
  token?: string | undefined;
}) {
  const { t, format } = useView();
  const errors = props.errors ?? {};
  const items = summaryItems(errors);
  const status = (c: CertificateRow) =>
    c.revokedAt
      ? t('documents.certificates.revokedAt', { date: format.dateTime(c.revokedAt), reason: t(`documents.certificates.reason.${c.revocationReason ?? 'unspecified'}`) })
      : c.replacedAt
        ? t('documents.certificates.replaced')
        : t('documents.certificates.current');
  return (
    <>
      {items.length > 0 ? <ErrorSummary errors={items} autofocus /> : null}
      {props.imported ? (
        <Panel tone="success">
          <p>{t('documents.certificates.import.done', { serial: props.imported })}</p>
        </Panel>
      ) : null}
      {props.revoked ? (
        <Panel tone="success">
          <p>{t('documents.certificates.done', { serial: props.revoked })}</p>
        </Panel>
      ) : null}
      <h1>{t('documents.certificates.heading')}</h1>
      <p>{t('documents.certificates.lead')}</p>
      {props.certificates.length === 0 ? (
        <p>{t('documents.certificates.empty')}</p>
      ) : (
        <Table
          caption={t('documents.certificates.caption')}
          columns={[
            { label: t('documents.certificates.agency') },
            { label: t('documents.certificates.serial') },
            { label: t('documents.certificates.expires') },
            { label: t('documents.field.status') },
          ]}
          rows={props.certificates.map((c) => [
            `${c.subject} (${c.agencyCode})`,
            <code key="s" class="break-all">
              {c.serial}
            </code>,
            format.date(c.notAfter),
            status(c),
          ])}
        />
      )}
      <h2>{t('documents.certificates.import.heading')}</h2>
      <p>{t('documents.certificates.import.lead')}</p>
      <form action="/gestion/documentos/certificados/importar" method="post" enctype="multipart/form-data" novalidate>
        <CsrfField />
        <AgencySelect name="agencia" agencies={props.agencies} value={props.importValues?.agencia} error={errors.agencia} />
        <FileField
          name="archivo"
          label={t('documents.certificates.import.file')}
          hint={t('documents.certificates.import.fileHint', { max: MAX_PKCS12_KB })}
          error={errors.archivo}
          accept=".p12,.pfx,application/x-pkcs12"
        />
        <TextField name="clave" type="password" label={t('documents.certificates.import.password')} hint={t('documents.certificates.import.passwordHint')} error={errors.clave} autocomplete="off" />
        <Button type="submit">{t('documents.certificates.import.submit')}</Button>
      </form>
      {props.token ? (
        <>
          <h2>{t('documents.certificates.token.heading')}</h2>
          <p>{t('documents.certificates.token.lead', { token: props.token })}</p>
          <Form action="/gestion/documentos/certificados/token">
            <AgencySelect name="agencia_token" agencies={props.agencies} value={props.tokenValues?.agencia_token} error={errors.agencia_token} />
            <TextField
              name="clave_id"
              label={t('documents.certificates.token.keyId')}
              hint={t('documents.certificates.token.keyIdHint')}
              value={props.tokenValues?.clave_id}
              error={errors.clave_id}
              autocomplete="off"
              spellcheck={false}
              width="20"
            />
            <Button type="submit">{t('documents.certificates.token.submit')}</Button>
          </Form>
        </>
      ) : null}
      <h2>{t('documents.certificates.revokeHeading')}</h2>
      <Form action="/gestion/documentos/certificados/revocar">
        <TextField name="serial" label={t('documents.certificates.serial')} value={props.values?.serial} error={errors.serial} autocomplete="off" spellcheck={false} />
        <Select
          name="reason"
          label={t('documents.certificates.reasonLabel')}
          value={props.values?.reason}
          error={errors.reason}
          placeholder={t('documents.certificates.reasonPlaceholder')}
          options={Object.keys(REVOCATION_REASONS).map((value) => ({ value, label: t(`documents.certificates.reason.${value}`) }))}
        />
        <TextField name="date" label={t('documents.certificates.date')} hint={t('documents.certificates.dateHint')} value={props.values?.date} error={errors.date} width="10" inputmode="numeric" />
        <TextField name="time" label={t('documents.certificates.time')} hint={t('documents.certificates.timeHint')} value={props.values?.time} error={errors.time} width="5" inputmode="numeric" />
        <Button type="submit">{t('documents.certificates.revoke')}</Button>
      </Form>
    </>
  );
}
