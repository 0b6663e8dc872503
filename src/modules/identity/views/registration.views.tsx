import { Button, DateField, ErrorSummary, Form, InsetText, Panel, Radios, TextField, summaryItems, type DateParts } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';

export interface RegistrationValues {
  documentType: string;
  documentNumber: string;
  givenName: string;
  familyName: string;
  birthDate: DateParts;
  email: string;
  phone: string;
}

export type RegistrationFieldErrors = Partial<Record<'documentType' | 'documentNumber' | 'givenName' | 'familyName' | 'birthDate' | 'email' | 'phone' | 'password', string>>;

/** /registro: who the person is, how to reach them, and a password. */
export function RegistrationPage(props: {
  documentTypes: Array<{ value: string; label: string; hint: string }>;
  /** A mobile number as people write it in the country (the profile's example). */
  phoneExample: string;
  values: RegistrationValues;
  errors: RegistrationFieldErrors;
}) {
  const { t } = useView();
  const { values, errors } = props;
  return (
    <>
      <ErrorSummary errors={summaryItems({ ...errors })} />
      <h1>{t('identity.registration.heading')}</h1>
      <p class="lead">{t('identity.registration.lead')}</p>
      <Form action="/registro">
        <Radios name="documentType" label={t('identity.registration.documentType')} options={props.documentTypes} value={values.documentType} error={errors.documentType} />
        <TextField name="documentNumber" label={t('identity.registration.documentNumber')} value={values.documentNumber} error={errors.documentNumber} width="20" spellcheck={false} />
        <TextField name="givenName" label={t('identity.registration.givenName')} value={values.givenName} error={errors.givenName} autocomplete="given-name" spellcheck={false} />
        <TextField name="familyName" label={t('identity.registration.familyName')} value={values.familyName} error={errors.familyName} autocomplete="family-name" spellcheck={false} />
        <DateField
          name="birthDate"
          label={t('identity.registration.birthDate')}
          hint={t('identity.registration.birthDateHint')}
          value={values.birthDate}
          error={errors.birthDate}
          autocomplete="bday"
        />
        <TextField
          name="email"
          type="email"
          label={t('identity.registration.email')}
          hint={t('identity.registration.emailHint')}
          value={values.email}
          error={errors.email}
          autocomplete="email"
          spellcheck={false}
          optional
        />
        <TextField
          name="phone"
          type="tel"
          label={t('identity.registration.phone')}
          hint={t('identity.registration.phoneHint', { example: props.phoneExample })}
          value={values.phone}
          error={errors.phone}
          autocomplete="tel"
          width="20"
          optional
        />
        <TextField name="password" type="password" label={t('identity.registration.password')} hint={t('identity.registration.passwordHint')} error={errors.password} autocomplete="new-password" />
        <Button preventDoubleClick>{t('identity.registration.submit')}</Button>
      </Form>
      <p>
        {t('identity.registration.haveAccount')} <a href="/ingresar">{t('identity.signIn.submit')}</a>
      </p>
    </>
  );
}

/** The code page of registration and of password reset. */
export function CodePage(props: {
  heading: string;
  lead: string;
  action: string;
  resendAction: string;
  code?: string;
  errors: { code?: string; password?: string };
  withPassword: boolean;
  warning?: string;
  notice?: string;
}) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems({ ...props.errors })} />
      <h1>{props.heading}</h1>
      {props.notice ? <Panel tone="success">{props.notice}</Panel> : null}
      <p class="lead">{props.lead}</p>
      {props.warning ? <InsetText>{props.warning}</InsetText> : null}
      <Form action={props.action}>
        <TextField
          name="code"
          label={t('identity.verify.code')}
          hint={t('identity.verify.codeHint')}
          value={props.code}
          error={props.errors.code}
          inputmode="numeric"
          autocomplete="one-time-code"
          width="10"
          spellcheck={false}
        />
        {props.withPassword ? (
          <TextField name="password" type="password" label={t('identity.reset.newPassword')} hint={t('identity.registration.passwordHint')} error={props.errors.password} autocomplete="new-password" />
        ) : null}
        <Button preventDoubleClick>{t('identity.verify.submit')}</Button>
      </Form>
      <Form action={props.resendAction}>
        <Button variant="secondary">{t('identity.verify.resend')}</Button>
      </Form>
    </>
  );
}

/** /recuperar: the login whose password is forgotten. */
export function ResetStartPage(props: { login: string; error?: string }) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems({ login: props.error })} />
      <h1>{t('identity.reset.heading')}</h1>
      <p class="lead">{t('identity.reset.lead')}</p>
      <Form action="/recuperar">
        <TextField name="login" label={t('identity.signIn.login')} hint={t('identity.signIn.loginHint')} value={props.login} error={props.error} autocomplete="username" spellcheck={false} />
        <Button preventDoubleClick>{t('identity.reset.submit')}</Button>
      </Form>
    </>
  );
}

/** A finished step, with where to go next. */
export function DonePage(props: { heading: string; body: string; linkHref: string; linkText: string }) {
  return (
    <>
      <h1>{props.heading}</h1>
      <Panel tone="success">
        <p>{props.body}</p>
      </Panel>
      <p>
        <Button href={props.linkHref}>{props.linkText}</Button>
      </p>
    </>
  );
}
