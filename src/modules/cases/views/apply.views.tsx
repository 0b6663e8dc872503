// One page of an application: what is known (the person's identity, registry values with their
// source) shown, not asked; why a registry field is typed by the person; the fields asked.
import type { CountryProfile } from '../../../platform/country/index.ts';
import type { Answers, FormComponent, FormFields, FormPage, KnownFacts } from '../../../platform/forms/index.ts';
import { isPrefilled, prefilledValue, visibleComponents } from '../../../platform/forms/index.ts';
import { Button, ErrorSummary, InsetText, Notice, Panel, SummaryList, type ErrorSummaryItem } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { PrefillNotes } from '../services/prefill.service.ts';
import { formatAnswer } from './case.views.tsx';
import { FormFieldsView, PostForm, localized, type TerritoryChoices } from './form.views.tsx';

export function ApplyPageView(props: {
  procedureName: string;
  page: FormPage;
  action: string;
  fields: FormFields;
  errors: ErrorSummaryItem[];
  errorText: Record<string, string>;
  facts: KnownFacts;
  /** Where each registry field's value came from, or why the person types it. */
  notes?: PrefillNotes;
  /** Fields whose sent value was ignored (they come from a registry and are not editable). */
  ignored?: string[];
  answers: Answers;
  country: CountryProfile;
  territories: TerritoryChoices;
  itemCount: (group: FormComponent) => number;
}) {
  const { t, language } = useView();
  const asked = visibleComponents(props.page, props.answers).filter((c) => !isPrefilled(c, props.facts));
  const known = visibleComponents(props.page, props.answers).filter((c) => isPrefilled(c, props.facts));
  const label = (c: FormComponent) => localized(c.label, language);
  const source = (c: FormComponent) => props.notes?.[c.id]?.source;
  const typed = asked.filter((c) => props.notes?.[c.id] && props.notes[c.id]!.outcome !== 'supplied');
  const ignored = known.filter((c) => props.ignored?.includes(c.id));
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <span class="caption">{props.procedureName}</span>
      <h1>{localized(props.page.title, language)}</h1>
      {props.page.intro ? <p class="lead">{localized(props.page.intro, language)}</p> : null}
      {ignored.map((c) => (
        <Notice key={c.id}>{t('cases.apply.ignored', { field: label(c), source: source(c) ?? '—' })}</Notice>
      ))}
      {known.length > 0 ? (
        <Panel title={t('cases.apply.knownTitle')}>
          <SummaryList
            rows={known.map((c) => {
              const value = formatAnswer(c, prefilledValue(c, props.facts), language, t('cases.form.yes'), t('cases.form.no'));
              return { key: label(c), value: source(c) ? `${value} · ${t('cases.apply.fromSource', { source: source(c)! })}` : value };
            })}
          />
        </Panel>
      ) : null}
      {typed.length > 0 ? (
        <InsetText>
          {typed.map((c) => (
            <p key={c.id}>{t(props.notes![c.id]!.outcome === 'refused' ? 'cases.apply.refused' : 'cases.apply.notFound', { field: label(c), source: source(c)! })}</p>
          ))}
        </InsetText>
      ) : null}
      <PostForm action={props.action} components={asked}>
        <FormFieldsView components={asked} fields={props.fields} errors={props.errorText} country={props.country} territories={props.territories} itemCount={props.itemCount} />
        <Button preventDoubleClick>{t('cases.apply.continue')}</Button>
      </PostForm>
      <p>{t('cases.apply.saved')}</p>
    </>
  );
}
