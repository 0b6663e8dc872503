// A form definition using every component type: documentation by example, a fixture for
// tests and a starting point for publishers.
import type { FormDefinition } from './form.types.ts';

const t = (es: string, en: string) => ({ es, en });

export const exampleFormDefinition: FormDefinition = {
  version: 1,
  pages: [
    {
      id: 'solicitante',
      title: t('Sus datos', 'Your details'),
      components: [
        { id: 'fullName', type: 'text', label: t('Nombre completo', 'Full name'), prefill: 'fullName', maxLength: 120 },
        { id: 'document', type: 'identityDocument', label: t('Documento de identidad', 'Identity document'), prefill: 'identityDocument' },
        { id: 'birthDate', type: 'date', label: t('Fecha de nacimiento', 'Date of birth'), max: 'today', prefill: 'birthDate' },
        { id: 'email', type: 'email', label: t('Correo electrónico', 'Email address'), prefill: 'email' },
        { id: 'phone', type: 'phone', label: t('Teléfono', 'Phone number'), optional: true, prefill: 'phone' },
      ],
    },
    {
      id: 'domicilio',
      title: t('¿Dónde vive?', 'Where do you live?'),
      components: [
        { id: 'address', type: 'address', label: t('Domicilio', 'Address') },
        { id: 'municipality', type: 'territory', label: t('Municipio', 'Municipality'), level: 'municipio' },
      ],
    },
    {
      id: 'motivo',
      title: t('¿Para qué lo necesita?', 'What do you need it for?'),
      components: [
        {
          id: 'purpose',
          type: 'radios',
          label: t('Motivo', 'Purpose'),
          options: [
            { value: 'work', label: t('Trabajo', 'Work') },
            { value: 'study', label: t('Estudios', 'Studies') },
            { value: 'other', label: t('Otro', 'Other') },
          ],
        },
      ],
    },
    {
      id: 'otro-motivo',
      title: t('Describa el motivo', 'Describe the purpose'),
      showIf: { field: 'purpose', equals: 'other' },
      components: [{ id: 'purposeOther', type: 'longText', label: t('Motivo', 'Purpose'), maxLength: 500 }],
    },
    {
      id: 'estudios',
      title: t('Sus estudios', 'Your studies'),
      showIf: { field: 'purpose', equals: 'study' },
      components: [
        {
          id: 'level',
          type: 'select',
          label: t('Nivel', 'Level'),
          options: [
            { value: 'school', label: t('Secundaria', 'Secondary school') },
            { value: 'university', label: t('Universidad', 'University') },
          ],
        },
        { id: 'years', type: 'number', label: t('Años de estudio', 'Years of study'), integer: true, min: 1, max: 20 },
      ],
    },
    {
      id: 'familia',
      title: t('Su familia', 'Your family'),
      components: [
        { id: 'hasChildren', type: 'yesNo', label: t('¿Tiene hijos o hijas menores de edad?', 'Do you have children under 18?') },
        {
          id: 'children',
          type: 'group',
          label: t('Hijos e hijas', 'Children'),
          itemLabel: t('Hijo o hija', 'Child'),
          optional: true,
          maxItems: 10,
          components: [
            { id: 'childName', type: 'text', label: t('Nombre', 'Name') },
            { id: 'childBirthDate', type: 'date', label: t('Fecha de nacimiento', 'Date of birth'), max: 'today' },
          ],
        },
        {
          id: 'benefits',
          type: 'checkboxes',
          label: t('Beneficios que recibe', 'Benefits you receive'),
          optional: true,
          options: [
            { value: 'health', label: t('Seguro de salud', 'Health insurance') },
            { value: 'housing', label: t('Vivienda', 'Housing') },
          ],
        },
      ],
    },
    {
      id: 'documentos',
      title: t('Documentos', 'Documents'),
      components: [{ id: 'proof', type: 'file', label: t('Comprobante', 'Proof'), accept: ['application/pdf', 'image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024 }],
    },
  ],
  rules: [{ field: 'hasChildren', when: { field: 'hasChildren', equals: true }, assert: { field: 'children', answered: true }, message: t('Añada al menos un hijo o hija', 'Add at least one child') }],
};
