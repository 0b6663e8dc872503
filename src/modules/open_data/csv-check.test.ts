// CSV uploads: what is accepted (delimiter, BOM, inferred types) and every problem of a broken
// file with its row and column.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCsv, invalidUtf8Offset } from './csv-check.ts';

describe('checkCsv', () => {
  it('accepts a semicolon file with a BOM and infers a type per column', () => {
    const checked = checkCsv(Buffer.from('\ufeffmes;codigo;valor;tasa;activo\n2025-01-01;BO-L;12;1.5;true\n2025-02-01;BO-C;;2;false\n'));
    assert.equal(checked.ok, true, JSON.stringify(checked.problems));
    assert.equal(checked.delimiter, ';');
    assert.deepEqual(checked.header, ['mes', 'codigo', 'valor', 'tasa', 'activo']);
    assert.deepEqual(checked.types, ['date', 'text', 'int', 'numeric', 'bool']);
    assert.equal(checked.rows.length, 2);
  });

  it('refuses a file that is not UTF-8, naming the row and column of the first bad byte', () => {
    const latin1 = Buffer.concat([Buffer.from('nombre,municipio\nAna,La Paz\nJosé,'), Buffer.from([0x50, 0x6f, 0x74, 0x6f, 0x73, 0xed]), Buffer.from('\n')]);
    assert.equal(invalidUtf8Offset(latin1), 39);
    const checked = checkCsv(latin1);
    assert.equal(checked.ok, false);
    assert.deepEqual(checked.problems, [{ row: 3, column: 2, code: 'encoding', expected: 'UTF-8' }]);
  });

  it('lists ragged rows and cells of another type, each with its row and column', () => {
    const checked = checkCsv(Buffer.from('anio,codigo,valor\n2024,BO-L,10\n2025,BO-C\n2026,BO-S,doce\n2027,BO-O,14,extra\n2028,BO-P,16\n'));
    assert.equal(checked.ok, false);
    assert.deepEqual(checked.problems, [
      { row: 3, column: 3, code: 'ragged', expected: '3', found: '2' },
      { row: 5, column: 4, code: 'ragged', expected: '3', found: '4' },
      { row: 4, column: 3, code: 'type', expected: 'int', found: 'doce' },
    ]);
  });

  it('refuses an empty file, a missing or duplicated header', () => {
    assert.deepEqual(checkCsv(Buffer.from('')).problems, [{ row: 1, column: null, code: 'empty' }]);
    assert.deepEqual(checkCsv(Buffer.from('a,a\n1,2\n')).problems, [{ row: 1, column: 2, code: 'header_duplicate', found: 'a' }]);
    assert.deepEqual(
      checkCsv(Buffer.from('1,2\n3,4\n')).problems.map((p) => p.code),
      ['header_missing', 'header_missing'],
    );
  });
});
