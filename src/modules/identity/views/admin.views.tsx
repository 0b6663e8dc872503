// Pages of the administration side: agencies' systems (/admin/clientes), in-person
// verification (/registrar) and roles of officials (/admin/roles). Plain forms that POST with
// CSRF; errors re-render the form with what was typed and a summary linked to the fields.
import type { ComponentChildren } from 'preact';
import {
  Button,
  ButtonGroup,
  Checkboxes,
  DateField,
  ErrorSummary,
  Form,
  InsetText,
  Notice,
  Panel,
  Radios,
  Select,
  SummaryList,
  Table,
  Tag,
  TextArea,
  TextField,
  fieldId,
  summaryItems,
  type ChoiceOption,
  type DateParts,
} from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Agency } from '../../agencies/index.ts';
import { LEVELS, ROLES, type Account } from '../account.types.ts';
import type { AgencyRoleRow, LastVerification } from '../admin.queries.ts';
import type { ClientInput } from '../admin.service.ts';
import type { Client } from '../client.types.ts';
import { SCOPES } from '../oidc/claims.ts';

export type FormErrors = Record<string, string | undefined>;

const agencyLabel = (agency: Agency) => `${agency.name} (${agency.acronym})`;

function agencyName(agencies: Agency[], code: string | null): string {
  const agency = agencies.find((a) => a.code === code);
  return agency ? agencyLabel(agency) : (code ?? '—');
}

/** A value to copy once (a secret, a temporary password): a read-only box with its label. */
function OnceValue(props: { name: string; label: string; value: string }) {
  const id = fieldId(props.name);
  return (
    <div class="field">
      <label class="label" for={id}>
        {props.label}
      </label>
      <input class="input" id={id} type="text" readOnly value={props.value} autocomplete="off" spellcheck={false} />
    </div>
  );
}

function Done(props: { message: string | undefined }) {
  return props.message ? (
    <Panel tone="success">
      <p role="status">{props.message}</p>
    </Panel>
  ) : null;
}

// ---------------------------------------------------------------------------------------
// Agencies' systems

export function ClientListPage(props: { clients: Client[]; agencies: Agency[]; done?: string }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('identity.admin.clients.heading')}</h1>
      <Done message={props.done} />
      <p class="lead">{t('identity.admin.clients.lead')}</p>
      <Button href="/admin/clientes/nuevo">{t('identity.admin.clients.new')}</Button>
      {props.clients.length === 0 ? (
        <p>{t('identity.admin.clients.none')}</p>
      ) : (
        <Table
          caption={t('identity.admin.clients.caption')}
          rowHeaders
          columns={[
            { label: t('identity.admin.field.name') },
            { label: t('identity.admin.field.agency') },
            { label: t('identity.admin.clients.clientId') },
            { label: t('identity.admin.field.minimumLevel') },
            { label: t('identity.admin.clients.state') },
          ]}
          rows={props.clients.map((client) => [
            <a href={`/admin/clientes/${client.clientId}`}>{client.name}</a>,
            agencyName(props.agencies, client.agencyCode),
            <code>{client.clientId}</code>,
            t(`identity.level.${client.minimumLevel}`),
            client.isActive ? <Tag tone="success">{t('identity.admin.clients.active')}</Tag> : <Tag tone="danger">{t('identity.admin.clients.inactive')}</Tag>,
          ])}
        />
      )}
    </>
  );
}

/** The client form as typed: lists of addresses are one per line. */
export type ClientFormValues = Omit<ClientInput, 'redirectUris' | 'postLogoutRedirectUris'> & { redirectUris: string; postLogoutRedirectUris: string };

export function clientFormValues(client: Client): ClientFormValues {
  return {
    name: client.name,
    agencyCode: client.agencyCode ?? '',
    redirectUris: client.redirectUris.join('\n'),
    postLogoutRedirectUris: client.postLogoutRedirectUris.join('\n'),
    backchannelLogoutUri: client.backchannelLogoutUri ?? '',
    scopes: client.scopes,
    minimumLevel: client.minimumLevel,
    sectorIdentifier: client.sectorIdentifier ?? '',
    subjectType: client.subjectType,
    requirePar: client.requirePar,
    purpose: client.purpose,
  };
}

