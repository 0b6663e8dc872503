// Content: messages (error summary, panels, notices, tags, details) and data (tables, summary lists).
import type { ComponentChildren } from 'preact';
import { useView } from '../context.ts';
import { classes, fieldId } from './html.ts';

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
    // A region that scrolls sideways must be reachable by keyboard (axe: scrollable-region-focusable).
    <div class="table-scroll" role="region" aria-label={props.caption} tabIndex={0} id={props.id}>
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
