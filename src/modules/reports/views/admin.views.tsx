// The platform administrator's reports pages: categories (legal time, anonymous reports,
// contest period) and routing rules (category × territory → agency).
import { Button, Checkboxes, ErrorSummary, Form, Select, Table, TextField, summaryItems, type ChoiceOption } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { RoutingRuleRow } from '../report.types.ts';
import type { Category } from '../report.types.ts';

export const REPORTS_ADMIN_PATH = '/admin/reportes';

export type AdminErrors = Record<string, string>;
export type AdminValues = Record<string, string>;

export function ReportsAdminPage(props: { categories: Category[]; rules: RoutingRuleRow[]; agencies: ChoiceOption[]; errors?: AdminErrors; values?: AdminValues }) {
  const { t, locale } = useView();
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  const nameOf = (code: string) => props.categories.find((c) => c.code === code)?.name[locale] ?? code;
  const agencyOf = (code: string) => props.agencies.find((a) => a.value === code)?.label ?? code;
  return (
    <>
      <ErrorSummary errors={summaryItems(errors)} />
      <h1>{t('reports.admin.title')}</h1>
      <p class="lead">{t('reports.admin.lead')}</p>
      <h2>{t('reports.admin.categories.title')}</h2>
      <Table
        caption={t('reports.admin.categories.title')}
        captionHidden
        columns={[
          { label: t('reports.admin.categories.name') },
          { label: t('reports.admin.categories.legalResponseDays') },
          { label: t('reports.admin.categories.anonymous') },
          { label: t('reports.admin.categories.contestDays') },
          { label: t('reports.admin.categories.action') },
        ]}
        rows={props.categories.map((c) => [
          c.name[locale],
          String(c.legalResponseDays),
          c.anonymousAllowed ? t('reports.admin.yes') : t('reports.admin.no'),
          String(c.contestDays),
          <a href={`${REPORTS_ADMIN_PATH}/categorias/${c.code}`}>{t('reports.admin.categories.edit', { name: c.name[locale] })}</a>,
        ])}
      />
      <h2>{t('reports.admin.rules.title')}</h2>
      <p>{t('reports.admin.rules.lead')}</p>
      {props.rules.length === 0 ? (
        <p>{t('reports.admin.rules.empty')}</p>
      ) : (
        <Table
          caption={t('reports.admin.rules.title')}
          captionHidden
          columns={[
            { label: t('reports.admin.rules.category') },
            { label: t('reports.admin.rules.territory') },
            { label: t('reports.admin.rules.agency') },
            { label: t('reports.admin.categories.action') },
          ]}
          rows={props.rules.map((r) => [
            nameOf(r.categoryCode),
            r.territoryCode ?? t('reports.admin.rules.wholeCountry'),
            agencyOf(r.agencyCode),
            <Form action={`${REPORTS_ADMIN_PATH}/reglas/${r.id}/quitar`}>
              <Button variant="warning">{t('reports.admin.rules.remove', { category: nameOf(r.categoryCode), territory: r.territoryCode ?? t('reports.admin.rules.wholeCountry') })}</Button>
            </Form>,
          ])}
        />
      )}
      <h2>{t('reports.admin.rules.addTitle')}</h2>
      <Form action={`${REPORTS_ADMIN_PATH}/reglas`}>
        <Select
          name="categoria"
          label={t('reports.admin.rules.category')}
          options={props.categories.map((c) => ({ value: c.code, label: c.name[locale] }))}
          value={values.categoria}
          error={errors.categoria}
        />
        <TextField name="territorio" label={t('reports.admin.rules.territory')} hint={t('reports.admin.rules.territoryHint')} optional value={values.territorio} error={errors.territorio} width="10" />
        <Select
          name="institucion"
          label={t('reports.admin.rules.agency')}
          options={props.agencies}
          placeholder={t('reports.admin.rules.choose')}
          value={values.institucion}
          error={errors.institucion}
        />
        <Button>{t('reports.admin.rules.add')}</Button>
      </Form>
    </>
  );
}

export function CategoryAdminPage(props: { category: Category; errors?: AdminErrors; values?: AdminValues }) {
  const { t, locale } = useView();
  const errors = props.errors ?? {};
  const c = props.category;
  const values = props.values ?? { dias: String(c.legalResponseDays), anonimo: c.anonymousAllowed ? 'si' : '', impugnacion: String(c.contestDays) };
  return (
    <>
      <ErrorSummary errors={summaryItems(errors)} />
      <h1>{t('reports.admin.category.title', { name: c.name[locale] })}</h1>
      <Form action={`${REPORTS_ADMIN_PATH}/categorias/${c.code}`}>
        <TextField
          name="dias"
          label={t('reports.admin.categories.legalResponseDays')}
          hint={t('reports.admin.category.daysHint')}
          inputmode="numeric"
          width="3"
          value={values.dias}
          error={errors.dias}
        />
        <Checkboxes
          name="anonimo"
          label={t('reports.admin.categories.anonymous')}
          options={[{ value: 'si', label: t('reports.admin.category.anonymousOption') }]}
          values={values.anonimo ? ['si'] : []}
        />
        <TextField
          name="impugnacion"
          label={t('reports.admin.categories.contestDays')}
          hint={t('reports.admin.category.contestHint')}
          inputmode="numeric"
          width="3"
          value={values.impugnacion}
          error={errors.impugnacion}
        />
        <Button>{t('reports.admin.category.save')}</Button>
      </Form>
      <p>
        <a href={REPORTS_ADMIN_PATH}>{t('reports.admin.back')}</a>
      </p>
    </>
  );
}
