// The badge page for training managers: what the badge certifies, its status, and revocation.
import { Button, ErrorSummary, Form, summaryItems, Table, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';

export function BadgePage(props: { badge: { id: string; courseTitle: string; issuedAt: Date; revokedAt: Date | null }; form: { motivo: string }; errors: Record<string, string>; revoked: boolean }) {
  const { t, format } = useView();
  const b = props.badge;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('training.badge.heading', { id: b.id })}</h1>
      {props.revoked ? (
        <p role="status" class="notice">
          {t('training.badge.revokedNotice')}
        </p>
      ) : null}
      <Table
        caption={t('training.badge.heading', { id: b.id })}
        columns={[{ label: t('training.badge.course') }, { label: t('training.badge.issued') }, { label: t('training.badge.status') }]}
        rows={[[b.courseTitle, format.date(b.issuedAt), b.revokedAt ? t('training.badge.revoked', { date: format.date(b.revokedAt) }) : t('training.badge.valid')]]}
      />
      {b.revokedAt ? null : (
        <Form action={`/capacitacion/insignias/${b.id}/revocar#resumen-errores`}>
          <TextField name="motivo" label={t('training.badge.reason')} value={props.form.motivo} error={props.errors.motivo} />
          <Button type="submit">{t('training.badge.revoke')}</Button>
        </Form>
      )}
    </>
  );
}
