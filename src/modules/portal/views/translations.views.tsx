// The back-office editor of translations: a search over the messages of one language, and a
// form per message with the Spanish and English texts beside it.
import { Button, Checkboxes, ErrorSummary, Form, Notice, Select, SummaryList, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { MessageRow } from '../translations.service.ts';

const editHref = (language: string, key: string) => `/admin/traducciones/${language}/${encodeURIComponent(key)}`;

export function TranslationListPage(props: {
  languages: Array<{ code: string; name: string }>;
  language: string;
  q: string;
  untranslated: boolean;
  rows: MessageRow[];
  total: number;
  saved?: string;
}) {
  const { t } = useView();
  return (
    <>
      <h1>{t('portal.translations.title')}</h1>
      <p class="lead">{t('portal.translations.lead')}</p>
      {props.saved ? <Notice tone="info">{t('portal.translations.saved', { key: props.saved })}</Notice> : null}
      <Form action="/admin/traducciones" method="get">
        <Select name="idioma" label={t('portal.translations.language')} options={props.languages.map((l) => ({ value: l.code, label: l.name }))} value={props.language} />
        <TextField name="q" label={t('portal.translations.search')} hint={t('portal.translations.searchHint')} value={props.q} optional />
        <Checkboxes
          name="pendientes"
          label={t('portal.translations.filter')}
          optional
          options={[{ value: 'si', label: t('portal.translations.untranslatedOnly') }]}
          values={props.untranslated ? ['si'] : []}
        />
        <Button variant="secondary">{t('portal.translations.show')}</Button>
      </Form>
      <p>{t('portal.translations.count', { shown: props.rows.length, total: props.total })}</p>
      <ul class="translation-list">
        {props.rows.map((row) => (
          <li key={row.key}>
            <h2>
              <a href={editHref(props.language, row.key)}>
                <code>{row.key}</code>
              </a>
            </h2>
            <SummaryList
              rows={[
                { key: t('portal.translations.spanish'), value: row.spanish },
                { key: t('portal.translations.current'), value: row.current ?? t('portal.translations.missing') },
              ]}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

export function TranslationEditPage(props: {
  language: string;
  languageName: string;
  messageKey: string;
  spanish: string;
  english: string;
  current: string | undefined;
  value: string;
  error?: string;
}) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems({ text: props.error })} />
      <h1>{t('portal.translations.editTitle', { key: props.messageKey, language: props.languageName })}</h1>
      <SummaryList
        rows={[
          { key: t('portal.translations.spanish'), value: props.spanish },
          { key: t('portal.translations.english'), value: props.english },
          { key: t('portal.translations.current'), value: props.current ?? t('portal.translations.missing') },
        ]}
      />
      <Form action={`${editHref(props.language, props.messageKey)}#resumen-errores`}>
        <TextArea
          name="text"
          label={t('portal.translations.text', { language: props.languageName })}
          hint={t('portal.translations.textHint')}
          value={props.value}
          error={props.error}
          rows={4}
          spellcheck={false}
        />
        <Button>{t('portal.translations.save')}</Button>
      </Form>
      <p>
        <a href={`/admin/traducciones?idioma=${props.language}`}>{t('portal.translations.back')}</a>
      </p>
    </>
  );
}
