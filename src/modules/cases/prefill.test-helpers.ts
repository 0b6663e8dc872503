// What the once-only tests share (test code): two short forms whose fields name registry
// services of the demo exchange (SERECI's persons, SEPREC's economic units), and the demo
// services pointed at a demo producer the test started (the seed points them at PORT + 2).
import type { FormDefinition } from '../../platform/forms/index.ts';
import type { Deps } from '../../platform/module.ts';
import { publishService } from '../interop/interop.service.ts';
import { DEMO_PRODUCER_OPENAPI } from '../interop/sandbox/server.ts';

const lt = (es: string, en: string) => ({ es, en });
const PERSON = { service: 'SERECI/demo/personas', path: '/personas/persona/{document}' };
const UNIT = { service: 'SEPREC/demo/unidades', path: '/unidades/unidad/{unit}' };

/** Birth facts from SERECI (not editable), then a question. */
export const personsForm: FormDefinition = {
  version: 1,
  pages: [
    {
      id: 'nacimiento',
      title: lt('Datos de nacimiento', 'Birth details'),
      components: [
        { id: 'birthDate', type: 'date', label: lt('Fecha de nacimiento', 'Date of birth'), max: 'today', prefill: { ...PERSON, field: 'birthDate' } },
        { id: 'birthPlace', type: 'text', label: lt('Lugar de nacimiento', 'Place of birth'), maxLength: 200, prefill: { ...PERSON, field: 'birthPlace' } },
      ],
    },
    {
      id: 'motivo',
      title: lt('Motivo', 'Purpose'),
      components: [
        {
          id: 'purpose',
          type: 'radios',
          label: lt('¿Para qué lo necesita?', 'What do you need it for?'),
          options: [
            { value: 'work', label: lt('Trabajo', 'Work') },
            { value: 'other', label: lt('Otro', 'Other') },
          ],
        },
      ],
    },
  ],
};

/** The employer (the unit the person represents) from SEPREC, then the worker's name. */
export const unitForm: FormDefinition = {
  version: 1,
  pages: [
    {
      id: 'empleador',
      title: lt('El empleador', 'The employer'),
      components: [
        { id: 'employerName', type: 'text', label: lt('Razón social del empleador', "Employer's business name"), maxLength: 200, prefill: { ...UNIT, field: 'name' } },
        { id: 'employerAddress', type: 'text', label: lt('Domicilio del empleador', "Employer's address"), maxLength: 200, prefill: { ...UNIT, field: 'address', editable: true } },
      ],
    },
    {
      id: 'trabajador',
      title: lt('La trabajadora o el trabajador', 'The worker'),
      components: [{ id: 'workerName', type: 'text', label: lt('Nombre de la trabajadora o trabajador', "Worker's name"), maxLength: 120 }],
    },
  ],
};

/** Points the seeded demo services (SERECI's persons, SEPREC's units) at `url`, as their producers would. */
export async function pointDemoServicesAt(deps: Deps, url: string): Promise<void> {
  for (const [agency, code] of [
    ['SERECI', 'personas'],
    ['SEPREC', 'unidades'],
  ] as const) {
    await publishService(
      deps,
      { clientId: `demo-interop-${agency}`, agencyCode: agency },
      {
        code,
        title: code === 'personas' ? 'Hechos del estado civil de una persona' : 'Unidad económica registrada',
        baseUrl: url,
        openapi: DEMO_PRODUCER_OPENAPI,
        legalBasis: 'Ley 164 de Telecomunicaciones y TIC, art. 72 (gobierno electrónico)',
        classification: code === 'personas' ? 'personal' : 'public',
        conditions: 'Solo para trámites en curso de la institución que consulta',
        sourceLabel: agency,
      },
    );
  }
}
