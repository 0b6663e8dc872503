// /componentes: the developer reference of the component kit. Every component with
// examples, a form in error state (GET shows example errors; POST validates for real and
// re-renders, the way every form of the platform does) and a paginated table.
// Linked from the docs only; it still meets WCAG 2.2 AA like every other page.
import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { dateFromParts, isEmail } from '../../shared/validators.ts';
import type { TamboApp } from '../http/app-types.ts';
import type { Translate } from '../i18n/i18n.ts';
import {
  Button,
  ButtonGroup,
  Checkboxes,
  DateField,
  Details,
  ERROR_SUMMARY_ID,
  ErrorSummary,
  Form,
  InsetText,
  Notice,
  Pagination,
  Panel,
  Radios,
  Select,
  SummaryList,
  Table,
  Tag,
  TextArea,
  TextField,
  summaryItems,
  type DateParts,
} from './components.tsx';
import { useView } from './context.ts';

const GALLERY_PATH = '/componentes';
const TABLE_ROWS = 60;
const PAGE_SIZE = 5;

/** What the example form holds (as typed). */
export interface GalleryForm {
  fullName: string;
  email: string;
  procedure: string;
  contact: string;
  topics: string[];
  birth: DateParts;
  message: string;
}

type GalleryErrors = Partial<Record<'fullName' | 'email' | 'procedure' | 'contact' | 'topics' | 'birth' | 'message', string>>;

const PROCEDURES = ['licence', 'certificate', 'complaint', 'grant'] as const;
const CONTACTS = ['email', 'phone', 'sms'] as const;
const TOPICS = ['health', 'education', 'transport', 'water'] as const;
const STATUSES = [
  { key: 'received', tone: 'info' },
  { key: 'review', tone: 'warning' },
  { key: 'approved', tone: 'success' },
  { key: 'rejected', tone: 'danger' },
  { key: 'archived', tone: 'neutral' },
] as const;

function procedureLabel(t: Translate, key: (typeof PROCEDURES)[number]): string {
  switch (key) {
    case 'licence':
      return t('gallery.sample.procedure.licence');
    case 'certificate':
      return t('gallery.sample.procedure.certificate');
    case 'complaint':
      return t('gallery.sample.procedure.complaint');
    case 'grant':
      return t('gallery.sample.procedure.grant');
  }
}

function statusLabel(t: Translate, key: (typeof STATUSES)[number]['key']): string {
  switch (key) {
    case 'received':
      return t('gallery.sample.status.received');
    case 'review':
      return t('gallery.sample.status.review');
    case 'approved':
      return t('gallery.sample.status.approved');
    case 'rejected':
      return t('gallery.sample.status.rejected');
    case 'archived':
      return t('gallery.sample.status.archived');
  }
}

function text(value: unknown): string {
  if (Array.isArray(value)) return text(value[0]);
  return typeof value === 'string' ? value.trim() : '';
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' && value ? [value] : [];
}

/** Reads the example form from a urlencoded body. */
export function readGalleryForm(body: unknown): GalleryForm {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    fullName: text(fields.nombre),
    email: text(fields.correo),
    procedure: text(fields.tramite),
    contact: text(fields.contacto),
    topics: list(fields.temas),
    birth: { day: text(fields['nacimiento-day']), month: text(fields['nacimiento-month']), year: text(fields['nacimiento-year']) },
    message: text(fields.mensaje),
  };
}

function isRealDate(parts: DateParts, today: Date): 'ok' | 'missing' | 'invalid' | 'future' {
  if (!parts.day && !parts.month && !parts.year) return 'missing';
  const date = dateFromParts(parts);
  if (!date || date < '1900-01-01') return 'invalid';
  return Date.parse(`${date}T00:00:00Z`) > today.getTime() ? 'future' : 'ok';
}

/** Checks the example form; the keys of the result are in the form's order (the error summary's order). */
export function validateGalleryForm(form: GalleryForm, t: Translate, today = new Date()): GalleryErrors {
  const errors: GalleryErrors = {};
  if (!form.fullName) errors.fullName = t('gallery.form.errors.fullName');
  if (!form.email) errors.email = t('gallery.form.errors.emailMissing');
  else if (!isEmail(form.email)) errors.email = t('gallery.form.errors.emailInvalid');
  if (!(PROCEDURES as readonly string[]).includes(form.procedure)) errors.procedure = t('gallery.form.errors.procedure');
  if (!(CONTACTS as readonly string[]).includes(form.contact)) errors.contact = t('gallery.form.errors.contact');
  if (form.topics.length === 0 || form.topics.some((topic) => !(TOPICS as readonly string[]).includes(topic))) errors.topics = t('gallery.form.errors.topics');
  const birth = isRealDate(form.birth, today);
  if (birth === 'missing') errors.birth = t('gallery.form.errors.birthMissing');
  else if (birth === 'invalid') errors.birth = t('gallery.form.errors.birthInvalid');
  else if (birth === 'future') errors.birth = t('gallery.form.errors.birthFuture');
  if (form.message.length > 500) errors.message = t('gallery.form.errors.message');
  return errors;
}

