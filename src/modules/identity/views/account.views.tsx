import { Button, ErrorSummary, Form, InsetText, Pagination, Panel, SummaryList, Table, Tag, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Account } from '../account.types.ts';
import type { ActivityEntry, ConsentRow } from '../security.service.ts';
import type { SessionEntry } from '../security.service.ts';
import { TotpCodeField, TotpKey } from './sign-in.views.tsx';
import { scopeLabelKey } from '../oidc/scopes.ts';

/** The platform's date and time, in the country's zone (the pages' `timeZone` prop is the same zone). */
function useDateTime() {
  return useView().format.dateTime;
}

const ACCOUNT_LINKS = [
  { href: '/cuenta/seguridad', key: 'identity.security.title' },
  { href: '/cuenta/sesiones', key: 'identity.sessions.title' },
  { href: '/cuenta/consentimientos', key: 'identity.consents.title' },
  { href: '/cuenta/actividad', key: 'identity.activity.title' },
  { href: '/cuenta/mis-datos', key: 'identity.myData.title' },
] as const;

export function AccountPage(props: { account: Account; acr: string }) {
  const { t } = useView();
  const { account } = props;
  return (
    <>
      <h1>{t('identity.account.heading', { name: account.givenName })}</h1>
      <SummaryList
        rows={[
          { key: t('identity.account.name'), value: `${account.givenName} ${account.familyName}` },
          { key: t('identity.account.document'), value: `${account.documentType} ${account.documentNumber}` },
          { key: t('identity.account.email'), value: account.email ?? '—' },
          { key: t('identity.account.phone'), value: account.phone ?? '—' },
          { key: t('identity.account.level'), value: <Tag tone={account.level === 'sustancial' ? 'success' : 'neutral'}>{t(`identity.level.${account.level}`)}</Tag> },
          { key: t('identity.account.sessionLevel'), value: t(`identity.level.${props.acr}`) },
        ]}
      />
      {account.level === 'bajo' ? <InsetText>{t('identity.stepUp.verifyInPerson')}</InsetText> : null}
      <nav aria-label={t('identity.account.sections')}>
        <ul class="list">
          {ACCOUNT_LINKS.map((link) => (
            <li key={link.href}>
              <a href={link.href}>{t(link.key)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <Form action="/salir">
        <Button variant="secondary">{t('identity.account.signOut')}</Button>
      </Form>
    </>
  );
}

/**
 * /salir: after "Cerrar sesión", says that she is signed out (portal and Ciudadanía Digital);
 * reached while still signed in (a bookmark, the back button), it offers the sign-out button.
 */
export function SignOutPage(props: { signedIn: boolean }) {
  const { t } = useView();
  if (props.signedIn) {
    return (
      <>
        <h1>{t('identity.signOut.confirmHeading')}</h1>
        <p class="lead">{t('identity.signOut.confirmLead')}</p>
        <Form action="/salir">
          <Button>{t('identity.account.signOut')}</Button>
        </Form>
      </>
    );
  }
  return (
    <>
      <h1>{t('identity.signOut.heading')}</h1>
      <p class="lead">{t('identity.signOut.lead')}</p>
      <p>{t('identity.signOut.sharedDevice')}</p>
      <ul class="list">
        <li>
          <a href="/ingresar">{t('identity.signOut.signInAgain')}</a>
        </li>
        <li>
          <a href="/">{t('identity.signOut.home')}</a>
        </li>
      </ul>
    </>
  );
}

/** /cuenta/seguridad: the second factor, on or off. */
export function SecurityPage(props: { account: Account; enrolment?: { secret: string; uri: string }; error?: string; notice?: string }) {
  const { t } = useView();
  const { account } = props;
  return (
    <>
      <ErrorSummary errors={summaryItems({ code: props.error })} />
      <h1>{t('identity.security.heading')}</h1>
      {props.notice ? <Panel tone="success">{props.notice}</Panel> : null}
      <p class="lead">{t('identity.security.lead')}</p>
      <SummaryList
        rows={[{ key: t('identity.security.status'), value: <Tag tone={account.hasTotp ? 'success' : 'neutral'}>{t(account.hasTotp ? 'identity.security.on' : 'identity.security.off')}</Tag> }]}
      />
      {account.hasTotp ? (
        <Form action="/cuenta/seguridad/desactivar">
          <h2>{t('identity.security.disableHeading')}</h2>
          <TotpCodeField error={props.error} />
          <Button variant="warning">{t('identity.security.disable')}</Button>
        </Form>
      ) : props.enrolment ? (
        <>
          <TotpKey secret={props.enrolment.secret} uri={props.enrolment.uri} lead={t('identity.secondFactor.enrolLead')} />
          <Form action="/cuenta/seguridad/confirmar">
            <TotpCodeField error={props.error} />
            <Button>{t('identity.security.confirm')}</Button>
          </Form>
        </>
      ) : (
        <Form action="/cuenta/seguridad/activar">
          <Button>{t('identity.security.enable')}</Button>
        </Form>
      )}
      <p>
        <a href="/cuenta">{t('identity.account.back')}</a>
      </p>
    </>
  );
}

function deviceHint(userAgent: string | null): string {
  if (!userAgent) return '';
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : '';
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : '';
  return [browser, system].filter(Boolean).join(' · ');
}

/** /cuenta/sesiones: where the person is signed in, and the way to end each session. */
export function SessionsPage(props: { sessions: SessionEntry[]; clientNames: Record<string, string>; timeZone: string; notice?: string }) {
  const { t } = useView();
  const when = useDateTime();
  const others = props.sessions.filter((s) => !s.isCurrent).length;
  return (
    <>
      <h1>{t('identity.sessions.heading')}</h1>
      {props.notice ? <Panel tone="success">{props.notice}</Panel> : null}
      <p class="lead">{t('identity.sessions.lead')}</p>
      <Table
        caption={t('identity.sessions.caption')}
        captionHidden
        columns={[{ label: t('identity.sessions.device') }, { label: t('identity.sessions.started') }, { label: t('identity.sessions.services') }, { label: t('identity.sessions.action') }]}
        rows={props.sessions.map((s, index) => [
          <>
            {deviceHint(s.userAgent) || t('identity.sessions.unknownDevice')}
            {s.isCurrent ? (
              <>
                {' '}
                <Tag tone="info">{t('identity.sessions.current')}</Tag>
              </>
            ) : null}
          </>,
          when(s.startedAt),
          s.clientIds.length > 0 ? s.clientIds.map((id) => props.clientNames[id] ?? id).join(', ') : t('identity.sessions.portalOnly'),
          <Form action="/cuenta/sesiones/cerrar" id={`cerrar-${index + 1}`}>
            <input type="hidden" name="session" value={s.handle} />
            <Button variant="secondary">{t(s.isCurrent ? 'identity.sessions.endCurrent' : 'identity.sessions.end')}</Button>
          </Form>,
        ])}
      />
      {others > 0 ? (
        <Form action="/cuenta/sesiones/cerrar-otras">
          <Button variant="warning">{t('identity.sessions.endOthers', { count: others })}</Button>
        </Form>
      ) : null}
      <p>
        <a href="/cuenta">{t('identity.account.back')}</a>
      </p>
    </>
  );
}

/** /cuenta/consentimientos: which agencies' systems may receive which data; each revocable. */
export function ConsentsPage(props: { consents: ConsentRow[]; timeZone: string; notice?: string }) {
  const { t } = useView();
  const when = useDateTime();
  return (
    <>
      <h1>{t('identity.consents.heading')}</h1>
      {props.notice ? <Panel tone="success">{props.notice}</Panel> : null}
      <p class="lead">{t('identity.consents.lead')}</p>
      {props.consents.length === 0 ? (
        <p>{t('identity.consents.none')}</p>
      ) : (
        <Table
          caption={t('identity.consents.caption')}
          captionHidden
          columns={[{ label: t('identity.consents.client') }, { label: t('identity.consents.data') }, { label: t('identity.consents.since') }, { label: t('identity.sessions.action') }]}
          rows={props.consents.map((c) => [
            c.clientName,
            c.scopes
              .filter((s) => s !== 'openid')
              .map((s) => {
                const key = scopeLabelKey(s);
                return key ? t(key) : s;
              })
              .join('; ') || t('identity.scope.openid'),
            when(c.grantedAt),
            <Form action="/cuenta/consentimientos/retirar">
              <input type="hidden" name="client" value={c.clientId} />
              <Button variant="secondary">{t('identity.consents.revoke', { client: c.clientName })}</Button>
            </Form>,
          ])}
        />
      )}
      <p>
        <a href="/cuenta">{t('identity.account.back')}</a>
      </p>
    </>
  );
}

const isRoleChange = (e: ActivityEntry) => e.kind === 'role_granted' || e.kind === 'role_revoked';

/** /cuenta/actividad: "Mi actividad", newest first, page by page. */
export function ActivityPage(props: { entries: ActivityEntry[]; page: number; totalPages: number; timeZone: string; roleLabelKeys: Record<string, string> }) {
  const { t } = useView();
  // Roles are named by their module's declaration; one no module declares any more, as stored.
  const roleLabel = (role: unknown) => (props.roleLabelKeys[String(role)] ? t(props.roleLabelKeys[String(role)]!) : String(role));
  const when = useDateTime();
  return (
    <>
      <h1>{t('identity.activity.heading')}</h1>
      <p class="lead">{t('identity.activity.lead')}</p>
      {props.entries.length === 0 ? (
        <p>{t('identity.activity.none')}</p>
      ) : (
        <Table
          caption={t('identity.activity.caption')}
          captionHidden
          columns={[{ label: t('identity.activity.when') }, { label: t('identity.activity.what') }, { label: t('identity.activity.who') }]}
          rows={props.entries.map((e) => [
            when(e.occurredAt),
            // A role change names the role; the agency or territory it is held in goes in the last column.
            isRoleChange(e)
              ? t(`identity.activity.kind.${e.kind}`, { role: roleLabel(e.detail.role) })
              : e.kind === 'registry_read'
                ? t('identity.activity.kind.registry_read', { registry: String(e.detail.registry ?? '—') })
                : t(`identity.activity.kind.${e.kind}`),
            isRoleChange(e) || (e.kind === 'registry_read' && !e.clientName)
              ? String(e.detail.agencyCode ?? e.detail.territoryCode ?? '—')
              : e.clientName
                ? e.agencyCode
                  ? `${e.clientName} (${e.agencyCode})`
                  : e.clientName
                : '—',
          ])}
        />
      )}
      {props.totalPages > 1 ? <Pagination currentPage={props.page} totalPages={props.totalPages} href={(page) => `/cuenta/actividad?pagina=${page}`} /> : null}
      <p>
        <a href="/cuenta">{t('identity.account.back')}</a>
      </p>
    </>
  );
}
