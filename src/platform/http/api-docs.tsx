// The API reference for people who build on Tambo, rendered on the server from the same
// OpenAPI document that /api/openapi.json serves (so it cannot drift from the routes), and
// the table of error codes, each row anchored at its code so that a problem's `type`
// (…/api/docs/errors#CODE) opens on its row. Plain HTML in the layout: no JavaScript.
import { Fragment } from 'preact';
import type { ErrorTable } from '../errors.ts';
import { useView } from '../views/context.ts';
import type { TamboApp } from './app-types.ts';
import { openApiDocument } from './openapi.ts';

export const API_DOCS_PATH = '/api/docs';
export const ERROR_DOCS_PATH = '/api/docs/errors';

type Schema = unknown;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

interface MediaTypes {
  [type: string]: { schema?: Schema; examples?: Record<string, unknown> };
}

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content?: MediaTypes };
  responses?: Record<string, { description?: string; content?: MediaTypes }>;
  security?: Array<Record<string, string[]>>;
}

interface OpenApi {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Record<string, unknown>> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const COMPONENT_REF = '#/components/schemas/';
// What @fastify/swagger writes when a response declares no description: noise to readers.
const DEFAULT_RESPONSE_DESCRIPTION = 'Default Response';

export interface DocumentedOperation {
  id: string;
  method: string;
  path: string;
  operation: Operation;
}

export interface ApiReference {
  title: string;
  version: string;
  description?: string;
  /** Operations grouped by their first tag, tags in the order they first appear. */
  groups: Array<{ tag: string | undefined; operations: DocumentedOperation[] }>;
  /** Component schemas under readable names (their title), with refs rewritten to those names. */
  schemas: Array<{ name: string; schema: Schema }>;
  /** Rewrites a schema for display and returns it with the component names it refers to. */
  readable(schema: Schema): { schema: Schema; refs: string[] };
}

/** Builds the reference's structure from an OpenAPI 3.1 document. */
export function buildApiReference(document: OpenApi): ApiReference {
  const components = document.components?.schemas ?? {};
  // Component keys are generated (def-0, def-1…); people know the schemas by their title.
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const [key, schema] of Object.entries(components)) {
    const title = typeof schema.title === 'string' && schema.title ? schema.title : key;
    const name = taken.has(title) ? key : title;
    taken.add(name);
    names.set(key, name);
  }

