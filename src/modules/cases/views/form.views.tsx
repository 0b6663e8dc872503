// Rendering a form definition's page as HTML fields (no JavaScript needed).
import type { CountryProfile } from '../../../platform/country/index.ts';
import type { FieldComponent, FormComponent, FormFields, LocalizedText } from '../../../platform/forms/index.ts';
import type { ComponentChildren } from 'preact';
import { Checkboxes, CsrfField, DateField, Form, Radios, Select, TextArea, TextField, fieldId } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';

/**
 * A publisher's text in the page's language: its own text in Quechua, Aymara or Guaraní where the
 * data has it, Spanish otherwise (English in English). Pass the page's `language`.
 */
export const localized = (text: LocalizedText, language: string) => (language === 'en' ? text.en : ((text as unknown as Record<string, string | undefined>)[language] ?? text.es));

const one = (fields: FormFields, name: string) => {
  const value = fields[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
};

export type TerritoryChoices = Record<string, Array<{ value: string; label: string }>>;

function Field(props: { component: FieldComponent; name: string; fields: FormFields; errors: Record<string, string>; country: CountryProfile; territories: TerritoryChoices }) {
  const { t, language } = useView();
  const { component, name, fields, errors } = props;
  const common = { label: localized(component.label, language), hint: component.hint ? localized(component.hint, language) : undefined, optional: component.optional };
  const options = 'options' in component ? component.options.map((o) => ({ value: o.value, label: localized(o.label, language) })) : [];
  switch (component.type) {
    case 'longText':
      return <TextArea {...common} name={name} value={one(fields, name)} error={errors[name]} />;
    case 'date':
      return <DateField {...common} name={name} value={{ day: one(fields, `${name}-day`), month: one(fields, `${name}-month`), year: one(fields, `${name}-year`) }} error={errors[name]} />;
    case 'select':
      return <Select {...common} name={name} options={options} value={one(fields, name)} placeholder={t('cases.form.choose')} error={errors[name]} />;
    case 'radios':
      return <Radios {...common} name={name} options={options} value={one(fields, name)} error={errors[name]} />;
    case 'checkboxes': {
      const value = fields[name];
      return <Checkboxes {...common} name={name} options={options} values={Array.isArray(value) ? value : value ? [value] : []} error={errors[name]} />;
    }
    case 'yesNo':
      return (
        <Radios
          {...common}
          name={name}
          inline
          options={[
            { value: 'yes', label: t('cases.form.yes') },
            { value: 'no', label: t('cases.form.no') },
          ]}
          value={one(fields, name)}
          error={errors[name]}
        />
      );
    case 'identityDocument': {
      const types = props.country.identityDocuments.filter((d) => !component.documentTypes || component.documentTypes.includes(d.code));
      return (
        <fieldset class="fieldset">
          <legend class="fieldset__legend">{common.label}</legend>
          <Select
            name={`${name}-type`}
            label={t('cases.form.documentType')}
            options={types.map((d) => ({ value: d.code, label: localized(d.name, language) }))}
            value={one(fields, `${name}-type`)}
            placeholder={t('cases.form.choose')}
            error={errors[`${name}-type`]}
          />
          <TextField
            name={`${name}-number`}
            label={t('cases.form.documentNumber')}
            hint={t('cases.form.documentExample', { example: types[0]?.example ?? '' })}
            value={one(fields, `${name}-number`)}
            width="20"
            error={errors[`${name}-number`]}
          />
        </fieldset>
      );
    }
    case 'address':
      return (
        <fieldset class="fieldset">
          <legend class="fieldset__legend">{common.label}</legend>
          <TextField name={`${name}-line1`} label={t('cases.form.addressLine1')} value={one(fields, `${name}-line1`)} autocomplete="address-line1" error={errors[`${name}-line1`]} />
          <TextField name={`${name}-line2`} label={t('cases.form.addressLine2')} optional value={one(fields, `${name}-line2`)} autocomplete="address-line2" error={errors[`${name}-line2`]} />
          <TextField
            name={`${name}-territory`}
            label={t('cases.form.territory')}
            hint={t('cases.form.territoryHint', { example: props.country.terms.territoryExample })}
            optional
            value={one(fields, `${name}-territory`)}
            width="20"
            error={errors[`${name}-territory`]}
          />
        </fieldset>
      );
    case 'territory': {
      const choices = component.level ? props.territories[component.level] : undefined;
      if (choices && choices.length > 0) return <Select {...common} name={name} options={choices} value={one(fields, name)} placeholder={t('cases.form.choose')} error={errors[name]} />;
      return (
        <TextField
          {...common}
          name={name}
          hint={common.hint ?? t('cases.form.territoryHint', { example: props.country.terms.territoryExample })}
          value={one(fields, name)}
          width="20"
          error={errors[name]}
        />
      );
    }
    case 'file': {
      const id = fieldId(name);
      const hint = common.hint ?? t('cases.form.fileHint', { types: component.accept.map((type) => type.split('/')[1]!.toUpperCase()).join(', '), max: Math.floor(component.maxBytes / 1048576) || 1 });
      const current = one(fields, `${name}-current`);
      const error = errors[name];
      return (
        <div class={error ? 'field field--error' : 'field'}>
          <label class="label" for={id}>
            {common.label}
            {common.optional ? ` ${t('components.field.optional')}` : null}
          </label>
          <div class="hint" id={`${id}-hint`}>
            {hint}
            {current ? ` ${t('cases.form.fileCurrent', { name: current })}` : null}
          </div>
          {error ? (
            <p class="field-error" id={`${id}-error`}>
              <span class="visually-hidden">{t('components.field.errorPrefix')} </span>
              {error}
            </p>
          ) : null}
          <input
            class="file-upload"
            id={id}
            name={name}
            type="file"
            accept={component.accept.join(',')}
            aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
            aria-invalid={error ? 'true' : undefined}
          />
        </div>
      );
    }
    case 'number':
      return <TextField {...common} name={name} inputmode={component.integer ? 'numeric' : 'decimal'} width="10" value={one(fields, name)} error={errors[name]} />;
    case 'email':
      return <TextField {...common} name={name} type="email" autocomplete="email" spellcheck={false} value={one(fields, name)} error={errors[name]} />;
    case 'phone':
      return <TextField {...common} name={name} type="tel" autocomplete="tel" width="20" value={one(fields, name)} error={errors[name]} />;
    default:
      return <TextField {...common} name={name} value={one(fields, name)} error={errors[name]} />;
  }
}

/** The fields of a list of components; groups show their items and one empty item to add another. */
export function FormFieldsView(props: {
  components: FormComponent[];
  fields: FormFields;
  errors: Record<string, string>;
  country: CountryProfile;
  territories: TerritoryChoices;
  itemCount: (group: FormComponent) => number;
}) {
  const { t, language } = useView();
  return (
    <>
      {props.components.map((component) => {
        if (component.type !== 'group')
          return <Field key={component.id} component={component} name={component.id} fields={props.fields} errors={props.errors} country={props.country} territories={props.territories} />;
        const count = props.itemCount(component) + 1;
        return (
          <fieldset class="fieldset" key={component.id}>
            <legend class="fieldset__legend fieldset__legend--m">{localized(component.label, language)}</legend>
            {props.errors[component.id] ? (
              <p class="field-error" id={`campo-${component.id}`}>
                {props.errors[component.id]}
              </p>
            ) : null}
            {Array.from({ length: count }, (_, i) => (
              <fieldset class="fieldset" key={i}>
                <legend class="fieldset__legend">{t('cases.form.item', { label: localized(component.itemLabel, language), n: i + 1 })}</legend>
                {i === count - 1 ? <p class="hint">{t('cases.form.addAnother')}</p> : null}
                {component.components.map((member) => (
                  <Field
                    key={member.id}
                    component={member}
                    name={`${component.id}.${i}.${member.id}`}
                    fields={props.fields}
                    errors={props.errors}
                    country={props.country}
                    territories={props.territories}
                  />
                ))}
              </fieldset>
            ))}
          </fieldset>
        );
      })}
    </>
  );
}

/** A POST form; multipart (with the CSRF field first) when it has file fields. */
export function PostForm(props: { action: string; components: FormComponent[]; children: ComponentChildren }) {
  const hasFiles = props.components.some((c) => c.type === 'file' || (c.type === 'group' && c.components.some((m) => m.type === 'file')));
  if (!hasFiles) return <Form action={props.action}>{props.children}</Form>;
  return (
    <form action={props.action} method="post" enctype="multipart/form-data" novalidate>
      <CsrfField />
      {props.children}
    </form>
  );
}
