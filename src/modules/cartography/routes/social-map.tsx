// Cartografía social pages: the public map of a territory (/cartografia-social/{code}, its CSV),
// and for its social mappers the forms to add, change and retire a point. No JavaScript needed;
// errors come back in a summary linked to the fields with the input kept.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import type { Deps } from '../../../platform/module.ts';
import { csvDocument } from '../../../shared/csv.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { getTerritoryPage } from '../../territories/index.ts';
import { addSocialPoint, changeSocialPoint, getSocialPoint, isMapperOver, listSocialPoints, type Mapper, retirePoint, socialMapTerritory } from '../social-map.service.ts';
import { KINDS, type SocialPointKind, SUBCATEGORIES } from '../social-map.types.ts';
import { SOCIAL_MAP_PATH, SocialMapPage, SocialPointForm, socialMapPagePath } from '../views/social-map.views.tsx';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });
const PointParams = Type.Object({ code: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 64 }) });
const Body = Type.Object({
  subcategory: Type.Optional(Type.String({ maxLength: 40 })),
  name: Type.Optional(Type.String({ maxLength: 400 })),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  lat: Type.Optional(Type.String({ maxLength: 40 })),
  lon: Type.Optional(Type.String({ maxLength: 40 })),
  clave: Type.Optional(Type.String({ maxLength: 200 })),
});
type FormErrors = Record<string, { key: string; params?: Record<string, string | number> }>;

/** The kind a subcategory belongs to (the form names the subcategory only). */
const kindOf = (subcategory: string): SocialPointKind | '' => KINDS.find((k) => (SUBCATEGORIES[k] as readonly string[]).includes(subcategory)) ?? '';

const DONE = ['added', 'changed', 'retired'] as const;

