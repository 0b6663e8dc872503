// Fees as data: a fixed amount, a declared expression over the answers (per unit, a table by
// category), the official's decision (also for prose); malformed declarations order nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFeeRule } from '../catalog/index.ts';
import { feeOf } from './fees.ts';

const formula = (rule: unknown) => ({ feeKind: 'formula', feeAmount: null, feeFormula: JSON.stringify(rule) });

describe('fees', () => {
  it('a fixed fee is its amount in minor units; a free procedure orders nothing', () => {
    assert.deepEqual(feeOf({ feeKind: 'fixed', feeAmount: '40.00' }, {}), { kind: 'amount', amountMinor: 4000 });
    assert.equal(feeOf({ feeKind: 'free', feeAmount: null }, {}), undefined);
  });

  it('per unit of an answer: base + units × price, units as numbers or digits, capped', () => {
    const perCopy = formula({ base: '5.00', perUnit: { answer: 'copies', amount: '10.50', maxUnits: 20 } });
    assert.deepEqual(feeOf(perCopy, { copies: 3 }), { kind: 'amount', amountMinor: 3650 });
    assert.deepEqual(feeOf(perCopy, { copies: '2' }), { kind: 'amount', amountMinor: 2600 });
    assert.equal(feeOf(perCopy, { copies: 21 }), undefined, 'over the cap');
    assert.equal(feeOf(perCopy, { copies: -1 }), undefined);
    assert.equal(feeOf(perCopy, { copies: 1.5 }), undefined);
    assert.equal(feeOf(perCopy, {}), undefined, 'no answer, no price');
    assert.equal(feeOf(formula({ perUnit: { answer: 'copies', amount: '10.00' } }), { copies: 0 }), undefined, 'nothing to pay');
  });

  it('a table by the answer chosen; an unknown choice (or a prototype key) prices nothing', () => {
    const byCategory = formula({ byAnswer: { answer: 'category', amounts: { A: '50.00', B: '120.00' } } });
    assert.deepEqual(feeOf(byCategory, { category: 'B' }), { kind: 'amount', amountMinor: 12000 });
    assert.equal(feeOf(byCategory, { category: 'C' }), undefined);
    assert.equal(feeOf(byCategory, { category: 'constructor' }), undefined);
  });

  it('set by the official (declared, or prose the catalog publishes); malformed declarations order nothing (never evaluated as code)', () => {
    assert.deepEqual(feeOf(formula({ setBy: 'official' }), {}), { kind: 'official' });
    assert.deepEqual(parseFeeRule('Según la tarifa vigente, expresada en la moneda de mayor valor publicada por el BCV'), { kind: 'official' });
    assert.equal(parseFeeRule('   '), undefined);
    assert.equal(parseFeeRule('{"perUnit": {"answer": "copies", "amount": "diez"}}'), undefined);
    assert.equal(parseFeeRule('{"perUnit": {"answer": "process.exit()", "amount": "1.00"}}'), undefined);
    assert.equal(parseFeeRule('{not json'), undefined);
    assert.deepEqual(feeOf({ feeKind: 'formula', feeAmount: null, feeFormula: 'copies * 10' }, { copies: 2 }), { kind: 'official' }, 'prose is not evaluated');
  });
});