  const readable = (schema: Schema) => {
    const refs = new Set<string>();
    // A schema that is only a reference shows the referenced schema itself (one level).
    const only = schema as { $ref?: unknown } | null;
    if (only && typeof only === 'object' && Object.keys(only).length === 1 && typeof only.$ref === 'string' && only.$ref.startsWith(COMPONENT_REF)) {
      const key = only.$ref.slice(COMPONENT_REF.length);
      if (components[key]) {
        refs.add(names.get(key)!);
        schema = components[key];
      }
    }
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (value === null || typeof value !== 'object') return value;
      const entries = Object.entries(value as Record<string, unknown>).map(([key, child]) => {
        if (key === '$ref' && typeof child === 'string' && child.startsWith(COMPONENT_REF)) {
          const name = names.get(child.slice(COMPONENT_REF.length)) ?? child;
          refs.add(name);
          return [key, name];
        }
        return [key, rewrite(child)];
      });
      return Object.fromEntries(entries);
    };
    return { schema: rewrite(schema), refs: [...refs] };
  };

  const groups: ApiReference['groups'] = [];
  const usedIds = new Set<string>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      let id = operation.operationId ?? `${method}-${path.replace(/[^\w]+/g, '-').replace(/^-|-$/g, '')}`;
      while (usedIds.has(id)) id = `${id}-2`;
      usedIds.add(id);
      const tag = operation.tags?.[0];
      let group = groups.find((g) => g.tag === tag);
      if (!group) {
        group = { tag, operations: [] };
        groups.push(group);
      }
      group.operations.push({ id, method: method.toUpperCase(), path, operation });
    }
  }

  const schemas = Object.entries(components)
    .map(([key, schema]) => ({ name: names.get(key)!, schema: readable(schema).schema }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { title: document.info.title, version: document.info.version, description: document.info.description, groups, schemas, readable };
}

export const schemaAnchor = (name: string) => `schema-${name.replace(/[^\w-]+/g, '-')}`;
const tagAnchor = (tag: string | undefined) => `tag-${(tag ?? 'other').replace(/[^\w-]+/g, '-')}`;

/** Preformatted JSON in a region that scrolls sideways (focusable, so keyboards can scroll it). */
function Json(props: { value: unknown; label: string }) {
  return (
    <div class="table-scroll" role="region" aria-label={props.label} tabIndex={0}>
      <pre>
        <code>{JSON.stringify(props.value, null, 2)}</code>
      </pre>
    </div>
  );
}

function SchemaLinks(props: { refs: string[] }) {
  const { t } = useView();
  if (props.refs.length === 0) return null;
  return (
    <p>
      {t('apiDocs.schemasUsed')}{' '}
      {props.refs.map((name, index) => (
        <Fragment key={name}>
          {index > 0 ? ', ' : null}
          <a href={`#${schemaAnchor(name)}`}>{name}</a>
        </Fragment>
      ))}
    </p>
  );
}

function Content(props: { content: MediaTypes | undefined; reference: ApiReference; label: string }) {
  const { t } = useView();
  const entries = Object.entries(props.content ?? {});
  if (entries.length === 0) return <p>{t('apiDocs.noContent')}</p>;
  return (
    <>
      {entries.map(([type, media]) => {
        const { schema, refs } = props.reference.readable(media.schema ?? {});
        return (
          <Fragment key={type}>
            <p>
              {t('apiDocs.contentType')} <code>{type}</code>
            </p>
            <Json value={schema} label={`${props.label} (${type})`} />
            <SchemaLinks refs={refs} />
          </Fragment>
        );
      })}
    </>
  );
}

function Parameters(props: { id: string; parameters: Parameter[]; reference: ApiReference }) {
  const { t } = useView();
  const captionId = `${props.id}-parameters`;
  return (
    <div class="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table class="table">
        <caption class="table__caption" id={captionId}>
          {t('apiDocs.parameters')}
        </caption>
        <thead>
          <tr>
            <th scope="col" class="table__header">
              {t('apiDocs.parameter.name')}
            </th>
            <th scope="col" class="table__header">
              {t('apiDocs.parameter.in')}
            </th>
            <th scope="col" class="table__header">
              {t('apiDocs.parameter.required')}
            </th>
            <th scope="col" class="table__header">
              {t('apiDocs.parameter.schema')}
            </th>
            <th scope="col" class="table__header">
              {t('apiDocs.parameter.description')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.parameters.map((parameter) => (
            <tr key={`${parameter.in}:${parameter.name}`}>
              <th scope="row" class="table__header">
                <code>{parameter.name}</code>
              </th>
              <td class="table__cell">{t(`apiDocs.location.${['path', 'query', 'header', 'cookie'].includes(parameter.in) ? parameter.in : 'other'}`)}</td>
              <td class="table__cell">{parameter.required ? t('apiDocs.yes') : t('apiDocs.no')}</td>
              <td class="table__cell">
                <code>{JSON.stringify(props.reference.readable(parameter.schema ?? {}).schema)}</code>
              </td>
              <td class="table__cell">{parameter.description ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Who may call the operation: anyone, a bearer token with scopes, or an Open311 key. */
function Security(props: { security: Operation['security'] }) {
  const { t } = useView();
  const requirements = (props.security ?? []).flatMap((requirement) => Object.entries(requirement));
  if (requirements.length === 0) return <p>{t('apiDocs.security.public')}</p>;
  const scopes = requirements.filter(([scheme]) => scheme === 'oauth2').flatMap(([, names]) => names);
  return <p>{requirements.some(([scheme]) => scheme === 'oauth2') ? t('apiDocs.security.bearer', { count: scopes.length, scopes: scopes.join(', ') }) : t('apiDocs.security.apiKey')}</p>;
}

function OperationSection(props: { entry: DocumentedOperation; reference: ApiReference }) {
  const { t } = useView();
  const { id, method, path, operation } = props.entry;
  const all = Object.entries(operation.responses ?? {});
  // Success answers with their schemas; errors as the codes they carry, linked to the error table.
  const responses = all.filter(([status]) => !/^[45]/.test(status));
  const errors = all
    .filter(([status]) => /^[45]/.test(status))
    .map(([status, response]) => ({ status, codes: Object.values(response.content ?? {}).flatMap((media) => Object.keys(media.examples ?? {})), description: response.description }));
  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        <code>
          {method} {path}
        </code>
      </h3>
      {operation.summary ? <p class="lead">{operation.summary}</p> : null}
      {operation.deprecated ? (
        <p>
          <strong class="tag tag--warning">{t('apiDocs.deprecated')}</strong>
        </p>
      ) : null}
      {operation.description ? <p>{operation.description}</p> : null}
      {operation.operationId ? (
        <p>
          {t('apiDocs.operationId')} <code>{operation.operationId}</code>
        </p>
      ) : null}
      <Security security={operation.security} />
      {operation.parameters && operation.parameters.length > 0 ? <Parameters id={id} parameters={operation.parameters} reference={props.reference} /> : null}
      {operation.requestBody ? (
        <>
          <h4>{operation.requestBody.required ? t('apiDocs.requestBodyRequired') : t('apiDocs.requestBody')}</h4>
          {operation.requestBody.description ? <p>{operation.requestBody.description}</p> : null}
          <Content content={operation.requestBody.content} reference={props.reference} label={`${method} ${path}: ${t('apiDocs.requestBody')}`} />
        </>
      ) : null}
      {responses.map(([status, response]) => (
        <Fragment key={status}>
          <h4>{t('apiDocs.response', { status })}</h4>
          {response.description && response.description !== DEFAULT_RESPONSE_DESCRIPTION ? <p>{response.description}</p> : null}
          <Content content={response.content} reference={props.reference} label={`${method} ${path}: ${t('apiDocs.response', { status })}`} />
        </Fragment>
      ))}
      {errors.length > 0 ? (
        <>
          <h4>{t('apiDocs.errorResponses')}</h4>
          <ul>
            {errors.map((error) => (
              <li key={error.status}>
                <strong>{error.status}</strong>{' '}
                {error.codes.length > 0
                  ? error.codes.map((code, index) => (
                      <Fragment key={code}>
                        {index > 0 ? ', ' : ''}
                        <a href={`${ERROR_DOCS_PATH}#${code}`}>
                          <code>{code}</code>
                        </a>
                      </Fragment>
                    ))
                  : error.description}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        {t('apiDocs.errorsNote')} <a href={ERROR_DOCS_PATH}>{t('apiDocs.errorsLink')}</a>
      </p>
    </section>
  );
}

export function ApiReferencePage(props: { reference: ApiReference }) {
  const { t } = useView();
  const { reference } = props;
  const tagName = (tag: string | undefined) => tag ?? t('apiDocs.untagged');
  return (
    <>
      <h1>{t('apiDocs.title')}</h1>
      <p class="lead">{t('apiDocs.intro', { version: reference.version })}</p>
      <ul>
        <li>
          <a href="/api/openapi.json" type="application/json">
            {t('apiDocs.openApiLink')}
          </a>
        </li>
        <li>
          <a href={ERROR_DOCS_PATH}>{t('apiDocs.errorsLink')}</a>
        </li>
      </ul>
      <nav aria-labelledby="api-contents">
        <h2 id="api-contents">{t('apiDocs.contents')}</h2>
        <ul>
          {reference.groups.map((group) => (
            <li key={tagAnchor(group.tag)}>
              <a href={`#${tagAnchor(group.tag)}`}>{tagName(group.tag)}</a>
              <ul>
                {group.operations.map((entry) => (
                  <li key={entry.id}>
                    <a href={`#${entry.id}`}>
                      <code>
                        {entry.method} {entry.path}
                      </code>
                    </a>
                    {entry.operation.summary ? ` — ${entry.operation.summary}` : null}
                  </li>
                ))}
              </ul>
            </li>
          ))}
          {reference.schemas.length > 0 ? (
            <li>
              <a href="#schemas">{t('apiDocs.schemas')}</a>
            </li>
          ) : null}
        </ul>
      </nav>
      {reference.groups.map((group) => (
        <section id={tagAnchor(group.tag)} aria-labelledby={`${tagAnchor(group.tag)}-title`} key={tagAnchor(group.tag)}>
          <h2 id={`${tagAnchor(group.tag)}-title`}>{tagName(group.tag)}</h2>
          {group.operations.map((entry) => (
            <OperationSection entry={entry} reference={reference} key={entry.id} />
          ))}
        </section>
      ))}
      {reference.schemas.length > 0 ? (
        <section id="schemas" aria-labelledby="schemas-title">
          <h2 id="schemas-title">{t('apiDocs.schemas')}</h2>
          {reference.schemas.map(({ name, schema }) => (
            <Fragment key={name}>
              <h3 id={schemaAnchor(name)}>
                <code>{name}</code>
              </h3>
              <Json value={schema} label={t('apiDocs.schemaOf', { name })} />
            </Fragment>
          ))}
        </section>
      ) : null}
    </>
  );
}

export function ErrorCodesPage(props: { errorTable: ErrorTable }) {
  const { t } = useView();
  const codes = Object.entries(props.errorTable).sort(([a], [b]) => a.localeCompare(b));
  return (
    <>
      <h1>{t('apiDocs.errors.title')}</h1>
      <p class="lead">{t('apiDocs.errors.intro')}</p>
      <p>{t('apiDocs.errors.placeholders')}</p>
      <div class="table-scroll" role="region" aria-labelledby="error-codes-caption" tabIndex={0}>
        <table class="table">
          <caption class="table__caption" id="error-codes-caption">
            {t('apiDocs.errors.caption')}
          </caption>
          <thead>
            <tr>
              <th scope="col" class="table__header">
                {t('apiDocs.errors.code')}
              </th>
              <th scope="col" class="table__header table__cell--numeric">
                {t('apiDocs.errors.status')}
              </th>
              <th scope="col" class="table__header">
                {t('apiDocs.errors.titleColumn')}
              </th>
            </tr>
          </thead>
          <tbody>
            {codes.map(([code, entry]) => (
              <tr id={code} key={code}>
                <th scope="row" class="table__header">
                  <code>{code}</code>
                </th>
                <td class="table__cell table__cell--numeric">{entry.status}</td>
                <td class="table__cell">{t(`errors.${code}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={API_DOCS_PATH}>{t('apiDocs.errors.back')}</a>
      </p>
    </>
  );
}

/** GET /api/docs and GET /api/docs/errors (pages: not part of the OpenAPI document). */
export function registerApiDocs(app: TamboApp): void {
  let reference: ApiReference | undefined;
  // Built on first use: the document is complete only once every route is registered.
  const getReference = () => (reference ??= buildApiReference(openApiDocument(app) as unknown as OpenApi));

  app.get(API_DOCS_PATH, { schema: { hide: true } }, async (request, reply) =>
    reply.page({
      title: request.t('apiDocs.title'),
      breadcrumbs: [{ href: '/', label: request.t('apiDocs.home') }],
      body: <ApiReferencePage reference={getReference()} />,
    }),
  );

  app.get(ERROR_DOCS_PATH, { schema: { hide: true } }, async (request, reply) =>
    reply.page({
      title: request.t('apiDocs.errors.title'),
      breadcrumbs: [
        { href: '/', label: request.t('apiDocs.home') },
        { href: API_DOCS_PATH, label: request.t('apiDocs.title') },
      ],
      body: <ErrorCodesPage errorTable={app.tambo.errorTable} />,
    }),
  );
}
