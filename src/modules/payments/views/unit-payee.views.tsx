// The page where an economic unit's representative registers the unit's settlement account
// (docs/payments.md, "Who is paid"): the account the provider settles to, the merchant account
// and notification secret the provider gave the unit, and the agencies that collect for it.
import { Button, ErrorSummary, Form, SummaryList, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';

export interface UnitPayeeForm {
  treasuryAccount: string;
  gatewayUrl: string;
  merchantId: string;
  collectingAgencies: string;
}

/**
 * A unit's settlement account (`unit`), or with `person` the signed-in person's own (paid as
 * herself: no collecting agencies; `/gestion/pagos/cuenta`).
 */
export function UnitPayeePage(props: { unit: { key: string; name: string }; person?: boolean; typed: UnitPayeeForm; configured: boolean; saved?: boolean; errors?: Record<string, string> }) {
  const { t } = useView();
  const e = props.errors ?? {};
  const errors = summaryItems({ treasuryAccount: e.treasuryAccount, gatewayUrl: e.gatewayUrl, merchantId: e.merchantId, secret: e.secret, collectingAgencies: e.collectingAgencies });
  const payee = props.person ? `PE-${props.unit.key}` : `UE-${props.unit.key}`;
  const action = props.person ? '/gestion/pagos/cuenta' : `/gestion/pagos/unidades/${encodeURIComponent(props.unit.key)}/cuenta`;
  return (
    <>
      {errors.length > 0 ? <ErrorSummary errors={errors} autofocus /> : null}
      <h1>{props.person ? t('payments.payee.personHeading') : t('payments.payee.heading', { unit: props.unit.name })}</h1>
      <p>{props.person ? t('payments.payee.personLead') : t('payments.payee.lead')}</p>
      {props.saved ? <p role="status">{t('payments.payee.saved')}</p> : null}
      <SummaryList
        rows={[
          props.person ? { key: t('payments.payee.person'), value: props.unit.name } : { key: t('payments.payee.unit'), value: `${props.unit.name} (${props.unit.key})` },
          { key: t('payments.payee.status'), value: props.configured ? t('payments.payee.configured') : t('payments.payee.notConfigured') },
        ]}
      />
      <Form action={`${action}#resumen-errores`}>
        <TextField
          name="treasuryAccount"
          label={t('payments.payee.field.treasuryAccount')}
          hint={t('payments.payee.field.treasuryAccountHint')}
          value={props.typed.treasuryAccount}
          error={e.treasuryAccount}
        />
        <TextField name="gatewayUrl" type="url" label={t('payments.payee.field.gatewayUrl')} value={props.typed.gatewayUrl} error={e.gatewayUrl} spellcheck={false} />
        <TextField name="merchantId" label={t('payments.payee.field.merchantId')} value={props.typed.merchantId} error={e.merchantId} spellcheck={false} />
        <TextField name="secret" type="password" autocomplete="off" label={t('payments.payee.field.secret')} hint={t('payments.payee.field.secretHint')} error={e.secret} />
        {props.person ? null : (
          <TextField
            name="collectingAgencies"
            label={t('payments.payee.field.collectingAgencies')}
            hint={t('payments.payee.field.collectingAgenciesHint')}
            value={props.typed.collectingAgencies}
            error={e.collectingAgencies}
            optional
          />
        )}
        <Button preventDoubleClick>{t('payments.payee.save')}</Button>
      </Form>
      {props.configured ? (
        <p>
          <a href={`/gestion/pagos/conciliacion?institucion=${encodeURIComponent(payee)}`}>{t('payments.payee.reconciliation')}</a>
        </p>
      ) : null}
    </>
  );
}