export const EMPTY_CLIENT_FORM: ClientFormValues = {
  name: '',
  agencyCode: '',
  redirectUris: '',
  postLogoutRedirectUris: '',
  backchannelLogoutUri: '',
  scopes: ['openid'],
  minimumLevel: 'bajo',
  sectorIdentifier: '',
  subjectType: 'pairwise',
  requirePar: false,
  purpose: '',
};

function ClientFields(props: { values: ClientFormValues; errors: FormErrors; agencies: Agency[]; allowLoopbackHttp: boolean }) {
  const { t } = useView();
  const { values, errors } = props;
  const uriHint = props.allowLoopbackHttp ? t('identity.admin.hint.urisDemo') : t('identity.admin.hint.uris');
  return (
    <>
      <TextField name="name" label={t('identity.admin.field.name')} hint={t('identity.admin.hint.name')} value={values.name} error={errors.name} />
      <Select
        name="agencyCode"
        label={t('identity.admin.field.agency')}
        placeholder={t('identity.admin.placeholder.agency')}
        options={props.agencies.map((agency) => ({ value: agency.code, label: agencyLabel(agency) }))}
        value={values.agencyCode}
        error={errors.agencyCode}
      />
      <TextArea name="redirectUris" label={t('identity.admin.field.redirectUris')} hint={uriHint} value={values.redirectUris} rows={3} spellcheck={false} error={errors.redirectUris} />
      <TextArea
        name="postLogoutRedirectUris"
        label={t('identity.admin.field.postLogoutRedirectUris')}
        hint={uriHint}
        value={values.postLogoutRedirectUris}
        rows={2}
        spellcheck={false}
        optional
        error={errors.postLogoutRedirectUris}
      />
      <TextField
        name="backchannelLogoutUri"
        type="url"
        label={t('identity.admin.field.backchannelLogoutUri')}
        hint={t('identity.admin.hint.backchannel')}
        value={values.backchannelLogoutUri}
        spellcheck={false}
        optional
        error={errors.backchannelLogoutUri}
      />
      <Checkboxes
        name="scopes"
        label={t('identity.admin.field.scopes')}
        hint={t('identity.admin.hint.scopes')}
        options={SCOPES.map((scope) => ({ value: scope, label: `${scope}: ${t(`identity.scope.${scope}`)}` }))}
        values={values.scopes}
        error={errors.scopes}
      />
      <Radios
        name="minimumLevel"
        label={t('identity.admin.field.minimumLevel')}
        options={LEVELS.map((level) => ({ value: level, label: t(`identity.level.${level}`) }))}
        value={values.minimumLevel}
        error={errors.minimumLevel}
      />
      <Radios
        name="subjectType"
        label={t('identity.admin.field.subjectType')}
        options={[
          { value: 'pairwise', label: t('identity.admin.subjectType.pairwise'), hint: t('identity.admin.subjectType.pairwiseHint') },
          { value: 'public', label: t('identity.admin.subjectType.public'), hint: t('identity.admin.subjectType.publicHint') },
        ]}
        value={values.subjectType}
        error={errors.subjectType}
      />
      <TextField
        name="sectorIdentifier"
        label={t('identity.admin.field.sectorIdentifier')}
        hint={t('identity.admin.hint.sector')}
        value={values.sectorIdentifier}
        spellcheck={false}
        optional
        error={errors.sectorIdentifier}
      />
      <Checkboxes
        name="requirePar"
        label={t('identity.admin.field.requirePar')}
        options={[{ value: 'yes', label: t('identity.admin.requireParOption') }]}
        values={values.requirePar ? ['yes'] : []}
        optional
        error={errors.requirePar}
      />
      <TextArea name="purpose" label={t('identity.admin.field.purpose')} hint={t('identity.admin.hint.purpose')} value={values.purpose} rows={3} error={errors.purpose} />
    </>
  );
}

