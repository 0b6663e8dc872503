// The xAPI 1.0.3 statement rules (xAPI-Data.md, "Statements"), each broken once.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sameStatement, statementProblems, VERB } from './xapi.ts';

const actor = { objectType: 'Agent', account: { homePage: 'https://tambo.example', name: 'ana' } };
const valid = {
  id: '3f1c1b1e-4a4b-4c4d-8e8f-909192939495',
  actor,
  verb: { id: VERB.completed, display: { 'en-US': 'completed' } },
  object: { objectType: 'Activity', id: 'https://tambo.example/capacitacion/usa-tu-ciudadania-digital', definition: { name: { es: 'Usa tu Ciudadanía Digital' } } },
  result: { score: { scaled: 0.9, raw: 9, min: 0, max: 10 }, success: true, completion: true, duration: 'PT12M30S' },
  context: { registration: 'aa1c1b1e-4a4b-4c4d-8e8f-909192939495', platform: 'Tambo', contextActivities: { parent: [{ id: 'https://tambo.example/capacitacion' }] } },
  timestamp: '2026-03-01T10:00:00.000Z',
};
const rules = (statement: unknown) => statementProblems(statement).map((p) => `${p.pointer} ${p.rule}`);

it('accepts a complete statement and the minimal one (actor, verb, object)', () => {
  assert.deepEqual(rules(valid), []);
  assert.deepEqual(rules({ actor: { mbox: 'mailto:ana@example.org' }, verb: { id: VERB.launched }, object: { id: 'urn:curso:1' } }), []);
});

it('requires actor, verb and object', () => {
  const { actor: _a, verb: _v, object: _o, ...rest } = valid;
  const found = rules(rest);
  assert.ok(found.includes('/actor a statement must have an actor'));
  assert.ok(found.includes('/verb a statement must have a verb'));
  assert.ok(found.includes('/object a statement must have an object'));
});

it('wants IRIs for verbs and activities, UUIDs for ids and registrations', () => {
  assert.ok(rules({ ...valid, verb: { id: 'completed' } }).includes('/verb/id must be an IRI'));
  assert.ok(rules({ ...valid, object: { id: 'a course' } }).includes('/object/id an Activity id must be an IRI'));
  assert.ok(rules({ ...valid, id: '123' }).includes('/id must be a UUID'));
  assert.ok(rules({ ...valid, context: { registration: 'x' } }).includes('/context/registration must be a UUID'));
});

it('wants exactly one inverse functional identifier on an Agent, and members in an anonymous Group', () => {
  assert.ok(rules({ ...valid, actor: { name: 'Ana' } }).includes('/actor an Agent must have exactly one inverse functional identifier'));
  assert.ok(rules({ ...valid, actor: { mbox: 'mailto:a@b.c', openid: 'https://a.example' } }).includes('/actor an Agent must have exactly one inverse functional identifier'));
  assert.ok(rules({ ...valid, actor: { mbox: 'ana@example.org' } }).includes('/actor/mbox must be a mailto IRI'));
  assert.ok(rules({ ...valid, actor: { objectType: 'Group' } }).includes('/actor/member an anonymous Group must list its members'));
});

it('rejects unknown properties, bad scores, durations, timestamps and languages', () => {
  assert.ok(rules({ ...valid, mood: 'happy' }).includes('/mood not a property of this object'));
  assert.ok(rules({ ...valid, result: { score: { scaled: 1.5 } } }).includes('/result/score/scaled must be between -1 and 1'));
  assert.ok(rules({ ...valid, result: { duration: '12 minutes' } }).includes('/result/duration must be an ISO 8601 duration'));
  assert.ok(rules({ ...valid, timestamp: '1 March 2026' }).includes('/timestamp must be an ISO 8601 timestamp with a zone'));
  assert.ok(rules({ ...valid, verb: { id: VERB.completed, display: { 'en US': 'x' } } }).some((r) => r.startsWith('/verb/display/')));
  assert.ok(rules({ ...valid, version: '2.0.0' }).includes('/version must be a 1.0.x version'));
});

it('voiding: the object must be a StatementRef; revision and platform only for an Activity; no SubStatement in a SubStatement', () => {
  assert.ok(rules({ actor, verb: { id: VERB.voided }, object: { id: 'https://tambo.example/x' } }).includes('/object a voiding statement must target a StatementRef'));
  assert.deepEqual(rules({ actor, verb: { id: VERB.voided }, object: { objectType: 'StatementRef', id: valid.id } }), []);
  assert.ok(rules({ actor, verb: { id: VERB.voided }, object: { objectType: 'StatementRef', id: 'nope' } }).includes('/object/id a StatementRef id must be a UUID'));
  assert.ok(rules({ ...valid, object: actor, context: { platform: 'Tambo' } }).includes('/context/platform only when the object is an Activity'));
  const sub = { objectType: 'SubStatement', actor, verb: { id: VERB.passed }, object: { id: 'urn:x' } };
  assert.deepEqual(rules({ ...valid, object: sub, context: undefined }), []);
  assert.ok(rules({ ...valid, object: { ...sub, object: sub }, context: undefined }).includes('/object/object/objectType a SubStatement cannot contain a SubStatement'));
  assert.ok(rules({ ...valid, object: { ...sub, id: valid.id }, context: undefined }).includes('/object/id a SubStatement cannot have this property'));
});

it('compares statements ignoring what the LRS sets, the order of keys and how an instant is written', () => {
  const stored = { ...valid, stored: '2026-03-01T10:00:01Z', authority: actor, version: '1.0.3' };
  const reordered = Object.fromEntries(Object.entries(valid).reverse());
  assert.ok(sameStatement(stored, { ...reordered, timestamp: '2026-03-01T06:00:00-04:00' }));
  assert.ok(!sameStatement(stored, { ...valid, verb: { id: VERB.passed } }));
});
