// The registration form of a social-production unit (a spokesperson of its commune or council):
// its address, name, NIT/RIF in the registry when it has one, its communal bank account and up
// to four members' organs (name and how many members, never who).
import { Button, ErrorSummary, Form, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';

export const ORGAN_ROWS = [1, 2, 3, 4] as const;

export function UnitForm(props: { form: Record<string, string>; errors: Record<string, string> }) {
  const { t } = useView();
  const f = props.form;
  const e = props.errors;
  return (
    <>
      <ErrorSummary errors={summaryItems(e)} />
      <h1>{t('projects.banks.units.register.heading')}</h1>
      <p>{t('projects.banks.units.register.lead')}</p>
      <Form action="/bancos-comunales/unidades/registrar">
        <TextField name="nombre" label={t('projects.banks.units.register.name')} value={f.nombre} error={e.nombre} />
        <TextField name="direccion" label={t('projects.banks.units.register.key')} hint={t('projects.banks.units.register.keyHint')} value={f.direccion} error={e.direccion} width="20" />
        <TextField name="cuenta" label={t('projects.banks.units.register.account')} hint={t('projects.banks.units.register.accountHint')} value={f.cuenta} error={e.cuenta} width="20" />
        <TextField name="nit" optional label={t('projects.banks.units.registry')} hint={t('projects.banks.units.register.registryHint')} value={f.nit} error={e.nit} width="20" />
        <fieldset class="fieldset">
          <legend class="fieldset__legend">{t('projects.banks.units.organs')}</legend>
          {ORGAN_ROWS.map((n) => (
            <div key={n}>
              <TextField name={`organo-${n}`} optional label={t('projects.banks.units.register.organ', { n })} value={f[`organo-${n}`]} error={e[`organo-${n}`]} />
              <TextField name={`miembros-${n}`} optional label={t('projects.banks.units.register.members', { n })} value={f[`miembros-${n}`]} inputmode="numeric" width="5" />
            </div>
          ))}
        </fieldset>
        <Button type="submit">{t('projects.banks.units.register.submit')}</Button>
      </Form>
    </>
  );
}
