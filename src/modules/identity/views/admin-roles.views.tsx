// Roles of officials: in an agency (/admin/roles, platform and agency administrators) and over
// a territory (/admin/roles/territorios, platform administrators). Both list who holds what,
// with a button to revoke each, and a form to grant one.
import type { ComponentChildren } from 'preact';
import type { RoleDeclaration } from '../../../platform/contract/contract.types.ts';
import { Button, ErrorSummary, Form, Radios, Select, Table, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Agency } from '../../agencies/index.ts';
import type { Territory } from '../../territories/index.ts';
import type { RoleHolderRow } from '../admin/roles.service.ts';
import { DocumentFields, Done, agencyLabel, type DocumentTypeOption, type FormErrors, type SearchValues } from './admin.views.tsx';

export interface GrantValues extends SearchValues {
  role: string;
}

/** What both roles pages show: the roles on offer, how to name any role, the form's state. */
interface RolesPageProps {
  rows: RoleHolderRow[];
  /** The roles that may be granted here: the modules' declarations of this scope. */
  roles: RoleDeclaration[];
  /** Role name → message key of its label (any declared role; a name no module declares any more shows as it is). */
  roleLabelKeys: Record<string, string>;
  documentTypes: DocumentTypeOption[];
  values: GrantValues;
  errors: FormErrors;
  done?: string;
}

export function RolesPage(props: RolesPageProps & { agencies: Agency[]; agency: Agency; territoryRolesHref?: string }) {
  const { t } = useView();
  const { agency } = props;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <Done message={props.done} />
      <h1>{t('identity.roles.heading')}</h1>
      <p class="lead">{t('identity.roles.lead')}</p>
      {props.territoryRolesHref ? (
        <p>
          <a href={props.territoryRolesHref}>{t('identity.roles.territory.link')}</a>
        </p>
      ) : null}
      {props.agencies.length > 1 ? (
        <Form method="get" action="/admin/roles">
          <Select name="institucion" label={t('identity.roles.field.agency')} options={props.agencies.map((a) => ({ value: a.code, label: agencyLabel(a) }))} value={agency.code} />
          <Button variant="secondary">{t('identity.roles.show')}</Button>
        </Form>
      ) : null}
      <h2>{agencyLabel(agency)}</h2>
      <Holders
        {...props}
        caption={t('identity.roles.caption', { agency: agency.acronym })}
        none={t('identity.roles.none')}
        revoke={{ action: '/admin/roles/revocar', scope: () => ({ agencyCode: agency.code }) }}
      />
      <GrantForm {...props} action="/admin/roles/otorgar" hidden={{ agencyCode: agency.code }} />
    </>
  );
}

