// The administrators' page of the agencies' signing certificates: a table and the revocation form.
import { useView } from '../../../platform/views/context.ts';
import { Button, ErrorSummary, Form, Panel, Select, summaryItems, Table, TextField } from '../../../platform/views/components.tsx';
import { REVOCATION_REASONS } from '../../../platform/signing/index.ts';

export interface CertificateFormValues {
  serial: string;
  reason: string;
  date: string;
  time: string;
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

export function CertificatesPage(props: { certificates: CertificateRow[]; revoked?: string; errors?: Record<string, string>; values?: CertificateFormValues }) {
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
