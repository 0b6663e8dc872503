// /desarrolladores: what an agency's developer needs to integrate in a day — sandbox
// credentials (demo mode only), a token and a first call as copyable curl, the scopes and
// webhook topics the modules declare, the webhook signature check, errors, versioning.
import { Table } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';

export interface DeveloperPageProps {
  baseUrl: string;
  /** The demo agency system's credentials, in demo mode only. */
  sandbox: { clientId: string; clientSecret: string; agencyCode: string } | null;
  scopes: Array<{ name: string; descriptionKey: string; holders: string[] }>;
  topics: Array<{ name: string; descriptionKey: string }>;
  /** Agencies' APIs that accept people's tokens (resource indicators), active ones. */
  resources?: Array<{ identifier: string; agencyCode: string; name: string; scopes: string[]; tokenFormat: string }>;
}

/** A command or program to copy: selectable text, labelled for screen readers, no script needed. */
function Code(props: { label: string; children: string }) {
  return (
    // A region that scrolls sideways must be reachable by keyboard (axe: scrollable-region-focusable).
    <div class="code-block" role="region" aria-label={props.label} tabIndex={0}>
      <pre>
        <code>{props.children}</code>
      </pre>
    </div>
  );
}

const VERIFY_TS = `import { createHmac, timingSafeEqual } from 'node:crypto';

export function verifyTamboWebhook(secret: string, headers: Record<string, string | undefined>, rawBody: string): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
  const expected = createHmac('sha256', key).update(\`\${id}.\${timestamp}.\${rawBody}\`).digest();
  return signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}`;

