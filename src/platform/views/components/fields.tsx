// Form fields. A form field named `email` has the id `campo-email` (see `fieldId`). Its hint
// is `campo-email-hint` and its error message `campo-email-error`, both tied to the field
// with aria-describedby. For groups (radios, checkboxes, dates) the FIRST input carries
// `campo-<name>`, so an error summary link (`#campo-<name>`) always lands on a real input.
import type { ComponentChildren } from 'preact';
import { useView } from '../context.ts';
import { classes, fieldId, joinIds } from './html.ts';

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

/** The ids of a field's parts (see the file's first comment). */
export interface FieldIds {
  /** The control's id: `campo-<name>`. */
  id: string;
  hintId: string;
  errorId: string;
  /** The hint and error ids that are shown, for aria-describedby (undefined when neither is). */
  describedBy?: string;
}

function fieldIds(name: string, hint?: string, error?: string): FieldIds {
  const id = fieldId(name);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return { id, hintId, errorId, describedBy: joinIds(hint && hintId, error && errorId) };
}

/** The attributes a control takes from its field: described by the hint and error, invalid when there is an error. */
function controlAria(ids: FieldIds, error?: string) {
  return { 'aria-describedby': ids.describedBy, 'aria-invalid': error ? ('true' as const) : undefined };
}

/**
 * The block every one-control field shares: the label, hint and error message above the
 * control, with their ids tied to it. `children` renders the control from the ids.
 * For a group of inputs (radios, checkboxes, a date) see Fieldset.
 */
export function Field(props: FieldProps & { children: (ids: FieldIds) => ComponentChildren }) {
  const ids = fieldIds(props.name, props.hint, props.error);
  return (
    <div class={classes('field', props.error && 'field--error')}>
      <Label htmlFor={ids.id} text={props.label} optional={props.optional} isPageHeading={props.isPageHeading} />
      <Hint id={ids.hintId} text={props.hint} />
      <FieldError id={ids.errorId} text={props.error} />
      {props.children(ids)}
    </div>
  );
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
  const width = props.width ?? 'full';
  return (
    <Field {...props}>
      {(ids) => {
        const input = (
          <input
            class={classes('input', width !== 'full' && `input--w${width}`, props.error && 'input--error')}
            id={ids.id}
            name={props.name}
            // preact's types narrow the attributes by input type; these types all take the ones set here.
            type={(props.type ?? 'text') as 'text'}
            value={props.value ?? ''}
            autocomplete={props.autocomplete}
            inputMode={props.inputmode}
            spellcheck={props.spellcheck}
            {...controlAria(ids, props.error)}
          />
        );
        return props.prefix || props.suffix ? (
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
        );
      }}
    </Field>
  );
}

/**
 * A multi-line text box. Props: `name`, `label`, `hint`, `error`, `optional`, `isPageHeading`
 * (see FieldProps), `value`, `rows` (default 5), `autocomplete`, `spellcheck`.
 */
export function TextArea(props: FieldProps & { value?: string; rows?: number; autocomplete?: string; spellcheck?: boolean }) {
  return (
    <Field {...props}>
      {(ids) => (
        <textarea
          class={classes('textarea', props.error && 'textarea--error')}
          id={ids.id}
          name={props.name}
          rows={props.rows ?? 5}
          autocomplete={props.autocomplete}
          spellcheck={props.spellcheck}
          {...controlAria(ids, props.error)}
        >
          {props.value ?? ''}
        </textarea>
      )}
    </Field>
  );
}

/**
 * A file input with its label, hint and error (a plain input: it works without JavaScript; the
 * form needs `enctype="multipart/form-data"`). Props: `name`, `label`, `hint`, `error`,
 * `optional` (see FieldProps), `accept` (types offered by the browser's picker; the server
 * checks the content anyway), `multiple`.
 */
export function FileField(props: FieldProps & { accept: string; multiple?: boolean }) {
  return (
    <Field {...props}>{(ids) => <input class="file-upload" type="file" id={ids.id} name={props.name} accept={props.accept} multiple={props.multiple} {...controlAria(ids, props.error)} />}</Field>
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
  return (
    <Field {...props}>
      {(ids) => (
        <select class={classes('select', props.error && 'select--error')} id={ids.id} name={props.name} autocomplete={props.autocomplete} {...controlAria(ids, props.error)}>
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
      )}
    </Field>
  );
}

/**
 * The block every group of inputs shares (radios, checkboxes, a date): a fieldset whose legend
 * is the label, with the hint and error message; `children` renders the inputs from the ids.
 */
export function Fieldset(props: FieldProps & { children: (ids: FieldIds) => ComponentChildren }) {
  const { t } = useView();
  const ids = fieldIds(props.name, props.hint, props.error);
  const legendText = (
    <>
      {props.label}
      {props.optional ? ` ${t('components.field.optional')}` : null}
    </>
  );
  return (
    <div class={classes('field', props.error && 'field--error')}>
      <fieldset class="fieldset" aria-describedby={ids.describedBy}>
        <legend class={classes('legend', props.isPageHeading && 'legend--heading')}>{props.isPageHeading ? <h1 class="legend__heading">{legendText}</h1> : legendText}</legend>
        <Hint id={ids.hintId} text={props.hint} />
        <FieldError id={ids.errorId} text={props.error} />
        {props.children(ids)}
      </fieldset>
    </div>
  );
}

function Choices(props: FieldProps & { type: 'radio' | 'checkbox'; options: ChoiceOption[]; isChecked: (value: string) => boolean; inline?: boolean }) {
  return (
    <Fieldset {...props}>
      {({ id }) => (
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
      )}
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
  const id = fieldId(props.name);
  const parts = [
    { part: 'day', id, label: t('components.date.day'), width: '2', max: 2 },
    { part: 'month', id: `${id}-month`, label: t('components.date.month'), width: '2', max: 2 },
    { part: 'year', id: `${id}-year`, label: t('components.date.year'), width: '4', max: 4 },
  ] as const;
  return (
    <Fieldset {...props}>
      {() => (
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
      )}
    </Fieldset>
  );
}
