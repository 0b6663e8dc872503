// What every form field promises (see fields.tsx): ids, label, hint and error tied to the control.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { createFormatter } from '../../i18n/format.ts';
import type { ViewContext } from '../context.ts';
import { ViewContextProvider } from '../context.ts';
import { DateField, Field, Radios, Select, TextArea, TextField } from '../components.tsx';

const view = {
  locale: 'es',
  language: 'es',
  languages: ['es', 'en'],
  t: (key: string) => `«${key}»`,
  format: createFormatter('es', { region: 'BO', timeZone: 'America/La_Paz' }),
  csrfToken: () => 'token',
  path: '/',
  nav: [],
  asset: (file: string) => file,
  siteName: 'Tambo',
  countryName: 'Bolivia',
} as unknown as ViewContext;

const render = (node: ComponentChildren) => renderToString(<ViewContextProvider.Provider value={view}>{node}</ViewContextProvider.Provider>);

it('a field with hint and error ties both to its control, in that order, and marks it invalid', () => {
  const html = render(<TextField name="email" label="Correo" hint="Ejemplo" error="Falta" value="a@b" />);
  assert.match(html, /^<div class="field field--error"><label class="label" for="campo-email">Correo<\/label>/);
  assert.match(html, /<div class="hint" id="campo-email-hint">Ejemplo<\/div>/);
  assert.match(html, /<p class="field-error" id="campo-email-error"><span class="visually-hidden">«components.field.errorPrefix» <\/span>Falta<\/p>/);
  assert.match(html, /<input class="input input--error" id="campo-email" name="email" type="text" value="a@b" aria-describedby="campo-email-hint campo-email-error" aria-invalid="true"\/>/);
});

it('a field without hint or error has no described-by, no invalid mark, and an optional label says so', () => {
  const html = render(<TextArea name="notes" label="Notas" optional />);
  assert.match(html, /for="campo-notes">Notas «components.field.optional»<\/label>/);
  assert.doesNotMatch(html, /aria-describedby|aria-invalid|class="hint"|field-error/);
});

it('a page-heading label is the h1, and every one-control field shares the same block', () => {
  assert.match(
    render(<Select name="dep" label="Departamento" isPageHeading options={[{ value: 'lp', label: 'La Paz' }]} />),
    /^<div class="field"><h1 class="label-wrapper"><label class="label label--heading" for="campo-dep">/,
  );
  const custom = render(
    <Field name="x" label="X" error="Mal">
      {(ids) => <input id={ids.id} aria-describedby={ids.describedBy} />}
    </Field>,
  );
  assert.equal(
    custom,
    '<div class="field field--error"><label class="label" for="campo-x">X</label><p class="field-error" id="campo-x-error"><span class="visually-hidden">«components.field.errorPrefix» </span>Mal</p><input id="campo-x" aria-describedby="campo-x-error"/></div>',
  );
});

it('groups put hint and error on the fieldset and the field id on their first input', () => {
  const radios = render(
    <Radios
      name="si"
      label="¿Sí?"
      hint="Elija"
      options={[
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ]}
      value="b"
    />,
  );
  assert.match(radios, /<fieldset class="fieldset" aria-describedby="campo-si-hint"><legend class="legend">¿Sí\?<\/legend>/);
  assert.match(radios, /id="campo-si" name="si" type="radio" value="a"/);
  assert.match(radios, /id="campo-si-2" name="si" type="radio" value="b" checked/);
  const date = render(<DateField name="nac" label="Nacimiento" error="Fecha inválida" />);
  assert.match(date, /aria-describedby="campo-nac-error"/);
  assert.match(date, /id="campo-nac" name="nac-day"/);
  assert.match(date, /id="campo-nac-year" name="nac-year"/);
});
