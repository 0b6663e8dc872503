// The buyer's dispute of an order: what is disputed and what happened; it becomes a case.
import { Button, ErrorSummary, Form, Radios, TextArea, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { DISPUTE_KINDS, type Purchase } from '../marketplace.types.ts';

export function DisputePage(props: { purchase: Purchase; form: Record<string, string>; errors: Record<string, string> }) {
  const { t } = useView();
  const o = props.purchase;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('marketplace.dispute.heading', { product: o.summary })}</h1>
      <p>{t('marketplace.dispute.lead')}</p>
      <Form action={`/mercado/pedidos/${o.id}/reclamo`}>
        <Radios
          name="motivo_reclamo"
          label={t('marketplace.dispute.kind')}
          value={props.form.motivo_reclamo}
          error={props.errors.motivo_reclamo}
          options={DISPUTE_KINDS.map((k) => ({ value: k, label: t(`marketplace.dispute.kinds.${k}`) }))}
        />
        <TextArea name="detalle" label={t('marketplace.dispute.detail')} value={props.form.detalle ?? ''} error={props.errors.detalle} />
        <Button type="submit">{t('marketplace.dispute.submit')}</Button>
      </Form>
    </>
  );
}