/** The example answers the GET page shows, with mistakes in them. */
const EXAMPLE_FORM: GalleryForm = {
  fullName: 'Ana Quispe Mamani',
  email: 'ana.quispe.ejemplo',
  procedure: '',
  contact: '',
  topics: [],
  birth: { day: '31', month: '2', year: '1990' },
  message: '',
};
const EMPTY_FORM: GalleryForm = { fullName: '', email: '', procedure: '', contact: '', topics: [], birth: {}, message: '' };

function ExampleForm(props: { form: GalleryForm; errors: GalleryErrors; autofocus: boolean }) {
  const { t } = useView();
  const { form, errors } = props;
  const fieldNames: Record<keyof GalleryErrors, string> = {
    fullName: 'nombre',
    email: 'correo',
    procedure: 'tramite',
    contact: 'contacto',
    topics: 'temas',
    birth: 'nacimiento',
    message: 'mensaje',
  };
  const byName = Object.fromEntries(Object.entries(errors).map(([key, message]) => [fieldNames[key as keyof GalleryErrors], message]));
  return (
    <>
      <ErrorSummary errors={summaryItems(byName)} autofocus={props.autofocus} />
      <Form action={`${GALLERY_PATH}#${ERROR_SUMMARY_ID}`}>
        <TextField name="nombre" label={t('gallery.form.fullName')} autocomplete="name" spellcheck={false} value={form.fullName} error={errors.fullName} />
        <TextField name="correo" type="email" label={t('gallery.form.email')} hint={t('gallery.form.emailHint')} autocomplete="email" spellcheck={false} value={form.email} error={errors.email} />
        <Select
          name="tramite"
          label={t('gallery.form.procedure')}
          placeholder={t('gallery.form.choose')}
          options={PROCEDURES.map((key) => ({ value: key, label: procedureLabel(t, key) }))}
          value={form.procedure}
          error={errors.procedure}
        />
        <Radios
          name="contacto"
          label={t('gallery.form.contact')}
          options={[
            { value: 'email', label: t('gallery.form.contactOptions.email') },
            { value: 'phone', label: t('gallery.form.contactOptions.phone'), hint: t('gallery.form.contactOptions.phoneHint') },
            { value: 'sms', label: t('gallery.form.contactOptions.sms') },
          ]}
          value={form.contact}
          error={errors.contact}
        />
        <Checkboxes
          name="temas"
          label={t('gallery.form.topics')}
          hint={t('gallery.form.topicsHint')}
          options={[
            { value: 'health', label: t('gallery.form.topicOptions.health') },
            { value: 'education', label: t('gallery.form.topicOptions.education') },
            { value: 'transport', label: t('gallery.form.topicOptions.transport') },
            { value: 'water', label: t('gallery.form.topicOptions.water') },
          ]}
          values={form.topics}
          error={errors.topics}
        />
        <DateField name="nacimiento" label={t('gallery.form.birth')} hint={t('gallery.form.birthHint')} autocomplete="bday" value={form.birth} error={errors.birth} />
        <TextArea name="mensaje" label={t('gallery.form.message')} hint={t('gallery.form.messageHint')} optional value={form.message} error={errors.message} />
        <Button preventDoubleClick>{t('gallery.form.submit')}</Button>
      </Form>
    </>
  );
}

function Section(props: { id: string; title: string; component: string; intro: string; children: ComponentChildren }) {
  return (
    <section class="gallery__section">
      <h2 id={props.id}>{props.title}</h2>
      <p class="gallery__component">
        <code>{props.component}</code>
      </p>
      <p>{props.intro}</p>
      {props.children}
    </section>
  );
}