/** The territory part: browsed from the top level down (a select of the units below the chosen one), grants over the chosen unit and those right below it. */
export function TerritoryRolesPage(props: RolesPageProps & { trail: Territory[]; options: Territory[]; territoryCode: string }) {
  const { t } = useView();
  const chosen = props.trail.at(-1);
  const below = props.options.filter((unit) => unit.code !== chosen?.code);
  const names = new Map(props.options.map((unit) => [unit.code, unit.name]));
  const href = (code?: string) => (code ? `/admin/roles/territorios?territorio=${encodeURIComponent(code)}` : '/admin/roles/territorios');
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <Done message={props.done} />
      <h1>{t('identity.roles.territory.heading')}</h1>
      <p class="lead">{t('identity.roles.territory.lead')}</p>
      <p>
        {t('identity.roles.territory.trail')}{' '}
        {[{ code: undefined, name: t('identity.roles.territory.top') }, ...props.trail].map((unit, index) => (
          <>
            {index > 0 ? ' › ' : null}
            {unit.code === chosen?.code && chosen ? <strong>{unit.name}</strong> : <a href={href(unit.code)}>{unit.name}</a>}
          </>
        ))}
      </p>
      {below.length > 0 ? (
        <Form method="get" action="/admin/roles/territorios">
          <Select
            name="territorio"
            label={chosen ? t('identity.roles.territory.browseIn', { name: chosen.name }) : t('identity.roles.territory.browse')}
            options={below.map((unit) => ({ value: unit.code, label: unit.name }))}
          />
          <Button variant="secondary">{t('identity.roles.show')}</Button>
        </Form>
      ) : null}
      <h2>{chosen ? chosen.name : t('identity.roles.territory.top')}</h2>
      <Holders
        {...props}
        caption={t('identity.roles.territory.caption', { name: chosen?.name ?? t('identity.roles.territory.top') })}
        none={t('identity.roles.territory.none')}
        territoryName={(code) => names.get(code) ?? code}
        revoke={{ action: '/admin/roles/territorios/revocar', scope: (row) => ({ territoryCode: row.territoryCode ?? '' }) }}
      />
      {props.roles.length === 0 ? (
        <p>{t('identity.roles.territory.noneDeclared')}</p>
      ) : (
        <GrantForm {...props} action="/admin/roles/territorios/otorgar" hidden={{}}>
          <Select
            name="territoryCode"
            label={t('identity.roles.field.territory')}
            hint={t('identity.roles.territory.fieldHint')}
            options={props.options.map((unit) => ({ value: unit.code, label: chosen && unit !== chosen ? `${chosen.name} › ${unit.name}` : unit.name }))}
            value={props.territoryCode}
            placeholder={t('identity.roles.territory.choose')}
            error={props.errors.territoryCode}
          />
        </GrantForm>
      )}
    </>
  );
}

/** Who holds which role here, with a button to revoke each; a territory column when `territoryName` is given. */
function Holders(
  props: RolesPageProps & { caption: string; none: string; territoryName?: (code: string) => string; revoke: { action: string; scope: (row: RoleHolderRow) => Record<string, string> } },
) {
  const { t, format } = useView();
  const roleLabel = (role: string) => {
    const key = props.roleLabelKeys[role];
    return key ? t(key) : role;
  };
  const territoryName = props.territoryName;
  if (props.rows.length === 0) return <p>{props.none}</p>;
  const rows: ComponentChildren[][] = props.rows.map((row) => [
    `${row.givenName} ${row.familyName}`,
    `${row.documentType} ${row.documentNumber}`,
    roleLabel(row.role),
    ...(territoryName ? [territoryName(row.territoryCode ?? '')] : []),
    format.shortDate(row.grantedAt),
    <Form action={props.revoke.action}>
      {Object.entries(props.revoke.scope(row)).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="accountId" value={row.accountId} />
      <input type="hidden" name="role" value={row.role} />
      <button class="button button--warning" type="submit">
        {t('identity.roles.revoke')}
        <span class="visually-hidden"> {t('identity.roles.revokeWhat', { role: roleLabel(row.role), name: `${row.givenName} ${row.familyName}` })}</span>
      </button>
    </Form>,
  ]);
  return (
    <Table
      caption={props.caption}
      rowHeaders
      columns={[
        { label: t('identity.registrar.personName') },
        { label: t('identity.registrar.document') },
        { label: t('identity.roles.field.role') },
        ...(territoryName ? [{ label: t('identity.roles.field.territory') }] : []),
        { label: t('identity.roles.grantedAt') },
        { label: t('identity.roles.actions') },
      ]}
      rows={rows}
    />
  );
}

/** Grants one of the roles on offer to the person with an identity document; `children` are the scope's own fields. */
function GrantForm(props: RolesPageProps & { action: string; hidden: Record<string, string>; children?: ComponentChildren }) {
  const { t } = useView();
  return (
    <>
      <h2>{t('identity.roles.grantHeading')}</h2>
      <p>{t('identity.roles.grantLead')}</p>
      <Form action={props.action}>
        {Object.entries(props.hidden).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        {props.children}
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
