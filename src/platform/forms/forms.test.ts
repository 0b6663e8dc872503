import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Compile } from 'typebox/compile';
import { boliviaProfile } from '../country/bo.ts';
import {
  applyPrefill,
  defaultWorkflow,
  evaluateCondition,
  exampleFormDefinition,
  fieldsFromAnswers,
  firstIncompletePage,
  formDefinitionSchema,
  prefillKey,
  pruneAnswers,
  readPage,
  validateAnswers,
  validateFormDefinition,
  visiblePages,
  type AnswerContext,
  type FormDefinition,
} from './index.ts';

const clone = <T>(value: T): T => structuredClone(value);
const ctx: AnswerContext = { country: boliviaProfile, today: '2026-11-24', territoryExists: (code) => code.startsWith('BO-') };
const published = Compile(formDefinitionSchema as never);

function errorsOf(value: unknown, country = boliviaProfile) {
  const result = validateFormDefinition(value, { country });
  assert.equal(result.ok, false, 'expected the definition to be refused');
  return result.ok ? [] : result.errors;
}

test('the example definition is valid, and the published schema accepts it', () => {
  const result = validateFormDefinition(exampleFormDefinition, { country: boliviaProfile });
  assert.deepEqual(result.ok ? [] : result.errors, []);
  assert.equal(published.Check(exampleFormDefinition), true);
});

test('a definition that breaks the schema is refused with the exact path of each problem', () => {
  const bad = clone(exampleFormDefinition) as unknown as Record<string, any>;
  bad.pages[1].components[0].label = { es: 'Domicilio' }; // English missing
  bad.pages[2].components[0].options[1].value = 'no spaces allowed';
  bad.pages[5].components[1].components[1].max = 'tomorrow';
  bad.pages[4].showIf = { field: 'purpose', equals: 'study', extra: true };
  bad.pages[0].components[2].colour = 'red';
  bad.pages[6].components[0].type = 'video';
  const errors = errorsOf(bad);
  const paths = errors.map((e) => e.path).sort();
  assert.deepEqual(paths, [
    '/pages/0/components/2/colour',
    '/pages/1/components/0/label/en',
    '/pages/2/components/0/options/1/value',
    '/pages/4/showIf',
    '/pages/4/showIf/extra',
    '/pages/5/components/1/components/1/max',
    '/pages/6/components/0/type',
  ]);
  assert.match(errors.find((e) => e.path === '/pages/1/components/0/label/en')!.message, /required/);
  assert.equal(published.Check(bad), false);
});

test('top-level problems and nested groups', () => {
  assert.deepEqual(
    errorsOf({ version: 2, pages: [] })
      .map((e) => e.path)
      .sort(),
    ['/pages', '/version'],
  );
  assert.deepEqual(
    errorsOf('a form').map((e) => e.path),
    [''],
  );
  const nested = clone(exampleFormDefinition) as unknown as Record<string, any>;
  nested.pages[5].components[1].components.push({ id: 'inner', type: 'group', label: { es: 'a', en: 'a' }, itemLabel: { es: 'a', en: 'a' }, components: [] });
  assert.deepEqual(errorsOf(nested), [{ path: '/pages/5/components/1/components/2/type', message: 'a group cannot contain another group' }]);
});

test('conditions are data: a malformed one is refused where it is', () => {
  const bad = clone(exampleFormDefinition) as unknown as Record<string, any>;
  bad.pages[4].showIf = { all: [{ field: 'purpose', equals: 'study' }, { any: [{ field: 'purpose' }] }, { javascript: 'alert(1)' }] };
  const errors = errorsOf(bad);
  assert.deepEqual(errors.map((e) => e.path).sort(), ['/pages/4/showIf/all/1/any/0', '/pages/4/showIf/all/2']);
});

