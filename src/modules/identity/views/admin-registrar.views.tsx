// The registrar's page (/registrar): in-person verification and assisted registration.
import {
  Button,
  Checkboxes,
  DateField,
  ErrorSummary,
  Form,
  InsetText,
  Notice,
  Radios,
  SummaryList,
  Tag,
  TextArea,
  TextField,
  summaryItems,
  type ChoiceOption,
  type DateParts,
} from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Agency } from '../../agencies/index.ts';
import type { Account } from '../account.types.ts';
import type { LastVerification } from '../admin/registrar.service.ts';
import { DocumentFields, Done, OnceValue, agencyLabel, agencyName, type DocumentTypeOption, type FormErrors, type SearchValues } from './admin.views.tsx';

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
  const { t, format } = useView();
  const { account } = props;
  const birth = account.birthDate ? format.date(account.birthDate) : '—';
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
                  date: format.date(props.lastVerification.verifiedAt),
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
