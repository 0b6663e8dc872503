// Pages of agencies' systems (/admin/clientes): list, form, and the secret shown once.
import { Button, ButtonGroup, Checkboxes, ErrorSummary, Form, Notice, Radios, Select, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Agency } from '../../agencies/index.ts';
import { LEVELS } from '../account.types.ts';
import type { ClientInput } from '../admin/clients.service.ts';
import type { Client } from '../client.types.ts';
import { grantableScopes, systemRights } from '../oidc/scopes.ts';
import { Done, OnceValue, agencyLabel, agencyName, type FormErrors } from './admin.views.tsx';

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
    rights: client.rights,
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
  rights: [],
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
        options={grantableScopes().map((scope) => ({ value: scope.name, label: `${scope.name}: ${t(scope.labelKey)}` }))}
        values={values.scopes}
        error={errors.scopes}
      />
      <Checkboxes
        name="rights"
        label={t('identity.admin.field.rights')}
        hint={t('identity.admin.hint.rights')}
        options={systemRights().map((right) => ({ value: right.name, label: `${right.name}: ${t(right.labelKey)}` }))}
        values={values.rights}
        optional
        error={errors.rights}
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