test('semantic checks: unique ids, references to earlier existing fields, operands, bounds, country data', () => {
  const bad = clone(exampleFormDefinition) as FormDefinition & Record<string, any>;
  const pages = bad.pages as any[];
  pages[1].id = 'solicitante';
  pages[3].components[0].id = 'purpose';
  pages[4].showIf = { field: 'purpos', equals: 'study' };
  pages[0].components[4].showIf = { field: 'hasChildren', equals: true }; // later page
  pages[5].components[0].showIf = { field: 'purpose', equals: 'travel' };
  pages[4].components[1].min = 30;
  pages[0].components[1].documentTypes = ['CI', 'PASSPORT'];
  pages[1].components[1].level = 'parroquia';
  pages[1].components[0].prefill = 'email';
  const errors = errorsOf(bad);
  const byPath = Object.fromEntries(errors.map((e) => [e.path, e.message]));
  assert.match(byPath['/pages/1/id']!, /duplicate page id "solicitante"/);
  assert.match(byPath['/pages/3/components/0/id']!, /duplicate field id "purpose"/);
  assert.match(byPath['/pages/4/showIf/field']!, /no field has the id "purpos"/);
  assert.match(byPath['/pages/0/components/4/showIf/field']!, /earlier page/);
  assert.match(byPath['/pages/5/components/0/showIf/equals']!, /"travel" is not an option/);
  assert.match(byPath['/pages/4/components/1/min']!, /greater than max/);
  assert.match(byPath['/pages/0/components/1/documentTypes/1']!, /"PASSPORT" is not a document type/);
  assert.match(byPath['/pages/1/components/1/level']!, /"parroquia" is not a territory level/);
  assert.match(byPath['/pages/1/components/0/prefill']!, /fills email fields/);
});

test('a condition operand of the wrong JSON type is a schema problem at its path', () => {
  const bad = clone(exampleFormDefinition) as any;
  bad.pages[5].components[2].showIf = { field: 'years', greaterThan: '3' };
  assert.deepEqual(
    errorsOf(bad).map((e) => e.path),
    ['/pages/5/components/2/showIf/greaterThan'],
  );
});

test('evaluateCondition walks all, any, not and every operator', () => {
  const answers = { purpose: 'study', years: 4, benefits: ['health'], hasChildren: false, empty: '' };
  assert.equal(evaluateCondition({ field: 'purpose', equals: 'study' }, answers), true);
  assert.equal(evaluateCondition({ field: 'purpose', notEquals: 'study' }, answers), false);
  assert.equal(evaluateCondition({ field: 'purpose', in: ['work', 'study'] }, answers), true);
  assert.equal(evaluateCondition({ field: 'benefits', includes: 'housing' }, answers), false);
  assert.equal(evaluateCondition({ field: 'empty', answered: false }, answers), true);
  assert.equal(evaluateCondition({ field: 'years', greaterThan: 3 }, answers), true);
  assert.equal(evaluateCondition({ field: 'years', lessThan: 3 }, answers), false);
  assert.equal(evaluateCondition({ all: [{ field: 'hasChildren', equals: false }, { not: { field: 'years', lessThan: 3 } }] }, answers), true);
  assert.equal(
    evaluateCondition(
      {
        any: [
          { field: 'hasChildren', equals: true },
          { field: 'missing', answered: true },
        ],
      },
      answers,
    ),
    false,
  );
});

test('branching: a page shows only when its condition holds, and answers to hidden pages are dropped', () => {
  const ids = (answers: Record<string, any>) => visiblePages(exampleFormDefinition, answers).map((p) => p.id);
  assert.ok(!ids({ purpose: 'work' }).includes('estudios'));
  assert.ok(ids({ purpose: 'study' }).includes('estudios'));
  assert.deepEqual(pruneAnswers(exampleFormDefinition, { purpose: 'work', level: 'school', years: 3, bogus: 'x' }), { purpose: 'work' });
});

const complete = {
  fullName: 'Ana Quispe Mamani',
  document: { type: 'CI', number: '4567891 LP' },
  birthDate: '1990-03-27',
  email: 'ana@example.bo',
  address: { line1: 'Calle Comercio 123', territory: 'BO-L-01-01' },
  municipality: 'BO-L-01-01',
  purpose: 'work',
  hasChildren: true,
  children: [{ childName: 'Luz', childBirthDate: '2015-01-02' }],
  proof: { sha256: 'a'.repeat(64), name: 'p.pdf', size: 1000, mediaType: 'application/pdf' },
};

