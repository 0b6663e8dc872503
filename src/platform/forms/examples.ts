// A form definition using every component type: documentation by example, a fixture for
// tests and a starting point for publishers.
import type { FormDefinition } from './form.types.ts';

const lt = (es: string, en: string) => ({ es, en });

export const exampleFormDefinition: FormDefinition = {
  version: 1,
  pages: [
    {
      id: 'solicitante',
      title: lt('Sus datos', 'Your details'),
      components: [
        { id: 'fullName', type: 'text', label: lt('Nombre completo', 'Full name'), prefill: 'fullName', maxLength: 120 },
        { id: 'document', type: 'identityDocument', label: lt('Documento de identidad', 'Identity document'), prefill: 'identityDocument' },
        { id: 'birthDate', type: 'date', label: lt('Fecha de nacimiento', 'Date of birth'), max: 'today', prefill: 'birthDate' },
        { id: 'email', type: 'email', label: lt('Correo electrónico', 'Email address'), prefill: 'email' },
        { id: 'phone', type: 'phone', label: lt('Teléfono', 'Phone number'), optional: true, prefill: 'phone' },
      ],
    },
    {
      id: 'domicilio',
      title: lt('¿Dónde vive?', 'Where do you live?'),
      components: [
        { id: 'address', type: 'address', label: lt('Domicilio', 'Address') },
        { id: 'municipality', type: 'territory', label: lt('Municipio', 'Municipality'), level: 'municipio' },
      ],
    },
    {
      id: 'motivo',
      title: lt('¿Para qué lo necesita?', 'What do you need it for?'),
      components: [
        {
          id: 'purpose',
          type: 'radios',
          label: lt('Motivo', 'Purpose'),
          options: [
            { value: 'work', label: lt('Trabajo', 'Work') },
            { value: 'study', label: lt('Estudios', 'Studies') },
            { value: 'other', label: lt('Otro', 'Other') },
          ],
        },
      ],
    },
    {
      id: 'otro-motivo',
      title: lt('Describa el motivo', 'Describe the purpose'),
      showIf: { field: 'purpose', equals: 'other' },
      components: [{ id: 'purposeOther', type: 'longText', label: lt('Motivo', 'Purpose'), maxLength: 500 }],
    },
    {
      id: 'estudios',
      title: lt('Sus estudios', 'Your studies'),
      showIf: { field: 'purpose', equals: 'study' },
      components: [
        {
          id: 'level',
          type: 'select',
          label: lt('Nivel', 'Level'),
          options: [
            { value: 'school', label: lt('Secundaria', 'Secondary school') },
            { value: 'university', label: lt('Universidad', 'University') },
          ],
        },
        { id: 'years', type: 'number', label: lt('Años de estudio', 'Years of study'), integer: true, min: 1, max: 20 },
      ],
    },
    {
      id: 'familia',
      title: lt('Su familia', 'Your family'),
      components: [
        { id: 'hasChildren', type: 'yesNo', label: lt('¿Tiene hijos o hijas menores de edad?', 'Do you have children under 18?') },
        {
          id: 'children',
          type: 'group',
          label: lt('Hijos e hijas', 'Children'),
          itemLabel: lt('Hijo o hija', 'Child'),
          optional: true,
          maxItems: 10,
          components: [
            { id: 'childName', type: 'text', label: lt('Nombre', 'Name') },
            { id: 'childBirthDate', type: 'date', label: lt('Fecha de nacimiento', 'Date of birth'), max: 'today' },
          ],
        },
        {
          id: 'benefits',
          type: 'checkboxes',
          label: lt('Beneficios que recibe', 'Benefits you receive'),
          optional: true,
          options: [
            { value: 'health', label: lt('Seguro de salud', 'Health insurance') },
            { value: 'housing', label: lt('Vivienda', 'Housing') },
          ],
        },
      ],
    },
    {
      id: 'documentos',
      title: lt('Documentos', 'Documents'),
      components: [{ id: 'proof', type: 'file', label: lt('Comprobante', 'Proof'), accept: ['application/pdf', 'image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024 }],
    },
  ],
  rules: [
    { field: 'hasChildren', when: { field: 'hasChildren', equals: true }, assert: { field: 'children', answered: true }, message: lt('Añada al menos un hijo o hija', 'Add at least one child') },
  ],
};
