// Registering a social-production unit (docs/projects.md, "Social-production units"): from a page,
// by a spokesperson of the commune or council whose bank account holds the unit's money
// (`/bancos-comunales/unidades/registrar`), and from the API, by an agency's system with
// `projects:write` (`POST /api/v1/social-units`). Both call `registerSocialUnit`: audited,
// idempotent by the unit's key (20 identical submissions make one), 409 for another unit under a
// taken key or account.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { AgencyClient } from '../ledger.service.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import type { Deps } from '../../../platform/module.ts';
import { getRoles, requireAgencyClient, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { PROJECTS_SCOPES } from '../projects.schemas.ts';
import { registerSocialUnit, type SocialUnitInput } from '../social-unit.service.ts';
import { ORGAN_ROWS, UnitForm } from '../views/units.views.tsx';

const Organ = Type.Object({ name: Type.String({ minLength: 2, maxLength: 120 }), members: Type.Integer({ minimum: 0, maximum: 1_000_000 }) });
const UnitBody = Type.Object({
  key: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80, description: 'The public page’s address: `/bancos-comunales/unidades/{key}`' }),
  name: Type.String({ minLength: 2, maxLength: 200 }),
  registryId: Type.Optional(Type.Union([Type.String({ minLength: 3, maxLength: 40, description: 'Its NIT/RIF in the economic-units registry, when it has one' }), Type.Null()])),
  accountReference: Type.String({ pattern: '^[A-Za-z0-9-]{4,40}$', description: 'The communal bank account holding its money (registered first)' }),
  organs: Type.Array(Organ, { maxItems: 20 }),
});
const UnitSchema = Type.Object({ ...UnitBody.properties, registryId: Type.Union([Type.String(), Type.Null()]), url: Type.String() });

/** Page field → the service's field pointer. */
const FIELDS: Record<string, string> = { '/key': 'direccion', '/name': 'nombre', '/registryId': 'nit', '/accountReference': 'cuenta', '/organs': 'organo-1' };
const text = Type.Optional(Type.String({ maxLength: 400 }));

export function registerUnitRoutes(app: TamboApp, deps: Deps): void {
  const clients = new WeakMap<FastifyRequest, AgencyClient>();
  app.post(
    '/api/v1/social-units',
    {
      onRequest: async (request) => {
        clients.set(request, await requireAgencyClient(app, request, PROJECTS_SCOPES.write, { refused: 'PROJECTS_CLIENT_NOT_ALLOWED' }));
      },
      config: { csrf: false },
      schema: {
        tags: ['projects'],
        operationId: 'registerSocialUnit',
        'x-errors': ['PROJECTS_CLIENT_NOT_ALLOWED', 'PROJECTS_UNIT_EXISTS'],
        security: bearer(PROJECTS_SCOPES.write),
        summary: 'Register a social-production unit with its members’ organs and its communal bank account',
        description: `Scope \`${PROJECTS_SCOPES.write}\`, an agency’s system. The unit’s money is the ledger of one account of the communal banks register. A \`registryId\` must name a unit of the economic-units registry. The same unit again (a retry, a burst) answers the first registration (200); another unit under a taken key or account is 409 \`PROJECTS_UNIT_EXISTS\`.`,
        body: UnitBody,
        response: { 201: UnitSchema, 200: UnitSchema },
      },
    },
    async (request, reply) => {
      const client = clients.get(request);
      if (!client) throw new AppError('UNAUTHENTICATED');
      const { unit, created } = await registerSocialUnit(deps, client, request.body, request.id, { strict: true });
      return reply.code(created ? 201 : 200).send({ ...unit, accountReference: request.body.accountReference.toUpperCase(), url: `/bancos-comunales/unidades/${unit.key}` });
    },
  );

  const page = (request: FastifyRequest, reply: FastifyReply, form: Record<string, string> = {}, errors: Record<string, string> = {}, status?: number) =>
    reply.page({
      status: status ?? (Object.keys(errors).length > 0 ? 422 : 200),
      title: `${Object.keys(errors).length > 0 ? `${request.t('projects.errorPrefix')} ` : ''}${request.t('projects.banks.units.register.heading')}`,
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        { href: '/bancos-comunales', label: request.t('projects.banks.nav') },
        { href: '/bancos-comunales/unidades', label: request.t('projects.banks.units.heading') },
      ],
      body: <UnitForm form={form} errors={errors} />,
    });

  app.get('/bancos-comunales/unidades/registrar', async (request, reply) => {
    requireSignedIn(request);
    return page(request, reply);
  });

  app.post(
    '/bancos-comunales/unidades/registrar',
    {
      schema: {
        body: Type.Object({
          direccion: text,
          nombre: text,
          nit: text,
          cuenta: text,
          ...Object.fromEntries(
            ORGAN_ROWS.flatMap((n) => [
              [`organo-${n}`, text],
              [`miembros-${n}`, text],
            ]),
          ),
        }),
      },
    },
    async (request, reply) => {
      const { account } = requireSignedIn(request);
      const form = request.body as Record<string, string>;
      const organs = ORGAN_ROWS.flatMap((n) => {
        const name = (form[`organo-${n}`] ?? '').trim();
        const members = (form[`miembros-${n}`] ?? '').trim();
        return name === '' && members === '' ? [] : [{ name, members: /^\d{1,7}$/.test(members) ? Number(members) : -1 }];
      });
      const input: SocialUnitInput = {
        key: (form.direccion ?? '').trim().toLowerCase(),
        name: form.nombre ?? '',
        registryId: form.nit ?? null,
        accountReference: form.cuenta ?? '',
        organs,
      };
      try {
        const grants = roleGrantsOf(account, await getRoles(deps, account.id));
        const { unit } = await registerSocialUnit(deps, { type: 'person', id: account.id, grants }, input, request.id, { strict: true });
        return reply.redirect(`/bancos-comunales/unidades/${unit.key}`, 303);
      } catch (error) {
        if (isAppError(error) && error.code === 'PROJECTS_UNIT_EXISTS') return page(request, reply, form, { direccion: request.t('projects.errors.unitExists') }, 409);
        if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
        return page(request, reply, form, Object.fromEntries(error.fields.map((f) => [FIELDS[f.field] ?? f.field, request.t(f.messageKey, f.params)])));
      }
    },
  );
}
