// The new report form: 1. category, 2. details, 3. check duplicates, add photos, send.
import {
  Button,
  ButtonGroup,
  Checkboxes,
  ErrorSummary,
  Form,
  InsetText,
  Notice,
  Radios,
  Select,
  SummaryList,
  TextArea,
  TextField,
  summaryItems,
  type ChoiceOption,
} from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { type Category, type Report, textIn } from '../report.types.ts';
import { arr, ChoiceSelect, type FormErrors, type Formatting, type FormValues, ReportMap, StatusTag, str } from './report-common.views.tsx';

export function CategoryChoicePage(props: { categories: Category[]; error?: string }) {
  const { t, language } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems({ categoria: props.error })} />
      <Form method="get" action="/reportes/nuevo">
        <input type="hidden" name="paso" value="categoria" />
        <Radios
          name="categoria"
          label={t('reports.new.categoryQuestion')}
          isPageHeading
          error={props.error}
          options={props.categories.map((c) => ({ value: c.code, label: textIn(c.name, language), hint: textIn(c.description, language) }))}
        />
        <Button>{t('reports.new.continue')}</Button>
      </Form>
    </>
  );
}

function QuestionField(props: { category: Category; code: string; values: FormValues; errors: FormErrors }) {
  const { t, language } = useView();
  const q = props.category.questions.find((x) => x.code === props.code)!;
  const name = `respuesta.${q.code}`;
  const common = { name, label: textIn(q.description, language), optional: !q.required, error: props.errors[name] };
  const options: ChoiceOption[] = q.values.map((v) => ({ value: v.key, label: textIn(v.name, language) }));
  switch (q.datatype) {
    case 'singlevaluelist':
      return <Radios {...common} options={options} value={str(props.values[name])} />;
    case 'multivaluelist':
      return <Checkboxes {...common} options={options} values={arr(props.values[name])} />;
    case 'text':
      return <TextArea {...common} value={str(props.values[name])} rows={3} />;
    case 'number':
      return <TextField {...common} value={str(props.values[name])} inputmode="decimal" width="10" />;
    case 'datetime':
      return <TextField {...common} value={str(props.values[name])} hint={t('reports.new.dateHint')} width="20" />;
    default:
      return <TextField {...common} value={str(props.values[name])} />;
  }
}

export interface DetailsProps {
  category: Category;
  values: FormValues;
  errors: FormErrors;
  territories: ChoiceOption[];
  councils: ChoiceOption[];
  agencies: ChoiceOption[];
  isSignedIn: boolean;
  signInHref: string;
  tileUrl: string | null;
}

export function ReportDetailsPage(props: DetailsProps) {
  const { t, language } = useView();
  const c = props.category;
  const v = props.values;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <span class="caption">{textIn(c.name, language)}</span>
      <h1>{t('reports.new.detailsTitle')}</h1>
      {!props.isSignedIn && !c.anonymousAllowed ? (
        <Notice>
          {t('reports.new.signInRequired')} <a href={props.signInHref}>{t('reports.new.signIn')}</a>
        </Notice>
      ) : null}
      {!props.isSignedIn && c.anonymousAllowed ? (
        <InsetText>
          {t('reports.new.anonymousVisitor')} <a href={props.signInHref}>{t('reports.new.signIn')}</a>
        </InsetText>
      ) : null}
      <Form action="/reportes/nuevo">
        <input type="hidden" name="categoria" value={c.code} />
        {c.isAgencyComplaint ? <ChoiceSelect name="institucion" label={t('reports.new.subjectAgency')} options={props.agencies} values={v} errors={props.errors} /> : null}
        <TextArea name="descripcion" label={t('reports.new.description')} hint={t('reports.new.descriptionHint')} value={str(v.descripcion)} error={props.errors.descripcion} />
        {c.questions.map((q) => (
          <QuestionField key={q.code} category={c} code={q.code} values={v} errors={props.errors} />
        ))}
        <h2>{t('reports.new.whereTitle')}</h2>
        <p>{t('reports.new.whereHint')}</p>
        <ChoiceSelect name="territorio" label={t('reports.new.territory')} options={props.territories} values={v} errors={props.errors} optional />
        <TextField
          name="direccion"
          label={t('reports.new.address')}
          hint={t('reports.new.addressHint')}
          value={str(v.direccion)}
          optional
          error={props.errors.direccion}
          autocomplete="street-address"
        />
        <ReportMap mode="pick" tileUrl={props.tileUrl} id="mapa-ubicacion" />
        <TextField name="lat" label={t('reports.new.lat')} hint={t('reports.new.latHint')} value={str(v.lat)} optional inputmode="decimal" width="20" error={props.errors.lat} />
        <TextField name="lon" label={t('reports.new.lon')} value={str(v.lon)} optional inputmode="decimal" width="20" error={props.errors.lon} />
        {props.isSignedIn && c.anonymousAllowed ? (
          <Checkboxes
            name="anonimo"
            label={t('reports.new.anonymousLegend')}
            optional
            options={[{ value: 'si', label: t('reports.new.anonymous'), hint: t('reports.new.anonymousHint') }]}
            values={arr(v.anonimo)}
            error={props.errors.anonimo}
          />
        ) : null}
        {props.isSignedIn && props.councils.length > 0 ? (
          <Select
            name="consejo"
            label={t('reports.new.council')}
            hint={t('reports.new.councilHint')}
            options={props.councils}
            value={str(v.consejo)}
            placeholder={t('reports.new.councilNone')}
            optional
            error={props.errors.consejo}
          />
        ) : null}
        <Button>{t('reports.new.continue')}</Button>
      </Form>
    </>
  );
}