export function registerSocialMapPages(app: TamboApp, deps: Deps): void {
  const mapperOf = async (request: FastifyRequest): Promise<Mapper | null> => {
    const account = request.current?.account ?? null;
    return account ? { accountId: account.id, grants: roleGrantsOf(account, await getRoles(deps, account.id)) } : null;
  };
  /** The signed-in mapper over the territory (CARTOGRAPHY_FORBIDDEN otherwise), with the territory. */
  const requireMapper = async (request: FastifyRequest, code: string) => {
    requireSignedIn(request);
    const chain = await socialMapTerritory(deps, code);
    const mapper = (await mapperOf(request))!;
    if (
      !isMapperOver(
        mapper.grants,
        chain.map((t) => t.code),
      )
    )
      throw new AppError('CARTOGRAPHY_FORBIDDEN');
    return { mapper, territory: chain.at(-1)! };
  };

  app.get(`${SOCIAL_MAP_PATH}/:code`, { schema: { hide: true, params: CodeParams, querystring: Type.Object({ hecho: Type.Optional(Type.String({ maxLength: 16 })) }) } }, async (request, reply) => {
    const chain = await socialMapTerritory(deps, request.params.code);
    const territory = chain.at(-1)!;
    const [page, points, viewer] = await Promise.all([getTerritoryPage(deps, territory.code), listSocialPoints(deps, territory.code), mapperOf(request)]);
    const mapper =
      viewer !== null &&
      isMapperOver(
        viewer.grants,
        chain.map((t) => t.code),
      );
    const done = (DONE as readonly string[]).includes(request.query.hecho ?? '') ? request.t(`cartography.social.done.${request.query.hecho}`) : undefined;
    if (viewer) reply.header('cache-control', 'private, no-store');
    return reply.page({
      title: request.t('cartography.social.page.title', { place: territory.name }),
      description: request.t('cartography.social.page.lead'),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }, ...chain.slice(0, -1).map((t) => ({ href: socialMapPagePath(t.code), label: t.name }))],
      body: <SocialMapPage code={territory.code} place={territory.name} map={page.map} points={points} mapper={mapper} done={done} />,
    });
  });

  app.get(`${SOCIAL_MAP_PATH}/:code/puntos.csv`, { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const chain = await socialMapTerritory(deps, request.params.code);
    const code = chain.at(-1)!.code;
    const points = await listSocialPoints(deps, code);
    const lines = [
      ['id', 'territory', 'kind', 'kind_name', 'subcategory', 'subcategory_name', 'name', 'description', 'lat', 'lon', 'updated_at'],
      ...points.map((p) => [
        p.id,
        p.territoryPath.at(-1)!,
        p.kind,
        request.t(`cartography.social.kind.${p.kind}`),
        p.subcategory,
        request.t(`cartography.social.subcategory.${p.subcategory}`),
        p.name,
        p.description,
        p.lat,
        p.lon,
        p.updatedAt,
      ]),
    ];
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="cartografia-social-${code}.csv"`).send(csvDocument(lines));
  });

  const form = async (request: FastifyRequest, reply: FastifyReply, code: string, options: { pointId?: string; values: Record<string, string>; errors?: FormErrors }) => {
    const { territory } = await requireMapper(request, code);
    const errors = options.errors ?? {};
    const failed = Object.keys(errors).length > 0;
    const title = options.pointId ? request.t('cartography.social.form.editTitle', { name: options.values.name ?? '' }) : request.t('cartography.social.form.newTitle', { place: territory.name });
    reply.header('cache-control', 'private, no-store');
    return reply.page({
      status: failed ? 400 : 200,
      title: failed ? `${request.t('cartography.errorPrefix')} ${title}` : title,
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        { href: socialMapPagePath(territory.code), label: request.t('cartography.social.page.title', { place: territory.name }) },
      ],
      body: <SocialPointForm code={territory.code} place={territory.name} pointId={options.pointId} values={options.values} errors={errors} />,
    });
  };

  const valuesOf = (body: Record<string, string | undefined>) => Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== '_csrf'));
  /** A refusal of the input as the form's errors (any other error is thrown on). */
  const formErrors = (error: unknown): FormErrors => {
    if (!isAppError(error) || (error.code !== 'CARTOGRAPHY_INVALID_POINT' && error.code !== 'CARTOGRAPHY_POINT_OUTSIDE')) throw error;
    return Object.fromEntries(error.fields.map((f) => [f.field === '/kind' ? 'subcategory' : f.field.replace(/^\//, ''), { key: f.messageKey, params: f.params }]));
  };

  app.get(`${SOCIAL_MAP_PATH}/:code/nuevo`, { schema: { hide: true, params: CodeParams } }, (request, reply) => form(request, reply, request.params.code, { values: {} }));
  app.post(`${SOCIAL_MAP_PATH}/:code/nuevo`, { schema: { hide: true, params: CodeParams, body: Body } }, async (request, reply) => {
    const { mapper, territory } = await requireMapper(request, request.params.code);
    const values = valuesOf(request.body);
    const input = { ...values, kind: kindOf(values.subcategory ?? '') };
    try {
      await onceByKey(formClaim(`cartography.social_point:${mapper.accountId}`, { territory: territory.code, ...request.body }), (claim) =>
        addSocialPoint(deps, mapper, territory.code, input, { claim, requestId: request.id }),
      );
    } catch (error) {
      return form(request, reply, territory.code, { values, errors: formErrors(error) });
    }
    return reply.redirect(`${socialMapPagePath(territory.code)}?hecho=added`, 303);
  });

  app.get(`${SOCIAL_MAP_PATH}/:code/puntos/:id`, { schema: { hide: true, params: PointParams } }, async (request, reply) => {
    await requireMapper(request, request.params.code);
    const p = await getSocialPoint(deps, request.params.code, request.params.id);
    return form(request, reply, request.params.code, { pointId: p.id, values: { subcategory: p.subcategory, name: p.name, description: p.description, lat: String(p.lat), lon: String(p.lon) } });
  });
  app.post(`${SOCIAL_MAP_PATH}/:code/puntos/:id`, { schema: { hide: true, params: PointParams, body: Body } }, async (request, reply) => {
    const { mapper, territory } = await requireMapper(request, request.params.code);
    const values = valuesOf(request.body);
    try {
      await changeSocialPoint(deps, mapper, territory.code, request.params.id, { ...values, kind: kindOf(values.subcategory ?? '') }, request.id);
    } catch (error) {
      return form(request, reply, territory.code, { pointId: request.params.id, values, errors: formErrors(error) });
    }
    return reply.redirect(`${socialMapPagePath(territory.code)}?hecho=changed`, 303);
  });
  app.post(`${SOCIAL_MAP_PATH}/:code/puntos/:id/retirar`, { schema: { hide: true, params: PointParams } }, async (request, reply) => {
    const { mapper, territory } = await requireMapper(request, request.params.code);
    await retirePoint(deps, mapper, territory.code, request.params.id, request.id);
    return reply.redirect(`${socialMapPagePath(territory.code)}?hecho=retired`, 303);
  });
}
