// A procedure's public text in another language: the language's text where it has one, the
// Spanish elsewhere (a list only when it translates every item).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ProcedureContent, procedureIn, procedureNameIn } from './procedure.types.ts';

const spanish = {
  name: 'Certificado de nacimiento',
  summary: 'Pida el certificado.',
  result: 'Certificado',
  resultValidity: null,
  requirements: ['Cuenta', 'Cédula'],
  steps: ['Ingrese', 'Pague'],
  commitments: ['En 2 días'],
  translations: {
    _meta: { status: 'draft' },
    qu: { name: 'Paqarimuymanta certificado', resultValidity: 'Mana tukukunchu', requirements: ['Cuentayki'], steps: ['Yaykuy', 'Pagay'] },
  },
} as unknown as ProcedureContent;

describe('procedureIn', () => {
  it('shows the Quechua text where it exists and the Spanish elsewhere', () => {
    const qu = procedureIn(spanish, 'qu');
    assert.equal(qu.name, 'Paqarimuymanta certificado');
    assert.equal(qu.summary, 'Pida el certificado.');
    assert.deepEqual(qu.steps, ['Yaykuy', 'Pagay']);
    // A list that leaves items out is not used; a validity the Spanish lacks is not invented.
    assert.deepEqual(qu.requirements, ['Cuenta', 'Cédula']);
    assert.equal(qu.resultValidity, null);
  });

  it('leaves Spanish and languages without text as they are, and never reads _meta as a language', () => {
    assert.equal(procedureIn(spanish, 'es').name, 'Certificado de nacimiento');
    assert.equal(procedureIn(spanish, 'ay').name, 'Certificado de nacimiento');
    assert.equal(procedureIn(spanish, '_meta').name, 'Certificado de nacimiento');
    assert.equal(procedureNameIn({ name: 'Certificado', names: { qu: 'Certificado qu' } }, 'qu'), 'Certificado qu');
    assert.equal(procedureNameIn({ name: 'Certificado', names: { qu: 'Certificado qu' } }, 'gn'), 'Certificado');
  });
});