export function ClientFormPage(props: { client?: Client; values: ClientFormValues; errors: FormErrors; agencies: Agency[]; allowLoopbackHttp: boolean; done?: string }) {
  const { t } = useView();
  const { client } = props;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <Done message={props.done} />
      <h1>{client ? t('identity.admin.clients.editHeading', { name: client.name }) : t('identity.admin.clients.newHeading')}</h1>
      {client ? (
        <SummaryList
          rows={[
            { key: t('identity.admin.clients.clientId'), value: <code>{client.clientId}</code> },
            {
              key: t('identity.admin.clients.state'),
              value: client.isActive ? <Tag tone="success">{t('identity.admin.clients.active')}</Tag> : <Tag tone="danger">{t('identity.admin.clients.inactive')}</Tag>,
            },
          ]}
        />
      ) : (
        <p class="lead">{t('identity.admin.clients.newLead')}</p>
      )}
      <Form action={client ? `/admin/clientes/${client.clientId}` : '/admin/clientes/nuevo'}>
        <ClientFields values={props.values} errors={props.errors} agencies={props.agencies} allowLoopbackHttp={props.allowLoopbackHttp} />
        <ButtonGroup>
          <Button preventDoubleClick>{client ? t('identity.admin.clients.save') : t('identity.admin.clients.create')}</Button>
          <Button variant="secondary" href="/admin/clientes">
            {t('identity.admin.clients.back')}
          </Button>
        </ButtonGroup>
      </Form>
      {client ? (
        <>
          <h2>{t('identity.admin.clients.secretHeading')}</h2>
          <p>{t('identity.admin.clients.secretLead')}</p>
          <Form action={`/admin/clientes/${client.clientId}/secreto`}>
            <Button variant="warning">{t('identity.admin.clients.rotate')}</Button>
          </Form>
          <h2>{t('identity.admin.clients.stateHeading')}</h2>
          <p>{client.isActive ? t('identity.admin.clients.deactivateLead') : t('identity.admin.clients.reactivateLead')}</p>
          <Form action={`/admin/clientes/${client.clientId}/estado`}>
            <input type="hidden" name="active" value={client.isActive ? 'false' : 'true'} />
            <Button variant={client.isActive ? 'warning' : 'secondary'}>{client.isActive ? t('identity.admin.clients.deactivate') : t('identity.admin.clients.reactivate')}</Button>
          </Form>
        </>
      ) : null}
    </>
  );
}

/** Shown once, right after creating a client or rotating its secret. */
export function ClientSecretPage(props: { client: Client; secret: string; isNew: boolean }) {
  const { t } = useView();
  return (
    <>
      <h1>{props.isNew ? t('identity.admin.secret.createdHeading', { name: props.client.name }) : t('identity.admin.secret.rotatedHeading', { name: props.client.name })}</h1>
      <Notice>{t('identity.admin.secret.once')}</Notice>
      <SummaryList
        rows={[
          { key: t('identity.admin.clients.clientId'), value: <code>{props.client.clientId}</code> },
          { key: t('identity.admin.secret.method'), value: <code>client_secret_basic</code> },
        ]}
      />
      <OnceValue name="clientSecret" label={t('identity.admin.secret.label')} value={props.secret} />
      <Button href={`/admin/clientes/${props.client.clientId}`}>{t('identity.admin.secret.continue')}</Button>
    </>
  );
}

// ---------------------------------------------------------------------------------------
// In-person verification

export interface DocumentTypeOption {
  code: string;
  label: string;
  example: string;
}

export interface SearchValues {
  documentType: string;
  documentNumber: string;
}

export interface CheckValues {
  agencyCode: string;
  office: string;
  notes: string;
  documentChecked: boolean;
}

export interface NewPersonValues extends CheckValues, SearchValues {
  givenName: string;
  familyName: string;
  birthDate: DateParts;
  email: string;
  phone: string;
}

function DocumentFields(props: { values: SearchValues; errors: FormErrors; documentTypes: DocumentTypeOption[] }) {
  const { t } = useView();
  const type = props.documentTypes.find((d) => d.code === props.values.documentType) ?? props.documentTypes[0];
  return (
    <>
      <Select
        name="documentType"
        label={t('identity.registrar.field.documentType')}
        options={props.documentTypes.map((d) => ({ value: d.code, label: d.label }))}
        value={props.values.documentType}
        error={props.errors.documentType}
      />
      <TextField
        name="documentNumber"
        label={t('identity.registrar.field.documentNumber')}
        hint={type ? t('identity.registrar.hint.documentNumber', { example: type.example }) : undefined}
        value={props.values.documentNumber}
        width="20"
        spellcheck={false}
        autocomplete="off"
        error={props.errors.documentNumber}
      />
    </>
  );
}

