// What the administration pages share (agencies' systems, in-person verification, roles of
// officials, signing keys: one file of views each), and the administration home. Plain forms
// that POST with CSRF; errors re-render the form with what was typed and a summary linked to the fields.
import { Panel, Select, TextField, fieldId } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Agency } from '../../agencies/index.ts';

export type FormErrors = Record<string, string | undefined>;

export const agencyLabel = (agency: Agency) => `${agency.name} (${agency.acronym})`;

export function agencyName(agencies: Agency[], code: string | null): string {
  const agency = agencies.find((a) => a.code === code);
  return agency ? agencyLabel(agency) : (code ?? '—');
}

/** A value to copy once (a secret, a temporary password): a read-only box with its label. */
export function OnceValue(props: { name: string; label: string; value: string }) {
  const id = fieldId(props.name);
  return (
    <div class="field">
      <label class="label" for={id}>
        {props.label}
      </label>
      <input class="input" id={id} type="text" readOnly value={props.value} autocomplete="off" spellcheck={false} />
    </div>
  );
}

export function Done(props: { message: string | undefined }) {
  return props.message ? (
    <Panel tone="success">
      <p role="status">{props.message}</p>
    </Panel>
  ) : null;
}

export interface DocumentTypeOption {
  code: string;
  label: string;
  example: string;
}

export interface SearchValues {
  documentType: string;
  documentNumber: string;
}
export function DocumentFields(props: { values: SearchValues; errors: FormErrors; documentTypes: DocumentTypeOption[] }) {
  const { t } = useView();
  const type = props.documentTypes.find((d) => d.code === props.values.documentType) ?? props.documentTypes[0];
  return (
    <>
      <Select
        name="documentType"
        label={t('identity.registrar.field.documentType')}
        options={props.documentTypes.map((d) => ({ value: d.code, label: d.label }))}
        value={props.values.documentType}
        error={props.errors.documentType}
      />
      <TextField
        name="documentNumber"
        label={t('identity.registrar.field.documentNumber')}
        hint={type ? t('identity.registrar.hint.documentNumber', { example: type.example }) : undefined}
        value={props.values.documentNumber}
        width="20"
        spellcheck={false}
        autocomplete="off"
        error={props.errors.documentNumber}
      />
    </>
  );
}

// ---------------------------------------------------------------------------------------
// Where each administration area is, for the signed-in person

/** `moduleAreas`: other modules' admin pages this person may use (see `adminLinks` in defineModule), already translated. */
export function AdminHomePage(props: { canManageClients: boolean; canManageRoles: boolean; isRegistrar: boolean; moduleAreas: Array<{ href: string; title: string; text: string }> }) {
  const { t } = useView();
  const areas = [
    props.canManageClients ? { href: '/admin/clientes', title: t('identity.admin.clients.heading'), text: t('identity.admin.home.clients') } : undefined,
    props.canManageClients ? { href: '/admin/llaves', title: t('identity.keys.heading'), text: t('identity.admin.home.keys') } : undefined,
    props.canManageRoles ? { href: '/admin/roles', title: t('identity.roles.heading'), text: t('identity.admin.home.roles') } : undefined,
    props.isRegistrar ? { href: '/registrar', title: t('identity.registrar.heading'), text: t('identity.admin.home.registrar') } : undefined,
    ...props.moduleAreas,
  ].filter((area) => area !== undefined);
  return (
    <>
      <h1>{t('identity.admin.home.heading')}</h1>
      <ul>
        {areas.map((area) => (
          <li>
            <a href={area.href}>{area.title}</a>: {area.text}
          </li>
        ))}
      </ul>
    </>
  );
}
