import { Button, Form, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';

export function HomePage() {
  const { t, countryName } = useView();
  return (
    <>
      <h1>{t('portal.home.heading')}</h1>
      <p class="lead">{t('portal.home.lead', { country: countryName })}</p>
      <div class="procedure-search" role="search">
        <Form action="/tramites" method="get">
          <TextField name="q" type="search" label={t('portal.home.searchLabel')} hint={t('portal.home.searchHint')} autocomplete="off" />
          <Button>{t('portal.home.searchSubmit')}</Button>
        </Form>
      </div>
      <p>
        <a href="/tramites">{t('portal.home.proceduresLink')}</a>
      </p>
      <h2>{t('portal.home.principlesHeading')}</h2>
      <ul>
        <li>{t('portal.home.principles.oneIdentity')}</li>
        <li>{t('portal.home.principles.tracked')}</li>
        <li>{t('portal.home.principles.open')}</li>
        <li>{t('portal.home.principles.auditable')}</li>
      </ul>
      <p>
        <a href="/api/v1/audit/head">{t('portal.home.auditHeadLink')}</a>
      </p>
    </>
  );
}

export function AccessibilityPage(props: { languages: Array<{ language: string; name: string; share: number; missing: number }> }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('portal.accessibility.title')}</h1>
      <p>{t('portal.accessibility.commitment')}</p>
      <ul>
        <li>{t('portal.accessibility.points.noJs')}</li>
        <li>{t('portal.accessibility.points.small')}</li>
        <li>{t('portal.accessibility.points.keyboard')}</li>
        <li>{t('portal.accessibility.points.tested')}</li>
      </ul>
      <h2>{t('portal.accessibility.languages.heading')}</h2>
      <p>{t('portal.accessibility.languages.lead')}</p>
      {props.languages.length > 0 ? (
        <ul>
          {props.languages.map((l) => (
            <li key={l.language}>
              <span lang={l.language}>{l.name}</span>: {t('portal.accessibility.languages.item', { share: l.share, missing: l.missing })}
            </li>
          ))}
        </ul>
      ) : null}
      <p>{t('portal.accessibility.contact')}</p>
    </>
  );
}

export function SourceCodePage() {
  const { t } = useView();
  return (
    <>
      <h1>{t('portal.source.title')}</h1>
      <p>{t('portal.source.licence')}</p>
      <p>{t('portal.source.rights')}</p>
    </>
  );
}
