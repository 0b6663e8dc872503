import { Button, ButtonGroup, ErrorSummary, Form, InsetText, Panel, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { QrCode } from '../../../platform/views/qr-code.tsx';
import { useView } from '../../../platform/views/context.ts';

export interface SignInErrors {
  login?: string;
  password?: string;
}

/** Sign-in form of the provider: e-mail or document number, and password. */
export function SignInPage(props: { action: string; clientName: string | null; login: string; errors: SignInErrors; notice?: string }) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems({ ...props.errors })} />
      <h1>{t('identity.signIn.heading')}</h1>
      {props.clientName ? <p class="lead">{t('identity.signIn.forClient', { client: props.clientName })}</p> : null}
      {props.notice ? <InsetText>{props.notice}</InsetText> : null}
      <Form action={props.action}>
        <TextField name="login" label={t('identity.signIn.login')} hint={t('identity.signIn.loginHint')} value={props.login} error={props.errors.login} autocomplete="username" spellcheck={false} />
        <TextField name="password" type="password" label={t('identity.signIn.password')} error={props.errors.password} autocomplete="current-password" />
        <Button preventDoubleClick>{t('identity.signIn.submit')}</Button>
      </Form>
      <ul class="list">
        <li>
          <a href="/recuperar">{t('identity.signIn.forgot')}</a>
        </li>
        <li>
          <a href="/registro">{t('identity.signIn.register')}</a>
        </li>
      </ul>
    </>
  );
}

/** An account created by a registrar: the person replaces the temporary password before going on. */
export function NewPasswordPage(props: { action: string; error?: string }) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems({ password: props.error })} />
      <h1>{t('identity.passwordChange.heading')}</h1>
      <p class="lead">{t('identity.passwordChange.lead')}</p>
      <Form action={props.action}>
        <TextField name="password" type="password" label={t('identity.reset.newPassword')} hint={t('identity.registration.passwordHint')} error={props.error} autocomplete="new-password" />
        <Button preventDoubleClick>{t('identity.passwordChange.submit')}</Button>
      </Form>
    </>
  );
}

export interface ConsentClaim {
  scope: string;
  label: string;
  /** `data`: claims the client receives; `action`: what it may do in the person's name (a module's scope). */
  kind: 'data' | 'action';
}

/** Asks the person whether an agency's system may receive the listed data and act as listed, and why. */
export function ConsentPage(props: { action: string; clientName: string; purpose: string; claims: ConsentClaim[] }) {
  const { t } = useView();
  const data = props.claims.filter((c) => c.kind === 'data');
  const actions = props.claims.filter((c) => c.kind === 'action');
  const list = (claims: ConsentClaim[]) => (
    <ul class="list list--bullet">
      {claims.map((claim) => (
        <li key={claim.scope}>{claim.label}</li>
      ))}
    </ul>
  );
  return (
    <>
      <h1>{t('identity.consent.heading', { client: props.clientName })}</h1>
      {data.length > 0 ? (
        <>
          <p class="lead">{t('identity.consent.lead', { client: props.clientName })}</p>
          {list(data)}
        </>
      ) : null}
      {actions.length > 0 ? (
        <>
          <p class={data.length > 0 ? undefined : 'lead'}>{data.length > 0 ? t('identity.consent.actionsLead') : t('identity.consent.actionsOnlyLead', { client: props.clientName })}</p>
          {list(actions)}
        </>
      ) : null}
      {props.purpose ? (
        <Panel title={t('identity.consent.purposeTitle')}>
          <p>{props.purpose}</p>
        </Panel>
      ) : null}
      <p>{t('identity.consent.revocable')}</p>
      <Form action={props.action}>
        <ButtonGroup>
          <Button name="decision" value="allow">
            {t('identity.consent.allow')}
          </Button>
          <Button name="decision" value="deny" variant="secondary">
            {t('identity.consent.deny')}
          </Button>
        </ButtonGroup>
      </Form>
    </>
  );
}

/** The person's level is below what the client requires: how to raise it; no token is given. */
export function StepUpPage(props: { action: string; clientName: string; required: string; current: string; canUseSecondFactor: boolean }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('identity.stepUp.heading')}</h1>
      <p class="lead">{t('identity.stepUp.lead', { client: props.clientName, required: t(`identity.level.${props.required}`), current: t(`identity.level.${props.current}`) })}</p>
      {props.required === 'alto' && props.current === 'sustancial' ? (
        <p>
          {props.canUseSecondFactor ? t('identity.stepUp.useSecondFactor') : t('identity.stepUp.enableSecondFactor')}
          {props.canUseSecondFactor ? null : (
            <>
              {' '}
              <a href="/cuenta/seguridad">{t('identity.stepUp.securityLink')}</a>
            </>
          )}
        </p>
      ) : (
        <p>{t('identity.stepUp.verifyInPerson')}</p>
      )}
      <Form action={props.action}>
        <Button variant="secondary">{t('identity.stepUp.back')}</Button>
      </Form>
    </>
  );
}

/**
 * The second factor at sign-in: the code from the authenticator app; or, for staff who must
 * have one and do not yet, the key to add to the app first (as text and as an otpauth link).
 */
export function SecondFactorPage(props: { action: string; enrolment?: { secret: string; uri: string }; error?: string }) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems({ code: props.error })} />
      <h1>{t(props.enrolment ? 'identity.secondFactor.enrolHeading' : 'identity.secondFactor.heading')}</h1>
      {props.enrolment ? <TotpKey secret={props.enrolment.secret} uri={props.enrolment.uri} lead={t('identity.secondFactor.enrolLead')} /> : <p class="lead">{t('identity.secondFactor.lead')}</p>}
      <Form action={props.action}>
        <TotpCodeField error={props.error} />
        <Button preventDoubleClick>{t('identity.secondFactor.submit')}</Button>
      </Form>
    </>
  );
}

/** The key of a TOTP enrolment: as a QR code drawn on the server, as text in groups of four, and the otpauth link apps open. */
export function TotpKey(props: { secret: string; uri: string; lead: string }) {
  const { t } = useView();
  return (
    <>
      <p>{props.lead}</p>
      <Panel title={t('identity.secondFactor.keyTitle')}>
        <p>
          <QrCode text={props.uri} label={t('identity.secondFactor.qrLabel')} />
        </p>
        <p>
          <code>{props.secret}</code>
        </p>
        <p>
          <a href={props.uri}>{t('identity.secondFactor.openInApp')}</a>
        </p>
      </Panel>
    </>
  );
}

/** The field where a person types the six digits of their authenticator app. */
export function TotpCodeField(props: { error?: string | undefined }) {
  const { t } = useView();
  return (
    <TextField
      name="code"
      label={t('identity.secondFactor.code')}
      hint={t('identity.secondFactor.codeHint')}
      error={props.error}
      inputmode="numeric"
      autocomplete="one-time-code"
      width="10"
      spellcheck={false}
    />
  );
}