test('validateAnswers accepts complete answers and points at each problem', () => {
  assert.deepEqual(validateAnswers(exampleFormDefinition, complete, ctx), []);
  const wrong = {
    ...complete,
    document: { type: 'CI', number: 'abc' },
    birthDate: '2030-01-01',
    email: 'not-an-email',
    municipality: 'XX-1',
    purpose: 'study',
    years: 2.5,
    children: [{ childName: '' }],
    proof: { ...complete.proof, mediaType: 'text/plain' },
    unexpected: 1,
  };
  const errors = validateAnswers(exampleFormDefinition, wrong, ctx);
  const byPath = Object.fromEntries(errors.map((e) => [e.path, e.code]));
  assert.deepEqual(byPath, {
    '/document/number': 'invalidDocument',
    '/birthDate': 'dateTooLate',
    '/email': 'invalidEmail',
    '/municipality': 'invalidTerritory',
    '/level': 'required',
    '/years': 'notAnInteger',
    '/children/0/childName': 'required',
    '/children/0/childBirthDate': 'required',
    '/proof': 'fileType',
    '/unexpected': 'unknownField',
  });
  assert.equal(errors.find((e) => e.path === '/children/0/childName')!.field, 'children.0.childName');
});

test('cross-field rules apply once the fields themselves are right', () => {
  const errors = validateAnswers(exampleFormDefinition, { ...complete, children: [] }, ctx);
  assert.deepEqual(
    errors.map((e) => [e.path, e.code, e.message?.en]),
    [['/hasChildren', 'rule', 'Add at least one child']],
  );
});

test('readPage turns posted fields into typed answers and keeps what was typed on error', () => {
  const page = exampleFormDefinition.pages.find((p) => p.id === 'familia')!;
  const posted = {
    hasChildren: 'yes',
    'children.0.childName': 'Luz',
    'children.0.childBirthDate-day': '31',
    'children.0.childBirthDate-month': '2',
    'children.0.childBirthDate-year': '2015',
    benefits: ['health', 'housing'],
  };
  const reading = readPage(exampleFormDefinition, page, posted, {}, ctx);
  assert.deepEqual(
    reading.errors.map((e) => [e.field, e.code]),
    [['children.0.childBirthDate', 'invalidDate']],
  );
  assert.deepEqual(reading.answers, { hasChildren: true, children: [{ childName: 'Luz' }], benefits: ['health', 'housing'] });
  const fixed = readPage(exampleFormDefinition, page, { ...posted, 'children.0.childBirthDate-day': '28' }, {}, ctx);
  assert.deepEqual(fixed.errors, []);
  assert.deepEqual(fixed.answers.children, [{ childName: 'Luz', childBirthDate: '2015-02-28' }]);
  assert.deepEqual(fieldsFromAnswers(page, fixed.answers), {
    hasChildren: 'yes',
    'children.0.childName': 'Luz',
    'children.0.childBirthDate-day': '28',
    'children.0.childBirthDate-month': '2',
    'children.0.childBirthDate-year': '2015',
    benefits: ['health', 'housing'],
  });
});

test('readPage: bad numbers and documents are errors on their own inputs; prefilled fields are never read', () => {
  const page = exampleFormDefinition.pages[0]!;
  const facts = { fullName: 'Ana Quispe Mamani', identityDocument: { type: 'CI', number: '4567891 LP' } };
  const reading = readPage(
    exampleFormDefinition,
    page,
    { fullName: 'Someone Else', 'document-type': 'CI', 'document-number': 'x', email: 'ANA@Example.bo', 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '1990' },
    {},
    { ...ctx, facts },
  );
  assert.deepEqual(reading.errors, []);
  assert.equal(reading.answers.fullName, undefined);
  assert.equal(reading.answers.email, 'ana@example.bo');
  const withFacts = applyPrefill(exampleFormDefinition, { fullName: 'Someone Else' }, facts);
  assert.equal(withFacts.fullName, 'Ana Quispe Mamani');
  const study = exampleFormDefinition.pages.find((p) => p.id === 'estudios')!;
  const numbers = readPage(exampleFormDefinition, study, { level: 'school', years: 'four' }, { purpose: 'study' }, ctx);
  assert.deepEqual(
    numbers.errors.map((e) => [e.field, e.code]),
    [['years', 'notANumber']],
  );
});