export function DeveloperPage(props: DeveloperPageProps) {
  const { t } = useView();
  const base = props.baseUrl;
  const id = props.sandbox?.clientId ?? '<client_id>';
  const secret = props.sandbox?.clientSecret ?? '<client_secret>';
  const token = `TOKEN=$(curl -s -u ${id}:${secret} -d grant_type=client_credentials \\\n  -d 'scope=cases:feed cases:handle mailbox:send' ${base}/auth/token \\
  | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`;
  const feed = `curl -s -H "authorization: Bearer $TOKEN" '${base}/api/v1/agency/cases?limit=20'`;
  const mail = `curl -s -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\\n  -d '{"recipient":{"documentType":"CI","documentNumber":"4567891 LP"},"subject":"Aviso","body":"Texto"}' \\\n  ${base}/api/v1/mailbox/messages`;
  const hook = `curl -s -X PUT -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\\n  -d '{"url":"https://sistema.example.bo/tambo"}' ${base}/api/v1/agency/webhooks/cases`;
  const discovery = `curl -s ${base}/auth/.well-known/openid-configuration`;
  return (
    <>
      <h1>{t('identity.developers.title')}</h1>
      <p class="lead">{t('identity.developers.lead')}</p>

      <h2 id="empezar">{t('identity.developers.start.heading')}</h2>
      {props.sandbox ? (
        <>
          <p>{t('identity.developers.start.sandbox', { agency: props.sandbox.agencyCode })}</p>
          <Table
            caption={t('identity.developers.start.credentials')}
            rowHeaders
            columns={[{ label: t('identity.developers.start.field') }, { label: t('identity.developers.start.value') }]}
            rows={[
              ['client_id', <code>{props.sandbox.clientId}</code>],
              ['client_secret', <code>{props.sandbox.clientSecret}</code>],
              [t('identity.developers.start.issuer'), <code>{`${base}/auth`}</code>],
            ]}
          />
        </>
      ) : (
        <p>{t('identity.developers.start.production')}</p>
      )}
      <ol>
        <li>
          <p>{t('identity.developers.start.token')}</p>
          <Code label={t('identity.developers.start.token')}>{token}</Code>
        </li>
        <li>
          <p>{t('identity.developers.start.firstCall')}</p>
          <Code label={t('identity.developers.start.firstCall')}>{feed}</Code>
        </li>
        <li>
          <p>{t('identity.developers.start.mail')}</p>
          <Code label={t('identity.developers.start.mail')}>{mail}</Code>
        </li>
        <li>
          <p>{t('identity.developers.start.signIn')}</p>
          <Code label={t('identity.developers.start.signIn')}>{discovery}</Code>
        </li>
      </ol>
      <p>
        {t('identity.developers.start.reference')} <a href="/api/docs">/api/docs</a> · <a href="/api/openapi.json">/api/openapi.json</a>
      </p>

      <h2 id="permisos">{t('identity.developers.scopes.heading')}</h2>
      <p>{t('identity.developers.scopes.lead')}</p>
      <Table
        caption={t('identity.developers.scopes.caption')}
        rowHeaders
        columns={[{ label: t('identity.developers.scopes.scope') }, { label: t('identity.developers.scopes.allows') }, { label: t('identity.developers.scopes.holder') }]}
        rows={props.scopes.map((s) => [
          <code>{s.name}</code>,
          t(s.descriptionKey),
          s.holders.map((h) => t(h === 'system' ? 'identity.developers.scopes.system' : 'identity.developers.scopes.person')).join(' · '),
        ])}
      />
      <p>{t('identity.developers.scopes.claims')}</p>
      <Table
        caption={t('identity.developers.claims.caption')}
        rowHeaders
        columns={[{ label: t('identity.developers.scopes.scope') }, { label: t('identity.developers.claims.claims') }]}
        rows={[
          [<code>openid</code>, <code>sub, nivel_identidad, acr</code>],
          [<code>profile</code>, <code>name, given_name, family_name, birthdate</code>],
          [<code>email</code>, <code>email, email_verified</code>],
          [<code>phone</code>, <code>phone_number, phone_number_verified</code>],
          [<code>documento</code>, <code>documento_tipo, documento_numero</code>],
          [<code>nombre</code>, <code>profile.nombre.&#123;nombres, primer_apellido, segundo_apellido&#125;</code>],
          [<code>documento_identidad</code>, <code>profile.documento_identidad.&#123;numero_documento, tipo_documento&#125;</code>],
          [<code>fecha_nacimiento</code>, <code>fecha_nacimiento</code>],
          [<code>celular</code>, <code>celular</code>],
        ]}
      />

      <h2 id="apis">{t('identity.developers.resources.heading')}</h2>
      <p>{t('identity.developers.resources.lead')}</p>
      <Code label={t('identity.developers.resources.authorizeLabel')}>{`${base}/auth/auth?client_id=${id}&response_type=code&redirect_uri=<redirect_uri>
  &scope=openid%20${encodeURIComponent(props.resources?.[0]?.scopes[0] ?? '<scope>')}&resource=${encodeURIComponent(props.resources?.[0]?.identifier ?? 'https://api.<institucion>.gob.bo/')}
  &code_challenge=<S256>&code_challenge_method=S256&state=<state>`}</Code>
      <p>{t('identity.developers.resources.check')}</p>
      {(props.resources ?? []).length > 0 ? (
        <Table
          caption={t('identity.developers.resources.caption')}
          rowHeaders
          columns={[
            { label: t('identity.developers.resources.identifier') },
            { label: t('identity.developers.resources.api') },
            { label: t('identity.developers.resources.scopes') },
            { label: t('identity.developers.resources.format') },
          ]}
          rows={(props.resources ?? []).map((r) => [
            <code>{r.identifier}</code>,
            `${r.name} (${r.agencyCode})`,
            <code>{r.scopes.join(' ')}</code>,
            t(r.tokenFormat === 'jwt' ? 'identity.developers.resources.jwt' : 'identity.developers.resources.opaque'),
          ])}
        />
      ) : (
        <p>{t('identity.developers.resources.none')}</p>
      )}

      <h2 id="webhooks">{t('identity.developers.webhooks.heading')}</h2>
      <p>{t('identity.developers.webhooks.lead')}</p>
      <Code label={t('identity.developers.webhooks.subscribe')}>{hook}</Code>
      <Table
        caption={t('identity.developers.webhooks.caption')}
        rowHeaders
        columns={[{ label: t('identity.developers.webhooks.topic') }, { label: t('identity.developers.webhooks.when') }]}
        rows={props.topics.map((topic) => [<code>{topic.name}</code>, t(topic.descriptionKey)])}
      />
      <p>{t('identity.developers.webhooks.verify')}</p>
      <Code label={t('identity.developers.webhooks.verifyLabel')}>{VERIFY_TS}</Code>

      <h2 id="errores">{t('identity.developers.errors.heading')}</h2>
      <p>
        {t('identity.developers.errors.lead')} <a href="/api/docs/errors">/api/docs/errors</a>
      </p>

      <h2 id="versiones">{t('identity.developers.versions.heading')}</h2>
      <p>{t('identity.developers.versions.policy')}</p>
      <h3>{t('identity.developers.versions.changelog')}</h3>
      <ul>
        <li>{t('identity.developers.versions.entry1')}</li>
      </ul>
    </>
  );
}
