// Product photos (docs/marketplace.md, "Photos"): the seller's page and multipart upload under
// /mercado/vender/{id}/productos/{product}/fotos, and the public JPEGs under /mercado/fotos/{id},
// served with long cache headers (a photo's bytes never change: a new image is a new photo).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { readMultipartForm, registerMultipart } from '../../../platform/http/multipart.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { addPhoto, deletePhoto, MAX_PHOTO_BYTES, MAX_PHOTOS, movePhoto, ownProduct, photoFile, photosByProduct } from '../photos.service.ts';
import { PhotosPage } from '../views/photos.views.tsx';

const Params = Type.Object({ id: Type.String({ maxLength: 40 }), producto: Type.String({ maxLength: 40 }) });
const PhotoParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
const DONE = ['photo', 'photoDeleted', 'photoMoved'];
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function registerPhotoRoutes(app: TamboApp, deps: Deps): void {
  const photosPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: { id: string; producto: string },
    form: Record<string, string> = {},
    errors: Record<string, string> = {},
    done?: string,
  ) => {
    const { account } = requireSignedIn(request);
    const { seller, product } = await ownProduct(deps, account, params.id, params.producto);
    const photos = (await photosByProduct(deps, [product.id])).get(product.id) ?? [];
    const failed = Object.keys(errors).length > 0;
    const title = request.t('marketplace.photos.heading', { product: product.name });
    return reply.page({
      status: failed ? 422 : 200,
      title: `${failed ? `${request.t('marketplace.errorPrefix')} ` : ''}${title}`,
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        { href: '/mercado', label: request.t('marketplace.nav') },
        { href: `/mercado/vender/${seller.id}`, label: seller.name },
      ],
      body: <PhotosPage sellerId={seller.id} product={product} photos={photos} max={MAX_PHOTOS} form={form} errors={errors} done={done} />,
    });
  };
  app.get('/mercado/vender/:id/productos/:producto/fotos', { schema: { params: Params, querystring: Type.Object({ hecho: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (request, reply) =>
    photosPage(request, reply, request.params, {}, {}, DONE.includes(request.query.hecho ?? '') ? request.query.hecho : undefined),
  );

  // Deleting and reordering (plain forms with CSRF): a photo of another product, or deleted already, is 404.
  const PhotoOfProduct = Type.Object({ id: Type.String({ maxLength: 40 }), producto: Type.String({ maxLength: 40 }), foto: Type.String({ maxLength: 40 }) });
  const done = (params: { id: string; producto: string }, what: string) => `/mercado/vender/${params.id}/productos/${params.producto}/fotos?hecho=${what}`;
  app.post('/mercado/vender/:id/productos/:producto/fotos/:foto/eliminar', { schema: { params: PhotoOfProduct } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    await deletePhoto(deps, account, request.params.id, request.params.producto, request.params.foto, request.id);
    return reply.redirect(done(request.params, 'photoDeleted'), 303);
  });
  app.post(
    '/mercado/vender/:id/productos/:producto/fotos/:foto/orden',
    { schema: { params: PhotoOfProduct, body: Type.Object({ posicion: Type.Optional(Type.String({ maxLength: 3 })) }) } },
    async (request, reply) => {
      const { account } = requireSignedIn(request);
      try {
        await movePhoto(deps, account, request.params.id, request.params.producto, request.params.foto, Number(request.body.posicion ?? ''), request.id);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
        return photosPage(request, reply, request.params, {}, Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)])));
      }
      return reply.redirect(done(request.params, 'photoMoved'), 303);
    },
  );

  app.register(async (scoped) => {
    const multipart = scoped as unknown as TamboApp;
    registerMultipart(multipart, { maxFileBytes: MAX_PHOTO_BYTES, maxFiles: 1, maxFields: 10, allowed: ['image/jpeg', 'image/png'] });
    multipart.post('/mercado/vender/:id/productos/:producto/fotos', { schema: { params: Params } }, async (request, reply) => {
      const { account } = requireSignedIn(request);
      const fields = (request.body ?? {}) as Record<string, unknown>;
      const form = { alt: str(fields.alt) };
      try {
        const { files } = readMultipartForm(request);
        const file = files.foto?.[0];
        if (!file) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'foto', messageKey: 'marketplace.errors.photoMissing' }] });
        await addPhoto(deps, account, request.params.id, request.params.producto, { bytes: file.bytes, alt: form.alt }, request.id);
      } catch (error) {
        if (!isAppError(error)) throw error;
        const errors =
          error.code === 'MARKETPLACE_TOO_MANY_PHOTOS'
            ? { foto: request.t('marketplace.errors.tooManyPhotos', { max: MAX_PHOTOS }) }
            : Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)]));
        if (Object.keys(errors).length === 0) throw error;
        return photosPage(request, reply, request.params, form, errors);
      }
      return reply.redirect(`/mercado/vender/${request.params.id}/productos/${request.params.producto}/fotos?hecho=photo`, 303);
    });
  });

  const serve = (thumbnail: boolean) => async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const photo = await photoFile(deps, request.params.id, thumbnail);
    return reply
      .type('image/jpeg')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', `"${photo.sha256}${thumbnail ? '-240' : ''}"`)
      .header('x-content-type-options', 'nosniff')
      .send(photo.bytes);
  };
  app.get('/mercado/fotos/:id', { schema: { params: PhotoParams } }, serve(false));
  app.get('/mercado/fotos/:id/miniatura', { schema: { params: PhotoParams } }, serve(true));
}
