// Roles of officials (/admin/roles), for platform administrators and agency administrators.
import type { ComponentChildren } from 'preact';
import { Button, ErrorSummary, Form, Radios, Select, Table, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Agency } from '../../agencies/index.ts';
import type { RoleDeclaration } from '../../../platform/contract/contract.types.ts';
import type { AgencyRoleRow } from '../admin/roles.service.ts';
import { DocumentFields, Done, agencyLabel, type DocumentTypeOption, type FormErrors, type SearchValues } from './admin.views.tsx';

export interface GrantValues extends SearchValues {
  role: string;
}

export function RolesPage(props: {
  agencies: Agency[];
  agency: Agency;
  rows: AgencyRoleRow[];
  /** The roles that may be granted here: the modules' agency-scoped declarations. */
  roles: RoleDeclaration[];
  /** Role name → message key of its label (any declared role; a name no module declares any more shows as it is). */
  roleLabelKeys: Record<string, string>;
  documentTypes: DocumentTypeOption[];
  values: GrantValues;
  errors: FormErrors;
  done?: string;
}) {
  const { t, locale } = useView();
  const { agency } = props;
  const roleLabel = (role: string) => {
    const key = props.roleLabelKeys[role];
    return key ? t(key) : role;
  };
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const rows: ComponentChildren[][] = props.rows.map((row) => [
    `${row.givenName} ${row.familyName}`,
    `${row.documentType} ${row.documentNumber}`,
    roleLabel(row.role),
    date.format(row.grantedAt),
    <Form action="/admin/roles/revocar">
      <input type="hidden" name="agencyCode" value={agency.code} />
      <input type="hidden" name="accountId" value={row.accountId} />
      <input type="hidden" name="role" value={row.role} />
      <button class="button button--warning" type="submit">
        {t('identity.roles.revoke')}
        <span class="visually-hidden"> {t('identity.roles.revokeWhat', { role: roleLabel(row.role), name: `${row.givenName} ${row.familyName}` })}</span>
      </button>
    </Form>,
  ]);
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <Done message={props.done} />
      <h1>{t('identity.roles.heading')}</h1>
      <p class="lead">{t('identity.roles.lead')}</p>
      {props.agencies.length > 1 ? (
        <Form method="get" action="/admin/roles">
          <Select name="institucion" label={t('identity.roles.field.agency')} options={props.agencies.map((a) => ({ value: a.code, label: agencyLabel(a) }))} value={agency.code} />
          <Button variant="secondary">{t('identity.roles.show')}</Button>
        </Form>
      ) : null}
      <h2>{agencyLabel(agency)}</h2>
      {rows.length === 0 ? (
        <p>{t('identity.roles.none')}</p>
      ) : (
        <Table
          caption={t('identity.roles.caption', { agency: agency.acronym })}
          rowHeaders
          columns={[
            { label: t('identity.registrar.personName') },
            { label: t('identity.registrar.document') },
            { label: t('identity.roles.field.role') },
            { label: t('identity.roles.grantedAt') },
            { label: t('identity.roles.actions') },
          ]}
          rows={rows}
        />
      )}
      <h2>{t('identity.roles.grantHeading')}</h2>
      <p>{t('identity.roles.grantLead')}</p>
      <Form action="/admin/roles/otorgar">
        <input type="hidden" name="agencyCode" value={agency.code} />
        <DocumentFields values={props.values} errors={props.errors} documentTypes={props.documentTypes} />
        <Radios
          name="role"
          label={t('identity.roles.field.role')}
          options={props.roles.map((role) => ({ value: role.name, label: t(role.labelKey), hint: t(role.hintKey) }))}
          value={props.values.role}
          error={props.errors.role}
        />
        <Button preventDoubleClick>{t('identity.roles.grant')}</Button>
      </Form>
    </>
  );
}
