// "Mis datos": what each module holds about the person, under the module's heading, each field
// by its label from the catalogs; the download; and, where the law allows it, the way to erase
// (a confirmation page), or why the record is kept.
import type { ComponentChildren } from 'preact';
import { Button, Checkboxes, ErrorSummary, Form, Panel, SummaryList, summaryItems, Tag } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { codeInWords, fieldLabel, sectionRows } from '../my-data.format.ts';
import type { MyDataModule } from '../my-data.service.ts';

/** Rows shown per section; the download holds every one. */
const SHOWN_ROWS = 20;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A stored value in words: dates in the person's language and the country's zone, yes/no, lists. */
function Value(props: { value: unknown; timeZone: string }): ComponentChildren {
  const { t, locale } = useView();
  const { value } = props;
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return t(value ? 'identity.myData.yes' : 'identity.myData.no');
  if (typeof value === 'number') return new Intl.NumberFormat(locale).format(value);
  if (typeof value === 'string') {
    if (ISO_DATE.test(value)) return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
    if (ISO_INSTANT.test(value)) return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: props.timeZone }).format(new Date(value));
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return (
      <ul class="list">
        {value.map((item, i) => (
          <li key={i}>
            <Value value={item} timeZone={props.timeZone} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '—';
    return (
      <ul class="list">
        {entries.map(([key, item]) => (
          <li key={key}>
            {key}: <Value value={item} timeZone={props.timeZone} />
          </li>
        ))}
      </ul>
    );
  }
  return String(value);
}

function Row(props: { row: unknown; module: MyDataModule; timeZone: string }) {
  const { t } = useView();
  if (props.row === null || typeof props.row !== 'object' || Array.isArray(props.row)) return <Value value={props.row} timeZone={props.timeZone} />;
  return (
    <SummaryList
      rows={Object.entries(props.row as Record<string, unknown>).map(([field, value]) => ({
        key: fieldLabel(props.module, field, t),
        value: <Value value={codeInWords(props.module, field, value, t)} timeZone={props.timeZone} />,
      }))}
    />
  );
}

function Section(props: { module: MyDataModule; index: number; timeZone: string }) {
  const { t } = useView();
  const section = props.module.sections[props.index]!;
  const rows = sectionRows(section.data);
  return (
    <section aria-labelledby={`datos-${props.module.module}-${props.index}`}>
      <h3 id={`datos-${props.module.module}-${props.index}`}>
        {t(section.titleKey)} <Tag tone={section.erasable ? 'info' : 'neutral'}>{t(section.erasable ? 'identity.myData.erasableTag' : 'identity.myData.keptTag')}</Tag>
      </h3>
      <p class="hint">{section.erasable ? t('identity.myData.erasable') : section.keptKey ? t(section.keptKey) : t('identity.myData.kept')}</p>
      {rows.length === 0 ? <p>{t('identity.myData.empty')}</p> : null}
      {rows.slice(0, SHOWN_ROWS).map((row, i) => (
        <Row key={i} row={row} module={props.module} timeZone={props.timeZone} />
      ))}
      {rows.length > SHOWN_ROWS ? <p>{t('identity.myData.more', { count: rows.length - SHOWN_ROWS })}</p> : null}
    </section>
  );
}

/** /cuenta/mis-datos */
export function MyDataPage(props: { modules: MyDataModule[]; timeZone: string; notice?: string }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('identity.myData.heading')}</h1>
      {props.notice ? <Panel tone="success">{props.notice}</Panel> : null}
      <p class="lead">{t('identity.myData.lead')}</p>
      <p>
        <Button href="/cuenta/mis-datos/descargar" variant="secondary">
          {t('identity.myData.download')}
        </Button>
      </p>
      <p class="hint">{t('identity.myData.downloadHint')}</p>
      <p>
        <Button href="/cuenta/mis-datos/pdf" variant="secondary">
          {t('identity.myData.downloadPdf')}
        </Button>
      </p>
      <p class="hint">{t('identity.myData.downloadPdfHint')}</p>
      <p>
        <a href="/transparencia/tratamientos">{t('identity.myData.register')}</a>
      </p>
      {props.modules.map((module) => (
        <section key={module.module} aria-labelledby={`datos-${module.module}`}>
          <h2 id={`datos-${module.module}`}>{module.titleKey ? t(module.titleKey) : module.module}</h2>
          <p>{t(module.legalBasisKey)}</p>
          {module.sections.map((_, index) => (
            <Section key={index} module={module} index={index} timeZone={props.timeZone} />
          ))}
          <p>
            <a href={`/cuenta/mis-datos/corregir?modulo=${encodeURIComponent(module.module)}`}>
              {t('identity.myData.correct')}
              <span class="visually-hidden"> ({module.titleKey ? t(module.titleKey) : module.module})</span>
            </a>
          </p>
          {module.canErase && module.eraseKey ? (
            <p>
              <Button href={`/cuenta/mis-datos/borrar?modulo=${encodeURIComponent(module.module)}`} variant="warning">
                {t(module.eraseKey)}
              </Button>
            </p>
          ) : null}
        </section>
      ))}
      <p>
        <a href="/cuenta">{t('identity.account.back')}</a>
      </p>
    </>
  );
}

/** /cuenta/mis-datos/borrar?modulo=…: what will go, what stays, and a confirmation. */
export function EraseMyDataPage(props: { module: MyDataModule; error?: string }) {
  const { t } = useView();
  const { module } = props;
  const count = (data: unknown) => (Array.isArray(data) ? data.length : data ? 1 : 0);
  return (
    <>
      <ErrorSummary errors={summaryItems({ confirm: props.error })} />
      <h1>{t(module.eraseKey!)}</h1>
      <p class="lead">{t('identity.myData.eraseLead')}</p>
      <ul class="list">
        {module.sections
          .filter((s) => s.erasable)
          .map((s) => (
            <li key={s.titleKey}>{t('identity.myData.eraseItem', { section: t(s.titleKey), count: count(s.data) })}</li>
          ))}
      </ul>
      {module.sections.some((s) => !s.erasable) ? (
        <>
          <p>{t('identity.myData.eraseKeeps')}</p>
          <ul class="list">
            {module.sections
              .filter((s) => !s.erasable)
              .map((s) => (
                <li key={s.titleKey}>
                  {t(s.titleKey)}: {s.keptKey ? t(s.keptKey) : t('identity.myData.kept')}
                </li>
              ))}
          </ul>
        </>
      ) : null}
      <Form action="/cuenta/mis-datos/borrar">
        <input type="hidden" name="module" value={module.module} />
        <Checkboxes name="confirm" label={t('identity.myData.confirmLegend')} error={props.error} options={[{ value: 'si', label: t('identity.myData.confirmLabel') }]} />
        <Button variant="warning">{t('identity.myData.eraseButton')}</Button>
      </Form>
      <p>
        <a href="/cuenta/mis-datos">{t('identity.myData.cancel')}</a>
      </p>
    </>
  );
}