function CheckFields(props: { values: CheckValues; errors: FormErrors; agencies: Agency[] }) {
  const { t } = useView();
  const agencyOptions: ChoiceOption[] = props.agencies.map((agency) => ({ value: agency.code, label: agencyLabel(agency) }));
  return (
    <>
      {agencyOptions.length === 1 ? (
        <>
          <input type="hidden" name="agencyCode" value={agencyOptions[0]!.value} />
          <p>
            {t('identity.registrar.forAgency')} <strong>{agencyOptions[0]!.label}</strong>
          </p>
        </>
      ) : (
        <Radios name="agencyCode" label={t('identity.registrar.field.agency')} options={agencyOptions} value={props.values.agencyCode} error={props.errors.agencyCode} />
      )}
      <TextField name="office" label={t('identity.registrar.field.office')} hint={t('identity.registrar.hint.office')} value={props.values.office} error={props.errors.office} />
      <Checkboxes
        name="documentChecked"
        label={t('identity.registrar.field.documentChecked')}
        options={[{ value: 'yes', label: t('identity.registrar.documentCheckedOption') }]}
        values={props.values.documentChecked ? ['yes'] : []}
        error={props.errors.documentChecked}
      />
      <TextArea name="notes" label={t('identity.registrar.field.notes')} hint={t('identity.registrar.hint.notes')} value={props.values.notes} rows={3} optional error={props.errors.notes} />
    </>
  );
}