/** Nearby open reports; `canSupport` says which the viewer may support (not those addressed to an agency where they hold a role). */
export function DuplicateList(props: { duplicates: Array<Report & { distanceM: number }>; format: Formatting; canSupport: (report: Report) => boolean }) {
  const { t } = useView();
  return (
    <ul class="report-list">
      {props.duplicates.map((d) => (
        <li key={d.id} class="report-list__item">
          <h3 class="report-list__title">
            <a href={`/reportes/${d.id}`}>{d.code}</a> · {props.format.categoryName(d.categoryCode)}
          </h3>
          <p>
            <StatusTag status={d.status} /> {t('reports.new.duplicateDistance', { metres: d.distanceM, supporters: d.supporterCount })}
          </p>
          <p>{d.description}</p>
          {props.canSupport(d) ? (
            <Form action={`/reportes/${d.id}/apoyo`}>
              <Button variant="secondary">{t('reports.support.button', { code: d.code })}</Button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function ReportConfirmPage(props: {
  category: Category;
  values: FormValues;
  errors: FormErrors;
  duplicates: Array<Report & { distanceM: number }>;
  canSupport: (report: Report) => boolean;
  summary: Array<{ key: string; value: string }>;
  idempotencyKey: string;
  format: Formatting;
}) {
  const { t, language } = useView();
  const hidden = Object.entries(props.values).flatMap(([name, value]) => arr(value).map((item, index) => <input key={`${name}-${index}`} type="hidden" name={name} value={item} />));
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <span class="caption">{textIn(props.category.name, language)}</span>
      <h1>{t('reports.new.confirmTitle')}</h1>
      {props.duplicates.length > 0 ? (
        <section aria-labelledby="posibles-duplicados">
          <h2 id="posibles-duplicados">{t('reports.new.duplicatesTitle')}</h2>
          <p>{t('reports.new.duplicatesLead')}</p>
          <DuplicateList duplicates={props.duplicates} format={props.format} canSupport={props.canSupport} />
        </section>
      ) : null}
      <h2>{t('reports.new.yourReport')}</h2>
      <SummaryList rows={props.summary} />
      <form action="/reportes/nuevo/enviar" method="post" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={useView().csrfToken()} />
        <input type="hidden" name="clave" value={props.idempotencyKey} />
        {hidden}
        <div class={props.errors.fotos ? 'field field--error' : 'field'}>
          <label class="label" for="campo-fotos">
            {t('reports.new.photos')} {t('components.field.optional')}
          </label>
          <div class="hint" id="campo-fotos-hint">
            {t('reports.new.photosHint')}
          </div>
          {props.errors.fotos ? (
            <p class="field-error" id="campo-fotos-error">
              {props.errors.fotos}
            </p>
          ) : null}
          <input
            class="file-upload"
            type="file"
            id="campo-fotos"
            name="fotos"
            accept="image/jpeg,image/png"
            multiple
            aria-describedby={props.errors.fotos ? 'campo-fotos-hint campo-fotos-error' : 'campo-fotos-hint'}
          />
        </div>
        <ButtonGroup>
          <Button preventDoubleClick>{props.duplicates.length > 0 ? t('reports.new.sendAnyway') : t('reports.new.send')}</Button>
        </ButtonGroup>
      </form>
      {/* Back to the details with everything typed (a form: the values travel with it). */}
      <Form action="/reportes/nuevo/cambiar">
        {hidden}
        <Button variant="secondary">{t('reports.new.startAgain')}</Button>
      </Form>
    </>
  );
}
