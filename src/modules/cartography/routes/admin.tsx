// /admin/territorios: platform administrators upload boundaries and layers (GeoJSON files,
// multipart, without JavaScript); every problem of the file comes back in the error summary.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError, isAppError } from '../../../platform/errors.ts';
import { hasRole } from '../../../platform/contract/roles.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { readMultipartForm, registerMultipart } from '../../../platform/http/multipart.ts';
import type { Deps } from '../../../platform/module.ts';
import type { ErrorSummaryItem } from '../../../platform/views/components.tsx';
import { fieldId } from '../../../platform/views/components.tsx';
import { getRoles, PLATFORM_ADMIN, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { getBoundaryStatus, importBoundaries, importLayer, type TerritoryAdmin } from '../../territories/index.ts';
import { type AdminPageProps, ADMIN_PATH, TerritoriesAdminPage } from '../views/admin.views.tsx';
import { IMPORT_BODY_LIMIT } from './api.ts';

type Extra = Omit<AdminPageProps, 'boundaries' | 'layers'> & { status?: number };

/** A file that is not JSON (or not UTF-8 text) as the import's own problem. */
class NotJson extends Error {}

function readJsonFile(request: FastifyRequest, field: string): unknown {
  const file = readMultipartForm(request).files[field]?.[0];
  if (!file) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(file.bytes));
  } catch {
    throw new NotJson();
  }
}

export function registerTerritoriesAdminPage(app: TamboApp, deps: Deps): void {
  const adminOf = async (request: FastifyRequest): Promise<TerritoryAdmin> => {
    const { account } = requireSignedIn(request);
    return { accountId: account.id, grants: roleGrantsOf(account, await getRoles(deps, account.id)) };
  };

  const render = async (request: FastifyRequest, reply: FastifyReply, extra: Extra) => {
    const status = await getBoundaryStatus(deps, await adminOf(request));
    const title = request.t('cartography.title');
    return reply.page({
      status: extra.status,
      title: extra.errors?.length ? `${request.t('cartography.errorPrefix')} ${title}` : title,
      breadcrumbs: [{ href: '/admin', label: request.t('cartography.breadcrumb') }],
      body: <TerritoriesAdminPage {...status} {...extra} />,
    });
  };

  /** The problems of an upload as the summary's items and the message under each field. */
  const problems = (request: FastifyRequest, error: unknown, fileField: string, fieldOf: (f: FieldError) => string = () => fileField): Extra | undefined => {
    let fields: Array<{ name: string; message: string }>;
    if (error instanceof NotJson) fields = [{ name: fileField, message: request.t('cartography.errors.json') }];
    else if (isAppError(error) && error.code === 'VALIDATION_FAILED') fields = error.fields.map((f) => ({ name: fieldOf(f), message: request.t(f.messageKey, f.params) }));
    else if (isAppError(error) && error.code.startsWith('FILE_')) fields = [{ name: fileField, message: request.t(`errors.${(error as AppError).code}`, error.params) }];
    else return undefined;
    const errors: ErrorSummaryItem[] = fields.map((f) => ({ fieldId: fieldId(f.name), message: f.message }));
    const fieldErrors: Record<string, string> = {};
    for (const f of fields) {
      const count = fields.filter((g) => g.name === f.name).length;
      fieldErrors[f.name] ??= count === 1 ? f.message : request.t('cartography.errors.count', { count });
    }
    return { status: 400, errors, fieldErrors };
  };

  app.get(ADMIN_PATH, { schema: { hide: true } }, async (request, reply) => render(request, reply, {}));

  app.register(async (scoped) => {
    const multipart = scoped as unknown as TamboApp;
    registerMultipart(multipart, { maxFileBytes: IMPORT_BODY_LIMIT, maxFiles: 1, allowed: ['application/json'] });
    // A file of up to 16 MiB is read only for a platform administrator (the services check again).
    multipart.addHook('onRequest', async (request) => {
      if (!hasRole((await adminOf(request)).grants, { role: PLATFORM_ADMIN })) throw new AppError('FORBIDDEN');
    });

    multipart.post(`${ADMIN_PATH}/limites`, { schema: { hide: true } }, async (request, reply) => {
      const admin = await adminOf(request);
      try {
        const document = readJsonFile(request, 'limites');
        if (document === undefined)
          return render(request, reply, {
            status: 400,
            errors: [{ fieldId: fieldId('limites'), message: request.t('cartography.errors.file') }],
            fieldErrors: { limites: request.t('cartography.errors.file') },
          });
        const { saved, unchanged } = await importBoundaries(deps, admin, document, request.id);
        return render(request, reply, { done: request.t('cartography.boundaries.done', { saved, unchanged }) });
      } catch (error) {
        const shown = problems(request, error, 'limites');
        if (shown) return render(request, reply, shown);
        throw error;
      }
    });

    multipart.post(`${ADMIN_PATH}/capas`, { schema: { hide: true } }, async (request, reply) => {
      const admin = await adminOf(request);
      const code = String((request.body as Record<string, unknown> | undefined)?.codigo ?? '').trim();
      try {
        const document = readJsonFile(request, 'capa');
        if (document === undefined)
          return render(request, reply, {
            status: 400,
            layerCode: code,
            errors: [{ fieldId: fieldId('capa'), message: request.t('cartography.errors.file') }],
            fieldErrors: { capa: request.t('cartography.errors.file') },
          });
        const { layer, changed } = await importLayer(deps, admin, code, document, request.id);
        return render(request, reply, {
          done: request.t(changed ? 'cartography.layers.done' : 'cartography.layers.unchanged', { name: layer.name[request.locale], count: layer.featureCount }),
        });
      } catch (error) {
        const shown = problems(request, error, 'capa', (f) => (f.field === '/code' ? 'codigo' : 'capa'));
        if (shown) return render(request, reply, { ...shown, layerCode: code });
        throw error;
      }
    });
  });
}
