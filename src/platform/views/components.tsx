// The component kit. Every component escapes text (preact does), takes documented props,
// works without JavaScript and is shown with examples on /componentes (dev gallery).
//
// Field ids: a form field named `email` has the id `campo-email` (see `fieldId`). Its hint
// is `campo-email-hint` and its error message `campo-email-error`, both tied to the field
// with aria-describedby. For groups (radios, checkboxes, dates) the FIRST input carries
// `campo-<name>`, so an error summary link (`#campo-<name>`) always lands on a real input.
import type { ComponentChildren } from 'preact';
import { useView } from './context.ts';

/** The id of the form field named `name`: `campo-<name>`, with anything unusual in the name replaced by `-`. */
export function fieldId(name: string): string {
  return `campo-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function joinIds(...ids: Array<string | false | undefined>): string | undefined {
  const present = ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
  return present.length > 0 ? present.join(' ') : undefined;
}

function classes(...names: Array<string | false | undefined>): string {
  return names.filter(Boolean).join(' ');
}

// ---------------------------------------------------------------------------------------
// Navigation

export interface BreadcrumbItem {
  href: string;
  label: string;
}

/** Trail of links to the pages above this one. `items`: from the home page down, excluding this page. */
export function Breadcrumbs(props: { items: BreadcrumbItem[] }) {
  const { t } = useView();
  return (
    <nav class="breadcrumbs" aria-label={t('components.breadcrumbs')}>
      <ol>
        {props.items.map((item) => (
          <li key={item.href}>
            <a href={item.href}>{item.label}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** One entry of a pagination bar: a page number, or a gap (`…`) between numbers. */
export type PaginationEntry = { page: number } | { gap: true };

/**
 * The page numbers a pagination bar shows: the first, the last, the current one and its
 * neighbours, with gaps where pages are left out. Pure; `currentPage` is clamped to 1…totalPages.
 */
export function paginationEntries(currentPage: number, totalPages: number): PaginationEntry[] {
  if (totalPages < 1) return [];
  const current = Math.min(Math.max(1, Math.trunc(currentPage)), totalPages);
  const shown = [...new Set([1, current - 1, current, current + 1, totalPages])].filter((page) => page >= 1 && page <= totalPages).sort((a, b) => a - b);
  const entries: PaginationEntry[] = [];
  let previous = 0;
  for (const page of shown) {
    if (page - previous === 2) entries.push({ page: previous + 1 });
    else if (page - previous > 2) entries.push({ gap: true });
    entries.push({ page });
    previous = page;
  }
  return entries;
}

/**
 * Links to the other pages of a long list. Renders nothing when there is one page or none.
 * - `currentPage`: the page shown now (1-based); it is marked with aria-current="page".
 * - `totalPages`: how many pages there are.
 * - `href(page)`: builds the address of a page (plain links: works without JavaScript).
 * - `label`: the navigation's accessible name (default "Paginación"); give each pagination
 *   on one page its own label.
 */
export function Pagination(props: { currentPage: number; totalPages: number; href: (page: number) => string; label?: string }) {
  const { t } = useView();
  const { totalPages, href } = props;
  if (totalPages <= 1) return null;
  const current = Math.min(Math.max(1, Math.trunc(props.currentPage)), totalPages);
  return (
    <nav class="pagination" aria-label={props.label ?? t('components.pagination.label')}>
      {current > 1 ? (
        <p class="pagination__prev">
          <a href={href(current - 1)} rel="prev">
            <span class="pagination__arrow" aria-hidden="true">
              ←
            </span>
            <span>
              {t('components.pagination.previous')}
              <span class="visually-hidden"> {t('components.pagination.pageSuffix', { page: current - 1 })}</span>
            </span>
          </a>
        </p>
      ) : null}
      <ul class="pagination__list">
        {paginationEntries(current, totalPages).map((entry, index) =>
          'gap' in entry ? (
            <li key={`gap-${index}`} class="pagination__gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={entry.page} class={classes('pagination__item', entry.page === current && 'pagination__item--current')}>
              <a href={href(entry.page)} aria-current={entry.page === current ? 'page' : undefined}>
                <span class="visually-hidden">{t('components.pagination.page')} </span>
                {entry.page}
              </a>
            </li>
          ),
        )}
      </ul>
      {current < totalPages ? (
        <p class="pagination__next">
          <a href={href(current + 1)} rel="next">
            <span>
              {t('components.pagination.next')}
              <span class="visually-hidden"> {t('components.pagination.pageSuffix', { page: current + 1 })}</span>
            </span>
            <span class="pagination__arrow" aria-hidden="true">
              →
            </span>
          </a>
        </p>
      ) : null}
    </nav>
  );
}

// ---------------------------------------------------------------------------------------
// Actions

/**
 * A button, or a link that looks like one.
 * - `variant`: `primary` (default; the main action of a page), `secondary`, or `warning`
 *   (destructive actions).
 * - `href`: when given, renders an `<a>` (for navigation: "Start now", "Cancel");
 *   otherwise a `<button>` of `type` (`submit` by default).
 * - `name`, `value`: sent with the form when this button submits it.
 * - `preventDoubleClick`: with JavaScript on, ignores a second click within a second.
 */
export function Button(props: {
  children: ComponentChildren;
  variant?: 'primary' | 'secondary' | 'warning';
  href?: string;
  type?: 'submit' | 'button' | 'reset';
  name?: string;
  value?: string;
  disabled?: boolean;
  preventDoubleClick?: boolean;
}) {
  const className = classes('button', `button--${props.variant ?? 'primary'}`);
  if (props.href !== undefined) {
    return (
      <a class={className} href={props.href} draggable={false}>
        {props.children}
      </a>
    );
  }
  return (
    <button
      class={className}
      type={props.type ?? 'submit'}
      name={props.name}
      value={props.value}
      disabled={props.disabled}
      aria-disabled={props.disabled ? 'true' : undefined}
      data-prevent-double-click={props.preventDoubleClick ? 'true' : undefined}
    >
      {props.children}
    </button>
  );
}

/** A group of buttons and links side by side (stacked on narrow screens). */
export function ButtonGroup(props: { children: ComponentChildren }) {
  return <div class="button-group">{props.children}</div>;
}

/**
 * A form that POSTs (by default) with the CSRF field already inside, and the browser's own
 * validation bubbles turned off (`novalidate`) so our error summary and messages show instead.
 * - `action`: where it is sent (default: this same address).
 * - `method`: `post` (default) or `get` (searches and filters; no CSRF field then).
 */
export function Form(props: { action?: string; method?: 'post' | 'get'; id?: string; children: ComponentChildren }) {
  const method = props.method ?? 'post';
  return (
    <form action={props.action} method={method} id={props.id} novalidate>
      {method === 'post' ? <CsrfField /> : null}
      {props.children}
    </form>
  );
}

/** Hidden CSRF field; put it in every form that POSTs (`Form` already does). */
export function CsrfField() {
  const { csrfToken } = useView();
  return <input type="hidden" name="_csrf" value={csrfToken()} />;
}

// ---------------------------------------------------------------------------------------
// Form fields

/** Props every form field shares. */
export interface FieldProps {
  /** The form field name; the id is `fieldId(name)`. */
  name: string;
  /** The visible label (or legend for groups). */
  label: string;
  /** Help shown under the label, read out with the field. */
  hint?: string;
  /** Error message: when present the field shows it, gets aria-invalid and the error style. */
  error?: string;
  /** Appends "(optional)" to the label. Fields are required unless marked optional. */
  optional?: boolean;
  /** Renders the label (or legend) as the page's h1: for pages that ask one question. */
  isPageHeading?: boolean;
}

function Label(props: { htmlFor: string; text: string; optional?: boolean; isPageHeading?: boolean }) {
  const { t } = useView();
  const label = (
    <label class={classes('label', props.isPageHeading && 'label--heading')} for={props.htmlFor}>
      {props.text}
      {props.optional ? ` ${t('components.field.optional')}` : null}
    </label>
  );
  return props.isPageHeading ? <h1 class="label-wrapper">{label}</h1> : label;
}

function Hint(props: { id: string; text?: string }) {
  return props.text ? (
    <div class="hint" id={props.id}>
      {props.text}
    </div>
  ) : null;
}

function FieldError(props: { id: string; text?: string }) {
  const { t } = useView();
  return props.text ? (
    <p class="field-error" id={props.id}>
      <span class="visually-hidden">{t('components.field.errorPrefix')} </span>
      {props.text}
    </p>
  ) : null;
}

function fieldIds(name: string, hint?: string, error?: string) {
  const id = fieldId(name);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return { id, hintId, errorId, describedBy: joinIds(hint && hintId, error && errorId) };
}

/** Width of a text input, in characters it should fit; `full` (default) takes the whole column. */
export type FieldWidth = 'full' | '30' | '20' | '10' | '5' | '4' | '3' | '2';

/**
 * A one-line text input with its label, hint and error.
 * Props: `name`, `label`, `hint`, `error`, `optional`, `isPageHeading` (see FieldProps), and
 * - `value`: the current value (re-shown after an error).
 * - `type`: `text` (default), `email`, `tel`, `url`, `password`, `search` or `number`
 *   (prefer `text` with `inputmode="numeric"` for codes and identity numbers).
 * - `autocomplete`: the HTML autocomplete token (`name`, `email`, `tel`, `postal-code`, `off`…).
 * - `inputmode`: the on-screen keyboard (`numeric`, `decimal`, `tel`, `email`, `url`, `search`, `text`).
 * - `width`: see FieldWidth. `spellcheck`: turn spell checking on or off.
 * - `prefix`/`suffix`: short text shown before/after the box (e.g. "Bs", "kg").
 */
export function TextField(
  props: FieldProps & {
    value?: string;
    type?: 'text' | 'email' | 'tel' | 'url' | 'password' | 'search' | 'number';
    autocomplete?: string;
    inputmode?: 'none' | 'text' | 'decimal' | 'numeric' | 'tel' | 'search' | 'email' | 'url';
    width?: FieldWidth;
    spellcheck?: boolean;
    prefix?: string;
    suffix?: string;
  },
) {
  const { id, hintId, errorId, describedBy } = fieldIds(props.name, props.hint, props.error);
  const width = props.width ?? 'full';
  const input = (
    <input
      class={classes('input', width !== 'full' && `input--w${width}`, props.error && 'input--error')}
      id={id}
      name={props.name}
      // preact's types narrow the attributes by input type; these types all take the ones set here.
      type={(props.type ?? 'text') as 'text'}
      value={props.value ?? ''}
      autocomplete={props.autocomplete}
      inputMode={props.inputmode}
      spellcheck={props.spellcheck}
      aria-describedby={describedBy}
      aria-invalid={props.error ? 'true' : undefined}
    />
  );
  return (
    <div class={classes('field', props.error && 'field--error')}>
      <Label htmlFor={id} text={props.label} optional={props.optional} isPageHeading={props.isPageHeading} />
      <Hint id={hintId} text={props.hint} />
      <FieldError id={errorId} text={props.error} />
      {props.prefix || props.suffix ? (
        <div class="input-wrapper">
          {props.prefix ? (
            <span class="input-affix" aria-hidden="true">
              {props.prefix}
            </span>
          ) : null}
          {input}
          {props.suffix ? (
            <span class="input-affix" aria-hidden="true">
              {props.suffix}
            </span>
          ) : null}
        </div>
      ) : (
        input
      )}
    </div>
  );
}

/**
 * A multi-line text box. Props: `name`, `label`, `hint`, `error`, `optional`, `isPageHeading`
 * (see FieldProps), `value`, `rows` (default 5), `autocomplete`, `spellcheck`.
 */
export function TextArea(props: FieldProps & { value?: string; rows?: number; autocomplete?: string; spellcheck?: boolean }) {
  const { id, hintId, errorId, describedBy } = fieldIds(props.name, props.hint, props.error);
  return (
    <div class={classes('field', props.error && 'field--error')}>
      <Label htmlFor={id} text={props.label} optional={props.optional} isPageHeading={props.isPageHeading} />
      <Hint id={hintId} text={props.hint} />
      <FieldError id={errorId} text={props.error} />
      <textarea
        class={classes('textarea', props.error && 'textarea--error')}
        id={id}
        name={props.name}
        rows={props.rows ?? 5}
        autocomplete={props.autocomplete}
        spellcheck={props.spellcheck}
        aria-describedby={describedBy}
        aria-invalid={props.error ? 'true' : undefined}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

/** One option of a select, radios or checkboxes. `hint`: a line of help under the option (radios and checkboxes only). */
export interface ChoiceOption {
  value: string;
  label: string;
  hint?: string;
  disabled?: boolean;
}

/**
 * A drop-down list. Props: `name`, `label`, `hint`, `error`, `optional`, `isPageHeading`
 * (see FieldProps), `options`, `value` (the selected value), `placeholder` (a first,
 * empty-valued option such as "Choose a department"), `autocomplete`.
 * Prefer Radios when there are fewer than about 8 options.
 */
export function Select(props: FieldProps & { options: ChoiceOption[]; value?: string; placeholder?: string; autocomplete?: string }) {
  const { id, hintId, errorId, describedBy } = fieldIds(props.name, props.hint, props.error);
  return (
    <div class={classes('field', props.error && 'field--error')}>
      <Label htmlFor={id} text={props.label} optional={props.optional} isPageHeading={props.isPageHeading} />
      <Hint id={hintId} text={props.hint} />
      <FieldError id={errorId} text={props.error} />
      <select
        class={classes('select', props.error && 'select--error')}
        id={id}
        name={props.name}
        autocomplete={props.autocomplete}
        aria-describedby={describedBy}
        aria-invalid={props.error ? 'true' : undefined}
      >
        {props.placeholder !== undefined ? (
          <option value="" selected={!props.value}>
            {props.placeholder}
          </option>
        ) : null}
        {props.options.map((option) => (
          <option key={option.value} value={option.value} selected={option.value === props.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Fieldset(props: FieldProps & { hintId: string; errorId: string; describedBy?: string; children: ComponentChildren }) {
  const { t } = useView();
  const legendText = (
    <>
      {props.label}
      {props.optional ? ` ${t('components.field.optional')}` : null}
    </>
  );
  return (
    <div class={classes('field', props.error && 'field--error')}>
      <fieldset class="fieldset" aria-describedby={props.describedBy}>
        <legend class={classes('legend', props.isPageHeading && 'legend--heading')}>{props.isPageHeading ? <h1 class="legend__heading">{legendText}</h1> : legendText}</legend>
        <Hint id={props.hintId} text={props.hint} />
        <FieldError id={props.errorId} text={props.error} />
        {props.children}
      </fieldset>
    </div>
  );
}

function Choices(props: FieldProps & { type: 'radio' | 'checkbox'; options: ChoiceOption[]; isChecked: (value: string) => boolean; inline?: boolean }) {
  const { id, hintId, errorId, describedBy } = fieldIds(props.name, props.hint, props.error);
  return (
    <Fieldset {...props} hintId={hintId} errorId={errorId} describedBy={describedBy}>
      <div class={classes('choices', props.inline && 'choices--inline')}>
        {props.options.map((option, index) => {
          const optionId = index === 0 ? id : `${id}-${index + 1}`;
          const optionHintId = `${optionId}-hint`;
          return (
            <div class="choice" key={option.value}>
              <input
                class={`choice__input choice__input--${props.type}`}
                id={optionId}
                name={props.name}
                type={props.type}
                value={option.value}
                checked={props.isChecked(option.value)}
                disabled={option.disabled}
                aria-describedby={option.hint ? optionHintId : undefined}
                aria-invalid={props.error ? 'true' : undefined}
              />
              <label class="choice__label" for={optionId}>
                {option.label}
              </label>
              {option.hint ? (
                <div class="hint choice__hint" id={optionHintId}>
                  {option.hint}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}

/**
 * Pick one of a few options: a fieldset whose legend is `label`. Props: `name`, `label`,
 * `hint`, `error`, `optional`, `isPageHeading` (see FieldProps), `options` (each with an
 * optional `hint`), `value` (the checked value), `inline` (side by side, for two short options).
 * The first option has the id `campo-<name>`, the others `campo-<name>-2`, `-3`…
 */
export function Radios(props: FieldProps & { options: ChoiceOption[]; value?: string; inline?: boolean }) {
  return <Choices {...props} type="radio" isChecked={(value) => value === props.value} />;
}

/**
 * Pick any number of options: a fieldset whose legend is `label`. Props: `name`, `label`,
 * `hint`, `error`, `optional`, `isPageHeading` (see FieldProps), `options`, `values` (the
 * checked values). Ids as for Radios. For a single yes/no checkbox, pass one option.
 */
export function Checkboxes(props: FieldProps & { options: ChoiceOption[]; values?: string[] }) {
  const checked = new Set(props.values ?? []);
  return <Choices {...props} type="checkbox" isChecked={(value) => checked.has(value)} />;
}

/** The three parts of a date as typed (kept as text so a wrong entry can be shown back). */
export interface DateParts {
  day?: string;
  month?: string;
  year?: string;
}

/**
 * A date typed as day, month and year (the reliable way for dates people know, such as a
 * birth date). The inputs are named `<name>-day`, `<name>-month` and `<name>-year`; the day
 * input has the id `campo-<name>` (the error summary's target). Props: `name`, `label` (the
 * legend), `hint` (give an example: "Por ejemplo, 27 3 1990"), `error`, `optional`,
 * `isPageHeading`, `value`, and `autocomplete`: `bday` for a birth date (sets bday-day…).
 */
export function DateField(props: FieldProps & { value?: DateParts; autocomplete?: 'bday' }) {
  const { t } = useView();
  const { id, hintId, errorId, describedBy } = fieldIds(props.name, props.hint, props.error);
  const parts = [
    { part: 'day', id, label: t('components.date.day'), width: '2', max: 2 },
    { part: 'month', id: `${id}-month`, label: t('components.date.month'), width: '2', max: 2 },
    { part: 'year', id: `${id}-year`, label: t('components.date.year'), width: '4', max: 4 },
  ] as const;
  return (
    <Fieldset {...props} hintId={hintId} errorId={errorId} describedBy={describedBy}>
      <div class="date-input">
        {parts.map((part) => (
          <div class="date-input__item" key={part.part}>
            <label class="label date-input__label" for={part.id}>
              {part.label}
            </label>
            <input
              class={classes('input', `input--w${part.width}`, props.error && 'input--error')}
              id={part.id}
              name={`${props.name}-${part.part}`}
              type="text"
              inputMode="numeric"
              maxLength={part.max}
              value={props.value?.[part.part] ?? ''}
              autocomplete={props.autocomplete ? `bday-${part.part}` : undefined}
              aria-invalid={props.error ? 'true' : undefined}
            />
          </div>
        ))}
      </div>
    </Fieldset>
  );
}

// ---------------------------------------------------------------------------------------
// Messages

export interface ErrorSummaryItem {
  /** id of the field the message is about (the link target): `fieldId(name)`. */
  fieldId: string;
  message: string;
}

/** Error summary items from a `{ fieldName: message }` map, in the map's order (the form's order). */
export function summaryItems(errors: Record<string, string | undefined>): ErrorSummaryItem[] {
  return Object.entries(errors)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].length > 0)
    .map(([name, message]) => ({ fieldId: fieldId(name), message }));
}

/** The error summary's id: a form whose action ends in `#resumen-errores` comes back with the summary focused, even without JavaScript. */
export const ERROR_SUMMARY_ID = 'resumen-errores';

/**
 * The list of problems at the top of a form, each linked to its field (`#campo-<name>`).
 * Renders nothing when empty. Put it first in `main`, above the form, and start the page
 * title with "Error:". With JavaScript on it takes focus when the page loads, unless
 * `autofocus` is false (for pages that show it as an example). Its id is ERROR_SUMMARY_ID.
 */
export function ErrorSummary(props: { errors: ErrorSummaryItem[]; autofocus?: boolean }) {
  const { t } = useView();
  if (props.errors.length === 0) return null;
  return (
    <div class="error-summary" id={ERROR_SUMMARY_ID} role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-autofocus={props.autofocus === false ? 'false' : undefined}>
      <h2 id="error-summary-title" class="error-summary__title">
        {t('components.errorSummary.title')}
      </h2>
      <ul>
        {props.errors.map((error) => (
          <li key={error.fieldId}>
            <a href={`#${error.fieldId}`}>{error.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A boxed block of content. `tone`: `info` (default), `success` or `warning`. `title`: an h2 inside. */
export function Panel(props: { title?: string; tone?: 'info' | 'success' | 'warning'; children: ComponentChildren }) {
  return (
    <section class={`panel panel--${props.tone ?? 'info'}`}>
      {props.title ? <h2 class="panel__title">{props.title}</h2> : null}
      {props.children}
    </section>
  );
}

/** Text set apart with a bar on its left: a quote, an example, something to remember. */
export function InsetText(props: { children: ComponentChildren }) {
  return <div class="inset-text">{props.children}</div>;
}

/**
 * Something people must not miss. `tone`: `warning` (default: an "!" icon, and
 * "Advertencia:" for screen readers) or `info` (an "i" icon, "Importante:").
 */
export function Notice(props: { tone?: 'warning' | 'info'; children: ComponentChildren }) {
  const { t } = useView();
  const tone = props.tone ?? 'warning';
  return (
    <div class={`notice notice--${tone}`}>
      <span class="notice__icon" aria-hidden="true">
        {tone === 'warning' ? '!' : 'i'}
      </span>
      <div class="notice__text">
        <span class="visually-hidden">{tone === 'warning' ? t('components.notice.warning') : t('components.notice.info')} </span>
        {props.children}
      </div>
    </div>
  );
}

/**
 * A short status label. The text says the status; the colour only repeats it.
 * `tone`: `neutral` (default), `info`, `success`, `warning` or `danger`.
 */
export function Tag(props: { tone?: 'neutral' | 'info' | 'success' | 'warning' | 'danger'; children: ComponentChildren }) {
  return <strong class={`tag tag--${props.tone ?? 'neutral'}`}>{props.children}</strong>;
}

/** Extra detail people can open (native <details>: works without JavaScript). `summary`: the always-visible line. */
export function Details(props: { summary: string; open?: boolean; children: ComponentChildren }) {
  return (
    <details class="details" open={props.open}>
      <summary class="details__summary">{props.summary}</summary>
      <div class="details__text">{props.children}</div>
    </details>
  );
}

// ---------------------------------------------------------------------------------------
// Data

/** A column of a Table. `numeric`: right-aligned with tabular figures (amounts, counts). */
export interface TableColumn {
  label: string;
  numeric?: boolean;
}

/**
 * A data table that stays usable on narrow screens: it scrolls sideways inside a focusable
 * region (tabindex 0, role region, named by the caption) instead of widening the page.
 * - `caption`: what the table shows (required: it names the table and its region).
 * - `captionHidden`: hide the caption visually (when a heading right above says the same).
 * - `columns`: head cells (th scope="col").
 * - `rows`: the cells of each row, in column order (text, numbers or elements).
 * - `rowHeaders`: the first cell of each row is its header (th scope="row").
 */
export function Table(props: { caption: string; captionHidden?: boolean; columns: TableColumn[]; rows: ComponentChildren[][]; rowHeaders?: boolean; id?: string }) {
  const numeric = (index: number) => props.columns[index]?.numeric === true;
  return (
    <div class="table-scroll" role="region" aria-label={props.caption} id={props.id} tabIndex={0}>
      <table class="table">
        <caption class={classes('table__caption', props.captionHidden && 'visually-hidden')}>
          <span class="table__caption-text">{props.caption}</span>
        </caption>
        <thead>
          <tr>
            {props.columns.map((column, index) => (
              <th key={index} scope="col" class={classes('table__header', column.numeric && 'table__cell--numeric')}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, index) =>
                index === 0 && props.rowHeaders ? (
                  <th key={index} scope="row" class={classes('table__header', numeric(index) && 'table__cell--numeric')}>
                    {cell}
                  </th>
                ) : (
                  <td key={index} class={classes('table__cell', numeric(index) && 'table__cell--numeric')}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A row of a SummaryList. `change`: a link to change this answer; its hidden text names the row (`key` unless `label` given). */
export interface SummaryRow {
  key: string;
  value: ComponentChildren;
  change?: { href: string; label?: string };
}

/** Key/value pairs, such as the answers to check before sending a form: a `<dl>` with an optional change link per row. */
export function SummaryList(props: { rows: SummaryRow[] }) {
  const { t } = useView();
  return (
    <dl class="summary-list">
      {props.rows.map((row) => (
        <div class="summary-list__row" key={row.key}>
          <dt class="summary-list__key">{row.key}</dt>
          <dd class="summary-list__value">{row.value}</dd>
          {row.change ? (
            <dd class="summary-list__actions">
              <a href={row.change.href}>
                {t('components.summaryList.change')}
                <span class="visually-hidden"> {row.change.label ?? row.key}</span>
              </a>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
