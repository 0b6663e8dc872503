// Downloads: a resource's stored file (/datos/{dataset}/recursos/{id}/descargar, from the
// platform's file store by hash) and CKAN's DataStore dump of a query
// (/datastore/dump/{resource_id}?format=csv|json with the filters, q, fields, sort, limit and
// offset of datastore_search), as attachments. Public, any origin.
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { CkanError } from '../ckan.ts';
import { datastoreDump, resourceFile } from '../download.service.ts';

export function registerDownloads(app: TamboApp, deps: Deps): void {
  app.get('/datos/:dataset/recursos/:id/descargar', async (request, reply) => {
    const { dataset, id } = request.params as { dataset: string; id: string };
    const file = await resourceFile(deps, dataset, id);
    if (!file) throw new AppError('OPEN_DATA_NOT_FOUND');
    reply.header('content-type', file.mediaType === 'text/csv' ? 'text/csv; charset=utf-8' : file.mediaType);
    reply.header('content-disposition', `attachment; filename="${file.filename}"`);
    reply.header('access-control-allow-origin', '*');
    reply.header('cache-control', 'public, max-age=300');
    return reply.send(file.content);
  });

  app.get('/datastore/dump/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const params: Record<string, unknown> = { ...(request.query as Record<string, unknown>), resource_id: id };
    const format = (params.format ?? 'csv') as string;
    if (format !== 'csv' && format !== 'json') throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'format', messageKey: 'open_data.errors.dumpFormat' }] });
    try {
      const dump = await datastoreDump(deps, params, format);
      reply.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="${dump.filename}"`);
      reply.header('access-control-allow-origin', '*');
      return reply.send(dump.body);
    } catch (error) {
      if (error instanceof CkanError) {
        if (error.status === 404) throw new AppError('OPEN_DATA_NOT_FOUND');
        throw new AppError('VALIDATION_FAILED', { detail: JSON.stringify(error.fields), fields: Object.keys(error.fields).map((field) => ({ field, messageKey: 'open_data.errors.dumpQuery' })) });
      }
      throw error;
    }
  });
}
