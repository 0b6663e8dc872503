// The officials' form of a new consultation: title, description, the scope (a territory code,
// or a layer's feature such as a communal circuit, and its budget per line), the rules, and the days of the phases. Works without JavaScript.
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import { Button, Checkboxes, ErrorSummary, Form, fieldId, Radios, TextArea, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { ConsultationErrors, ConsultationForm } from '../consultation-form.ts';

/** The fields in the order the page shows them (the error summary follows it). */
const ORDER: Array<keyof ConsultationErrors> = [
  'titulo',
  'descripcion',
  'unidades',
  'regla',
  'minimo',
  'maximo',
  'metodo',
  'nivel',
  'elegibilidad',
  'propuestas',
  'revision',
  'votacion',
  'cierre',
  'ejecucion',
];

export function NewConsultationPage(props: {
  form: ConsultationForm;
  errors: ConsultationErrors;
  currency: string;
  example: string;
  /** Features of the territory layers (communal circuits) a line may name as `layer:feature`. */
  features?: Array<{ layerCode: string; code: string; name: string }>;
}) {
  const { t } = useView();
  const { form, errors } = props;
  const summary = ORDER.filter((name) => errors[name]).map((name) => ({ fieldId: fieldId(name), message: errors[name]! }));
  const day = (name: 'propuestas' | 'revision' | 'votacion' | 'cierre' | 'ejecucion') => (
    <TextField name={name} label={t(`consultations.create.${name}`)} hint={t('consultations.create.dayHint')} width="10" value={form[name]} error={errors[name]} />
  );
  // One of a few options: its legend, each option's label (and hint) from the catalog by name and value.
  const choice = (name: 'regla' | 'metodo' | 'nivel' | 'elegibilidad', values: string[], optionHints = false) => (
    <Radios
      name={name}
      label={t(`consultations.create.${name}`)}
      hint={name === 'metodo' ? t('consultations.create.metodoHint') : undefined}
      options={values.map((value) => ({ value, label: t(`consultations.create.${name}_${value}`), hint: optionHints ? t(`consultations.create.${name}_${value}Hint`) : undefined }))}
      value={form[name]}
      error={errors[name]}
    />
  );
  return (
    <>
      <ErrorSummary errors={summary} />
      <h1>{t('consultations.create.heading')}</h1>
      <p>{t('consultations.create.lead')}</p>
      <Form action="/gestion/consultas/nueva#resumen-errores">
        <FormKey value={form.clave} />
        <TextField name="titulo" label={t('consultations.create.title')} hint={t('consultations.create.titleHint')} value={form.titulo} error={errors.titulo} />
        <TextArea name="descripcion" label={t('consultations.create.description')} optional value={form.descripcion} error={errors.descripcion} rows={4} />
        <TextArea
          name="unidades"
          label={t('consultations.create.units')}
          hint={t('consultations.create.unitsHint', { currency: props.currency, example: props.example })}
          value={form.unidades}
          error={errors.unidades}
          rows={5}
          spellcheck={false}
        />
        {props.features && props.features.length > 0 ? (
          <div class="hint" id="capas-unidades">
            <p>{t('consultations.create.layerUnits', { example: `${props.features[0]!.layerCode}:${props.features[0]!.code}; 50000` })}</p>
            <ul>
              {props.features.map((f) => (
                <li>
                  <code>{`${f.layerCode}:${f.code}`}</code> — {f.name}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <h2>{t('consultations.create.rulesHeading')}</h2>
        {choice('regla', ['approval', 'knapsack'], true)}
        <TextField name="minimo" label={t('consultations.create.min')} hint={t('consultations.create.countHint')} inputmode="numeric" width="3" value={form.minimo} error={errors.minimo} />
        <TextField name="maximo" label={t('consultations.create.max')} hint={t('consultations.create.countHint')} inputmode="numeric" width="3" value={form.maximo} error={errors.maximo} />
        {choice('metodo', ['greedy', 'mes'])}
        {choice('nivel', ['bajo', 'sustancial'])}
        {choice('elegibilidad', ['both', 'census', 'territory'])}
        <Checkboxes name="cambio" label={t('consultations.create.revote')} options={[{ value: 'si', label: t('consultations.create.revoteYes') }]} values={form.cambio === 'si' ? ['si'] : []} />
        <h2>{t('consultations.create.datesHeading')}</h2>
        <p>{t('consultations.create.datesLead')}</p>
        {day('propuestas')}
        {day('revision')}
        {day('votacion')}
        {day('cierre')}
        {day('ejecucion')}
        <Button>{t('consultations.create.submit')}</Button>
      </Form>
    </>
  );
}