function PersonSummary(props: { account: Account; lastVerification: LastVerification | undefined; agencies: Agency[] }) {
  const { t, locale } = useView();
  const { account } = props;
  const birth = account.birthDate ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${account.birthDate}T00:00:00Z`)) : '—';
  return (
    <SummaryList
      rows={[
        { key: t('identity.registrar.personName'), value: `${account.givenName} ${account.familyName}` },
        { key: t('identity.registrar.birthDate'), value: birth },
        { key: t('identity.registrar.document'), value: `${account.documentType} ${account.documentNumber}` },
        { key: t('identity.registrar.level'), value: <Tag tone={account.level === 'sustancial' ? 'success' : 'neutral'}>{t(`identity.level.${account.level}`)}</Tag> },
        ...(props.lastVerification
          ? [
              {
                key: t('identity.registrar.lastVerification'),
                value: t('identity.registrar.lastVerificationValue', {
                  agency: agencyName(props.agencies, props.lastVerification.agencyCode),
                  office: props.lastVerification.office,
                  date: new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(props.lastVerification.verifiedAt),
                }),
              },
            ]
          : []),
      ]}
    />
  );
}

export type RegistrarResult =
  | { kind: 'found'; account: Account; lastVerification: LastVerification | undefined; check: CheckValues; errors: FormErrors }
  | { kind: 'notFound'; person: NewPersonValues; errors: FormErrors };

export function RegistrarPage(props: {
  agencies: Agency[];
  documentTypes: DocumentTypeOption[];
  search: SearchValues;
  searchErrors: FormErrors;
  result?: RegistrarResult;
  isSelf?: boolean;
  done?: string;
}) {
  const { t } = useView();
  const { result } = props;
  const errors = { ...props.searchErrors, ...(result?.errors ?? {}) };
  return (
    <>
      <ErrorSummary errors={summaryItems(errors)} />
      <Done message={props.done} />
      <h1>{t('identity.registrar.heading')}</h1>
      <p class="lead">{t('identity.registrar.lead')}</p>
      <Form action="/registrar">
        <DocumentFields values={props.search} errors={props.searchErrors} documentTypes={props.documentTypes} />
        <Button>{t('identity.registrar.search')}</Button>
      </Form>
      {result?.kind === 'found' ? (
        <section aria-labelledby="persona">
          <h2 id="persona">{t('identity.registrar.personHeading')}</h2>
          <PersonSummary account={result.account} lastVerification={result.lastVerification} agencies={props.agencies} />
          {props.isSelf ? (
            <InsetText>{t('identity.registrar.notSelf')}</InsetText>
          ) : result.account.level === 'bajo' ? (
            <>
              <h3>{t('identity.registrar.verifyHeading')}</h3>
              <p>{t('identity.registrar.verifyLead')}</p>
              <Form action="/registrar/verificar">
                <input type="hidden" name="accountId" value={result.account.id} />
                <CheckFields values={result.check} errors={result.errors} agencies={props.agencies} />
                <Button preventDoubleClick>{t('identity.registrar.verify')}</Button>
              </Form>
            </>
          ) : (
            <InsetText>{t('identity.registrar.alreadyVerified')}</InsetText>
          )}
        </section>
      ) : null}
      {result?.kind === 'notFound' ? (
        <section aria-labelledby="alta">
          <h2 id="alta">{t('identity.registrar.notFoundHeading')}</h2>
          <p>{t('identity.registrar.notFoundLead')}</p>
          <Form action="/registrar/alta">
            <input type="hidden" name="documentType" value={result.person.documentType} />
            <input type="hidden" name="documentNumber" value={result.person.documentNumber} />
            <SummaryList rows={[{ key: t('identity.registrar.document'), value: `${result.person.documentType} ${result.person.documentNumber}` }]} />
            <TextField name="givenName" label={t('identity.registrar.field.givenName')} value={result.person.givenName} autocomplete="off" error={result.errors.givenName} />
            <TextField name="familyName" label={t('identity.registrar.field.familyName')} value={result.person.familyName} autocomplete="off" error={result.errors.familyName} />
            <DateField name="birthDate" label={t('identity.registrar.field.birthDate')} hint={t('identity.registrar.hint.birthDate')} value={result.person.birthDate} error={result.errors.birthDate} />
            <TextField name="email" type="email" label={t('identity.registrar.field.email')} value={result.person.email} autocomplete="off" spellcheck={false} optional error={result.errors.email} />
            <TextField name="phone" type="tel" label={t('identity.registrar.field.phone')} value={result.person.phone} autocomplete="off" width="20" optional error={result.errors.phone} />
            <CheckFields values={result.person} errors={result.errors} agencies={props.agencies} />
            <Button preventDoubleClick>{t('identity.registrar.register')}</Button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

/** After an assisted registration: the temporary password, shown once. */
export function RegisteredPage(props: { account: Account; temporaryPassword: string }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('identity.registrar.registeredHeading', { name: `${props.account.givenName} ${props.account.familyName}` })}</h1>
      <Notice>{t('identity.registrar.temporaryOnce')}</Notice>
      <SummaryList
        rows={[
          { key: t('identity.registrar.document'), value: `${props.account.documentType} ${props.account.documentNumber}` },
          { key: t('identity.registrar.level'), value: t(`identity.level.${props.account.level}`) },
        ]}
      />
      <OnceValue name="temporaryPassword" label={t('identity.registrar.temporaryLabel')} value={props.temporaryPassword} />
      <p>{t('identity.registrar.temporaryHowTo')}</p>
      <Button href="/registrar">{t('identity.registrar.next')}</Button>
    </>
  );
}

// ---------------------------------------------------------------------------------------
// Roles of officials

export interface GrantValues extends SearchValues {
  role: string;
}

export function RolesPage(props: { agencies: Agency[]; agency: Agency; rows: AgencyRoleRow[]; documentTypes: DocumentTypeOption[]; values: GrantValues; errors: FormErrors; done?: string }) {
  const { t, locale } = useView();
  const { agency } = props;
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const rows: ComponentChildren[][] = props.rows.map((row) => [
    `${row.givenName} ${row.familyName}`,
    `${row.documentType} ${row.documentNumber}`,
    t(`identity.roles.role.${row.role}`),
    date.format(row.grantedAt),
    <Form action="/admin/roles/revocar">
      <input type="hidden" name="agencyCode" value={agency.code} />
      <input type="hidden" name="accountId" value={row.accountId} />
      <input type="hidden" name="role" value={row.role} />
      <button class="button button--warning" type="submit">
        {t('identity.roles.revoke')}
        <span class="visually-hidden"> {t('identity.roles.revokeWhat', { role: t(`identity.roles.role.${row.role}`), name: `${row.givenName} ${row.familyName}` })}</span>
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
          options={ROLES.map((role) => ({ value: role, label: t(`identity.roles.role.${role}`), hint: t(`identity.roles.roleHint.${role}`) }))}
          value={props.values.role}
          error={props.errors.role}
        />
        <Button preventDoubleClick>{t('identity.roles.grant')}</Button>
      </Form>
    </>
  );
}

// ---------------------------------------------------------------------------------------
// Where each administration area is, for the signed-in person

/** `moduleAreas`: other modules' admin pages this person may use (see `adminLinks` in defineModule), already translated. */
export function AdminHomePage(props: { canManageClients: boolean; canManageRoles: boolean; isRegistrar: boolean; moduleAreas: Array<{ href: string; title: string; text: string }> }) {
  const { t } = useView();
  const areas = [
    props.canManageClients ? { href: '/admin/clientes', title: t('identity.admin.clients.heading'), text: t('identity.admin.home.clients') } : undefined,
    props.canManageClients ? { href: '/admin/llaves', title: t('identity.keys.heading'), text: t('identity.admin.home.keys') } : undefined,
    props.canManageRoles ? { href: '/admin/roles', title: t('identity.roles.heading'), text: t('identity.admin.home.roles') } : undefined,
    props.isRegistrar ? { href: '/registrar', title: t('identity.registrar.heading'), text: t('identity.admin.home.registrar') } : undefined,
    ...props.moduleAreas,
  ].filter((area) => area !== undefined);
  return (
    <>
      <h1>{t('identity.admin.home.heading')}</h1>
      <ul>
        {areas.map((area) => (
          <li>
            <a href={area.href}>{area.title}</a>: {area.text}
          </li>
        ))}
      </ul>
    </>
  );
}

// ---------------------------------------------------------------------------------------
// Signing keys

export interface KeyRow {
  kid: string;
  createdAt: Date;
  retiredAt: Date | null;
}

/** `signingNow`: the key this process signs with; `signingNext`: the one processes started from now on sign with. */
export function KeysPage(props: { keys: KeyRow[]; signingNow: string; signingNext: string | undefined; done?: string }) {
  const { t, locale } = useView();
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const state = (key: KeyRow) => {
    if (key.retiredAt) return <Tag>{t('identity.keys.state.retired')}</Tag>;
    if (key.kid === props.signingNow) return <Tag tone="success">{t('identity.keys.state.signing')}</Tag>;
    if (key.kid === props.signingNext) return <Tag tone="info">{t('identity.keys.state.next')}</Tag>;
    return <Tag tone="neutral">{t('identity.keys.state.published')}</Tag>;
  };
  const action = (key: KeyRow, path: 'activar' | 'retirar', label: string) => (
    <Form action={`/admin/llaves/${key.kid}/${path}`}>
      <button class={`button ${path === 'retirar' ? 'button--warning' : 'button--secondary'}`} type="submit" aria-label={t('identity.keys.actionWhat', { action: label, kid: key.kid })}>
        {label}
      </button>
    </Form>
  );
  return (
    <>
      <Done message={props.done} />
      <h1>{t('identity.keys.heading')}</h1>
      <p class="lead">{t('identity.keys.lead')}</p>
      <Table
        caption={t('identity.keys.caption')}
        rowHeaders
        columns={[{ label: t('identity.keys.kid') }, { label: t('identity.keys.created') }, { label: t('identity.keys.state.label') }, { label: t('identity.roles.actions') }]}
        rows={props.keys.map((key) => [
          <code>{key.kid}</code>,
          date.format(key.createdAt),
          state(key),
          key.retiredAt || key.kid === props.signingNext ? (
            ''
          ) : (
            <ButtonGroup>
              {action(key, 'activar', t('identity.keys.activate'))}
              {key.kid === props.signingNow ? null : action(key, 'retirar', t('identity.keys.retire'))}
            </ButtonGroup>
          ),
        ])}
      />
      <h2>{t('identity.keys.addHeading')}</h2>
      <p>{t('identity.keys.addLead')}</p>
      <Form action="/admin/llaves">
        <Button>{t('identity.keys.add')}</Button>
      </Form>
    </>
  );
}
