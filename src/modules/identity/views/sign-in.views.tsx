import { Button, ButtonGroup, ErrorSummary, Form, InsetText, Panel, TextField, summaryItems } from '../../../platform/views/components.tsx';
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
        <TextField
          name="login"
          label={t('identity.signIn.login')}
          hint={t('identity.signIn.loginHint')}
          value={props.login}
          error={props.errors.login}
          autocomplete="username"
          spellcheck={false}
        />
        <TextField name="password" type="password" label={t('identity.signIn.password')} error={props.errors.password} autocomplete="current-password" />
        <Button preventDoubleClick>{t('identity.signIn.submit')}</Button>
      </Form>
    </>
  );
}

export interface ConsentClaim {
  scope: string;
  label: string;
}

/** Asks the person whether an agency's system may receive the listed data, and why. */
export function ConsentPage(props: { action: string; clientName: string; purpose: string; claims: ConsentClaim[] }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('identity.consent.heading', { client: props.clientName })}</h1>
      <p class="lead">{t('identity.consent.lead', { client: props.clientName })}</p>
      <ul class="list list--bullet">
        {props.claims.map((claim) => (
          <li key={claim.scope}>{claim.label}</li>
        ))}
      </ul>
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
      <p class="lead">
        {t('identity.stepUp.lead', { client: props.clientName, required: t(`identity.level.${props.required}`), current: t(`identity.level.${props.current}`) })}
      </p>
      {props.required === 'alto' && props.current === 'sustancial' ? (
        <p>{props.canUseSecondFactor ? t('identity.stepUp.useSecondFactor') : t('identity.stepUp.enableSecondFactor')}</p>
      ) : (
        <p>{t('identity.stepUp.verifyInPerson')}</p>
      )}
      <Form action={props.action}>
        <Button variant="secondary">{t('identity.stepUp.back')}</Button>
      </Form>
    </>
  );
}
