// Product photos: the seller's page to add them (multipart form with CSRF, errors on the field)
// and the figures shown on the product and shop pages (alt: the seller's text or the product's name).
import { Button, CsrfField, ErrorSummary, FileField, Form, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Product } from '../marketplace.types.ts';
import type { ProductPhoto } from '../photos.service.ts';

export const photoUrl = (photo: ProductPhoto, thumbnail = false) => `/mercado/fotos/${photo.id}${thumbnail ? '/miniatura' : ''}`;

/** A photo's thumbnail linking to the 800 px image (alt: the seller's text or the product's name). */
function PhotoThumbnail(props: { product: Product; photo: ProductPhoto }) {
  const { photo } = props;
  return (
    <a href={photoUrl(photo)}>
      <img
        src={photoUrl(photo, true)}
        alt={photo.alt ?? props.product.name}
        width={Math.min(240, photo.width)}
        height={Math.round((photo.height * Math.min(240, photo.width)) / photo.width)}
        loading="lazy"
      />
    </a>
  );
}

/** The photos of a product: thumbnails linking to the 800 px image. */
export function PhotoGallery(props: { product: Product; photos: ProductPhoto[]; first?: boolean }) {
  if (props.photos.length === 0) return null;
  return (
    <ul class="list photos">
      {(props.first ? props.photos.slice(0, 1) : props.photos).map((photo) => (
        <li key={photo.id}>
          <PhotoThumbnail product={props.product} photo={photo} />
        </li>
      ))}
    </ul>
  );
}

export function PhotosPage(props: { sellerId: string; product: Product; photos: ProductPhoto[]; max: number; form: Record<string, string>; errors: Record<string, string>; done?: string }) {
  const { t } = useView();
  const base = `/mercado/vender/${props.sellerId}/productos/${props.product.id}/fotos`;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('marketplace.photos.heading', { product: props.product.name })}</h1>
      {props.done ? (
        <p role="status" class="notice">
          {t(`marketplace.done.${props.done}`)}
        </p>
      ) : null}
      <p>
        <a href={`/mercado/vender/${props.sellerId}`}>{t('marketplace.photos.back')}</a>
      </p>
      {props.photos.length === 0 ? <p>{t('marketplace.photos.none')}</p> : <PhotoOrder base={base} product={props.product} photos={props.photos} />}
      {props.photos.length < props.max ? (
        <form action={base} method="post" enctype="multipart/form-data" novalidate>
          <CsrfField />
          <h2>{t('marketplace.photos.add')}</h2>
          <FileField name="foto" label={t('marketplace.photos.file')} hint={t('marketplace.photos.fileHint', { max: props.max })} accept=".jpg,.jpeg,.png" error={props.errors.foto} />
          <TextField name="alt" label={t('marketplace.photos.alt')} hint={t('marketplace.photos.altHint')} value={props.form.alt} error={props.errors.alt} />
          <Button type="submit">{t('marketplace.photos.submit')}</Button>
        </form>
      ) : (
        <p>{t('marketplace.photos.full', { max: props.max })}</p>
      )}
    </>
  );
}

/** The seller's photos in order, each with the forms to move it up (the first is the shop's thumbnail) and to delete it. */
function PhotoOrder(props: { base: string; product: Product; photos: ProductPhoto[] }) {
  const { t } = useView();
  return (
    <ol class="list photos">
      {props.photos.map((photo, i) => (
        <li key={photo.id}>
          <PhotoThumbnail product={props.product} photo={photo} />
          <p>{i === 0 ? t('marketplace.photos.first') : t('marketplace.photos.position', { n: i + 1 })}</p>
          {i > 0 ? (
            <Form action={`${props.base}/${photo.id}/orden`}>
              <input type="hidden" name="posicion" value={String(i)} />
              <Button type="submit" variant="secondary">
                {t('marketplace.photos.moveUp', { n: i + 1 })}
              </Button>
            </Form>
          ) : null}
          <Form action={`${props.base}/${photo.id}/eliminar`}>
            <Button type="submit" variant="warning">
              {t('marketplace.photos.delete', { n: i + 1 })}
            </Button>
          </Form>
        </li>
      ))}
    </ol>
  );
}
