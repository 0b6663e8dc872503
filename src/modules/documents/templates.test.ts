// The checks a template's text passes before it is stored (pure): placeholders, braces, lengths, kind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateHash, templateProblems } from './templates.types.ts';

const problems = (title: string, body: string, kind = 'certificate') => templateProblems({ kind, title, body }).map((p) => `${p.field}:${p.messageKey.split('.').at(-1)}`);

describe('template text checks', () => {
  it('accepts every known placeholder and text without braces', () => {
    assert.deepEqual(problems('Certificado: {procedure}', '{agency} certifica a {holder} ({document}), expediente {tracking}, el {date}.'), []);
    assert.deepEqual(problems('Resolución', 'Sin marcadores.', 'resolution'), []);
  });

  it('refuses unknown, empty and nested placeholders and unpaired braces, naming the field', () => {
    assert.deepEqual(problems('T', 'Hola {titular}'), ['body:unknown']);
    assert.deepEqual(problems('T', 'Hola {}'), ['body:unknown']);
    assert.deepEqual(problems('T', 'Hola {Holder}'), ['body:unknown'], 'names are case-sensitive');
    assert.deepEqual(problems('T {procedure', 'x'), ['title:unbalanced']);
    assert.deepEqual(problems('T', 'x } y'), ['body:unbalanced']);
    assert.deepEqual(problems('T', '{{holder}}'), ['body:unbalanced']);
    const unknown = templateProblems({ kind: 'certificate', title: 'T', body: '{nombre}' })[0]!;
    assert.equal(unknown.params?.name, '{nombre}');
    assert.match(String(unknown.params?.allowed), /\{holder\}, \{document\}, \{procedure\}, \{agency\}, \{tracking\}, \{date\}/);
  });

  it('refuses empty or too long texts and another kind, each field its own problem', () => {
    assert.deepEqual(problems(' ', '\n'), ['title:titleEmpty', 'body:bodyEmpty']);
    assert.deepEqual(problems('T'.repeat(200), 'b'.repeat(5000)), []);
    assert.deepEqual(problems('T'.repeat(201), 'b'.repeat(5001), 'receipt'), ['kind:kind', 'title:tooLong', 'body:tooLong']);
  });

  it('hashes kind, title and body together', () => {
    const a = templateHash({ kind: 'certificate', title: 'T', body: 'B' });
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.notEqual(a, templateHash({ kind: 'resolution', title: 'T', body: 'B' }));
    assert.notEqual(templateHash({ kind: 'certificate', title: 'T\n', body: 'B' }), templateHash({ kind: 'certificate', title: 'T', body: '\nB' }));
  });
});