function SampleTable(props: { page: number }) {
  const { t, locale } = useView();
  const totalPages = Math.ceil(TABLE_ROWS / PAGE_SIZE);
  const amount = new Intl.NumberFormat(locale === 'es' ? 'es-BO' : 'en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const first = (props.page - 1) * PAGE_SIZE;
  const rows = Array.from({ length: Math.min(PAGE_SIZE, TABLE_ROWS - first) }, (_, index) => {
    const n = first + index + 1;
    const status = STATUSES[n % STATUSES.length]!;
    return [
      `TRM-2026-${String(n).padStart(4, '0')}`,
      procedureLabel(t, PROCEDURES[n % PROCEDURES.length]!),
      <Tag tone={status.tone}>{statusLabel(t, status.key)}</Tag>,
      (n * 7) % 23,
      amount.format(((n * 3719) % 100_000) / 100 + 10),
    ];
  });
  return (
    <>
      <Table
        caption={t('gallery.table.caption', { page: props.page, pages: totalPages })}
        columns={[
          { label: t('gallery.table.code') },
          { label: t('gallery.table.procedure') },
          { label: t('gallery.table.status') },
          { label: t('gallery.table.days'), numeric: true },
          { label: t('gallery.table.amount'), numeric: true },
        ]}
        rows={rows}
        rowHeaders
      />
      <Pagination currentPage={props.page} totalPages={totalPages} href={(page) => `${GALLERY_PATH}?pagina=${page}#tabla`} />
    </>
  );
}

export function GalleryPage(props: { page: number; form: GalleryForm; errors: GalleryErrors; autofocus: boolean; sent: boolean }) {
  const { t } = useView();
  const sections = [
    ['botones', t('gallery.buttons.title')],
    ['campos', t('gallery.fields.title')],
    ['opciones', t('gallery.choices.title')],
    ['formulario', t('gallery.form.title')],
    ['mensajes', t('gallery.messages.title')],
    ['etiquetas', t('gallery.tags.title')],
    ['tabla', t('gallery.table.title')],
    ['resumen', t('gallery.summary.title')],
    ['navegacion', t('gallery.navigation.title')],
  ] as const;
  return (
    <div class="gallery">
      <h1>{t('gallery.title')}</h1>
      <p class="lead">{t('gallery.lead')}</p>
      <nav class="gallery__contents" aria-labelledby="gallery-contents">
        <h2 id="gallery-contents" class="heading-s">
          {t('gallery.contents')}
        </h2>
        <ul>
          {sections.map(([id, title]) => (
            <li key={id}>
              <a href={`#${id}`}>{title}</a>
            </li>
          ))}
        </ul>
      </nav>

      <Section id="botones" title={t('gallery.buttons.title')} component="Button, ButtonGroup" intro={t('gallery.buttons.intro')}>
        <ButtonGroup>
          <Button type="button">{t('gallery.buttons.primary')}</Button>
          <Button type="button" variant="secondary">
            {t('gallery.buttons.secondary')}
          </Button>
          <Button type="button" variant="warning">
            {t('gallery.buttons.warning')}
          </Button>
        </ButtonGroup>
        <ButtonGroup>
          <Button href="#botones">{t('gallery.buttons.link')}</Button>
          <Button href="#botones" variant="secondary">
            {t('gallery.buttons.linkSecondary')}
          </Button>
        </ButtonGroup>
      </Section>

      <Section id="campos" title={t('gallery.fields.title')} component="TextField, TextArea, Select, DateField" intro={t('gallery.fields.intro')}>
        <TextField name="ejemplo-documento" label={t('gallery.fields.document')} hint={t('gallery.fields.documentHint')} inputmode="numeric" width="10" spellcheck={false} />
        <TextField name="ejemplo-telefono" type="tel" label={t('gallery.fields.phone')} autocomplete="tel" width="20" optional />
        <TextField name="ejemplo-monto" label={t('gallery.fields.amount')} inputmode="decimal" width="5" prefix="Bs" />
        <TextArea name="ejemplo-descripcion" label={t('gallery.fields.description')} hint={t('gallery.fields.descriptionHint')} rows={4} />
        <Select name="ejemplo-tramite" label={t('gallery.fields.procedure')} options={PROCEDURES.map((key) => ({ value: key, label: procedureLabel(t, key) }))} value="certificate" />
        <DateField name="ejemplo-fecha" label={t('gallery.fields.date')} hint={t('gallery.fields.dateHint')} />
      </Section>

      <Section id="opciones" title={t('gallery.choices.title')} component="Radios, Checkboxes" intro={t('gallery.choices.intro')}>
        <Radios
          name="ejemplo-respuesta"
          label={t('gallery.choices.yesNo')}
          inline
          options={[
            { value: 'si', label: t('gallery.choices.yes') },
            { value: 'no', label: t('gallery.choices.no') },
          ]}
          value="si"
        />
        <Checkboxes name="ejemplo-acepto" label={t('gallery.choices.terms')} options={[{ value: 'si', label: t('gallery.choices.termsOption') }]} />
      </Section>

      <Section id="formulario" title={t('gallery.form.title')} component="Form, ErrorSummary, summaryItems" intro={t('gallery.form.intro')}>
        {props.sent ? (
          <Panel tone="success" title={t('gallery.form.sentTitle')}>
            <p>{t('gallery.form.sentText')}</p>
          </Panel>
        ) : null}
        <ExampleForm form={props.form} errors={props.errors} autofocus={props.autofocus} />
      </Section>

      <Section id="mensajes" title={t('gallery.messages.title')} component="Panel, Notice, InsetText, Details" intro={t('gallery.messages.intro')}>
        <Panel title={t('gallery.messages.infoTitle')}>
          <p>{t('gallery.messages.infoText')}</p>
        </Panel>
        <Panel tone="success" title={t('gallery.messages.successTitle')}>
          <p>{t('gallery.messages.successText')}</p>
        </Panel>
        <Panel tone="warning" title={t('gallery.messages.warningTitle')}>
          <p>{t('gallery.messages.warningText')}</p>
        </Panel>
        <Notice>{t('gallery.messages.notice')}</Notice>
        <Notice tone="info">{t('gallery.messages.noticeInfo')}</Notice>
        <InsetText>
          <p>{t('gallery.messages.inset')}</p>
        </InsetText>
        <Details summary={t('gallery.messages.detailsSummary')}>
          <p>{t('gallery.messages.detailsText')}</p>
        </Details>
      </Section>

      <Section id="etiquetas" title={t('gallery.tags.title')} component="Tag" intro={t('gallery.tags.intro')}>
        <ul class="gallery__tags">
          {STATUSES.map((status) => (
            <li key={status.key}>
              <Tag tone={status.tone}>{statusLabel(t, status.key)}</Tag>
            </li>
          ))}
        </ul>
      </Section>

      <Section id="tabla" title={t('gallery.table.title')} component="Table, Pagination" intro={t('gallery.table.intro')}>
        <SampleTable page={props.page} />
      </Section>

      <Section id="resumen" title={t('gallery.summary.title')} component="SummaryList" intro={t('gallery.summary.intro')}>
        <SummaryList
          rows={[
            { key: t('gallery.form.fullName'), value: 'Ana Quispe Mamani', change: { href: '#campo-nombre' } },
            { key: t('gallery.form.email'), value: 'ana.quispe@ejemplo.bo', change: { href: '#campo-correo' } },
            { key: t('gallery.form.procedure'), value: procedureLabel(t, 'certificate') },
          ]}
        />
      </Section>

      <Section id="navegacion" title={t('gallery.navigation.title')} component="Breadcrumbs, Pagination" intro={t('gallery.navigation.intro')}>
        <p>
          <a href="#tabla">{t('gallery.navigation.paginationLink')}</a>
        </p>
      </Section>
    </div>
  );
}

function pageNumber(request: FastifyRequest): number {
  const query = request.query as Record<string, unknown> | undefined;
  const raw = typeof query?.pagina === 'string' ? Number.parseInt(query.pagina, 10) : 1;
  const totalPages = Math.ceil(TABLE_ROWS / PAGE_SIZE);
  return Number.isFinite(raw) ? Math.min(Math.max(1, raw), totalPages) : 1;
}

/** GET /componentes (the gallery) and POST /componentes (its example form). */
export function registerComponentGallery(app: TamboApp): void {
  const breadcrumbs = (request: FastifyRequest) => [{ href: '/', label: request.t('gallery.home') }];
  app.get(GALLERY_PATH, { schema: { hide: true } }, async (request, reply) => {
    const query = request.query as Record<string, unknown> | undefined;
    const sent = query?.enviado === '1';
    const form = sent ? EMPTY_FORM : EXAMPLE_FORM;
    const errors = sent ? {} : validateGalleryForm(form, request.t);
    return reply.page({
      title: request.t('gallery.title'),
      breadcrumbs: breadcrumbs(request),
      body: <GalleryPage page={pageNumber(request)} form={form} errors={errors} autofocus={false} sent={sent} />,
    });
  });
  app.post(GALLERY_PATH, { schema: { hide: true } }, async (request, reply) => {
    const form = readGalleryForm(request.body);
    const errors = validateGalleryForm(form, request.t);
    if (Object.keys(errors).length === 0) return reply.redirect(`${GALLERY_PATH}?enviado=1#formulario`, 303);
    return reply.page({
      status: 400,
      title: request.t('gallery.errorTitle', { title: request.t('gallery.title') }),
      breadcrumbs: breadcrumbs(request),
      body: <GalleryPage page={1} form={form} errors={errors} autofocus sent={false} />,
    });
  });
}
