// "Pedir una corrección" (/cuenta/mis-datos/corregir?modulo=…): what is wrong in one module's data
// and what it should say; sent, it becomes a case of the holding agency.
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import { Button, ErrorSummary, Form, Select, TextArea, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';

export interface CorrectionForm {
  modulo: string;
  campo: string;
  incorrecto: string;
  correcto: string;
  clave: string;
}

export function CorrectionPage(props: {
  form: CorrectionForm;
  errors: Record<string, string>;
  moduleTitle: string;
  holderName: string;
  answerDays: number;
  fields: Array<{ value: string; label: string }>;
}) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('transparency.correction.heading', { module: props.moduleTitle })}</h1>
      <p class="lead">{t('transparency.correction.lead', { holder: props.holderName, days: props.answerDays })}</p>
      <Form action={`/cuenta/mis-datos/corregir?modulo=${encodeURIComponent(props.form.modulo)}#resumen-errores`}>
        <input type="hidden" name="modulo" value={props.form.modulo} />
        <FormKey value={props.form.clave} />
        {props.fields.length > 0 ? (
          <Select
            name="campo"
            label={t('transparency.correction.field')}
            hint={t('transparency.correction.fieldHint')}
            value={props.form.campo}
            error={props.errors.campo}
            placeholder={t('transparency.correction.fieldPlaceholder')}
            options={props.fields}
          />
        ) : null}
        <TextArea name="incorrecto" label={t('transparency.correction.wrong')} hint={t('transparency.correction.wrongHint')} value={props.form.incorrecto} error={props.errors.incorrecto} rows={4} />
        <TextArea name="correcto" label={t('transparency.correction.right')} value={props.form.correcto} error={props.errors.correcto} rows={4} />
        <Button type="submit">{t('transparency.correction.submit')}</Button>
      </Form>
      <p>
        <a href="/cuenta/mis-datos">{t('transparency.correction.back')}</a>
      </p>
    </>
  );
}