test('firstIncompletePage follows the branching', () => {
  assert.equal(firstIncompletePage(exampleFormDefinition, {}, ctx)!.id, 'solicitante');
  assert.equal(firstIncompletePage(exampleFormDefinition, complete, ctx), undefined);
  assert.equal(firstIncompletePage(exampleFormDefinition, { ...complete, purpose: 'study' }, ctx)!.id, 'estudios');
});

test('a file over the limit or of another type is refused', () => {
  const big = { ...complete, proof: { ...complete.proof, size: 6 * 1024 * 1024 } };
  assert.deepEqual(
    validateAnswers(exampleFormDefinition, big, ctx).map((e) => [e.path, e.code, e.params]),
    [['/proof', 'fileTooLarge', { max: 5 }]],
  );
});

test('the default workflow is a valid definition', async () => {
  const { validateWorkflowDefinition } = await import('./index.ts');
  assert.deepEqual(validateWorkflowDefinition(defaultWorkflow), { ok: true, definition: defaultWorkflow });
});

test('a registry prefill is data: checked by the schema and the semantic checks', () => {
  const good = clone(exampleFormDefinition) as any;
  good.pages[0].components[2].prefill = { service: 'SERECI/demo/personas', path: '/personas/persona/{document}', field: 'birthDate' };
  assert.equal(validateFormDefinition(good).ok, true);
  const bad = clone(exampleFormDefinition) as any;
  bad.pages[0].components[2].prefill = { service: 'SERECI/demo/personas', path: '/personas/{nombre}', field: 'birthDate' };
  bad.pages[0].components[1].prefill = { service: 'SERECI/demo/personas', path: '/p/{document}', field: 'x' };
  const byPath = Object.fromEntries(errorsOf(bad).map((e) => [e.path, e.message]));
  assert.match(byPath['/pages/0/components/2/prefill/path']!, /only \{document\} and \{unit\}/);
  assert.match(byPath['/pages/0/components/1/prefill']!, /a registry value fills/);
  const unknownKey = clone(exampleFormDefinition) as any;
  unknownKey.pages[0].components[2].prefill = { service: 'SERECI/demo/personas', path: '/x', field: 'birthDate', locked: true };
  assert.equal(validateFormDefinition(unknownKey).ok, false);
});

test('a registry value: a locked one is never read from the page, an editable one only fills an empty field', () => {
  const form = clone(exampleFormDefinition) as any;
  const locked = { service: 'SERECI/demo/personas', path: '/personas/persona/{document}', field: 'birthDate' };
  form.pages[0].components[2].prefill = locked;
  form.pages[0].components[0].prefill = { ...locked, field: 'givenNames', editable: true };
  const facts = { [prefillKey(locked)]: '1990-03-14', [prefillKey({ ...locked, field: 'givenNames' })]: 'María Elena' };
  const page = form.pages[0];
  const reading = readPage(form, page, { fullName: 'Typed', 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2000' }, {}, { ...ctx, facts });
  assert.equal(reading.answers.birthDate, undefined, 'the locked value is not read');
  assert.equal(reading.answers.fullName, 'Typed', 'the editable one is');
  const applied = applyPrefill(form, { birthDate: '2000-01-01' }, facts);
  assert.equal(applied.birthDate, '1990-03-14');
  assert.equal(applied.fullName, 'María Elena');
  assert.equal(applyPrefill(form, { fullName: 'Typed' }, facts).fullName, 'Typed');
  assert.equal(applyPrefill(form, {}, {}).birthDate, undefined, 'nothing known: the person types it');
});
