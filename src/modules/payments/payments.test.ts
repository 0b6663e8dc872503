// Pure rules of payment orders: amounts in minor units, payment codes and their check digit,
// and the verification of the gateway's notifications (signature, timestamp tolerance).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { signedHeaders } from '../../platform/webhooks/signature.ts';
import { httpGateway, type PayeeAccount } from './gateway.ts';
import { toMinorUnits } from '../../shared/money.ts';
import { luhnDigit, newPaymentCode, normalizePaymentCode } from './payments.types.ts';

it('reads decimal amounts as exact minor units, and refuses what is not an amount', () => {
  assert.equal(toMinorUnits('40.00'), 4000);
  assert.equal(toMinorUnits('17'), 1700);
  assert.equal(toMinorUnits('0,1'), 10);
  assert.equal(toMinorUnits('1234567.89'), 123456789);
  for (const bad of ['', '0', '0.00', '-5', '1.234', 'diez', '1e3']) assert.equal(toMinorUnits(bad), undefined, bad);
});

it('makes 12-digit payment codes with a Luhn check digit, and checks typed ones', () => {
  for (let i = 0; i < 100; i += 1) {
    const code = newPaymentCode();
    assert.match(code, /^\d{12}$/);
    assert.equal(normalizePaymentCode(code), code);
    assert.equal(normalizePaymentCode(`${code.slice(0, 4)} ${code.slice(4, 8)}-${code.slice(8)}`), code);
  }
  assert.equal(luhnDigit('7992739871'), 3);
  const code = newPaymentCode();
  const wrong = `${code.slice(0, 11)}${(Number(code[11]) + 1) % 10}`;
  assert.equal(normalizePaymentCode(wrong), undefined);
});

it('verifies notifications: signed with the payee secret, within 5 minutes, with a payment inside', () => {
  const payee: PayeeAccount = { agencyCode: 'SEGIP', treasuryAccount: 'x', gatewayUrl: 'http://127.0.0.1:1', merchantId: 'm', secret: Buffer.from('a secret of the payee, 32 bytes!') };
  const body = JSON.stringify({ type: 'payment.succeeded', data: { checkoutId: 'c', orderCode: '123', amountMinor: 4000, currency: 'BOB', reference: 'txn_1', method: 'qr' } });
  const now = new Date('2026-12-06T12:00:00Z');
  const headers = signedHeaders(payee.secret, 'msg_1', body, now);
  const ok = httpGateway.handleNotification(payee, headers, body, now);
  assert.ok(ok.ok && ok.outcome.kind === 'paid' && ok.outcome.amountMinor === 4000);
  const check = (h: Record<string, string>, b = body, at = now) => {
    const result = httpGateway.handleNotification(payee, h, b, at);
    return result.ok ? 'ok' : result.reason;
  };
  assert.equal(check({ 'content-type': 'application/json' }), 'unsigned');
  assert.equal(check(headers, body.replace('4000', '400')), 'bad_signature');
  assert.equal(check(signedHeaders(Buffer.from('another secret'), 'msg_1', body, now)), 'bad_signature');
  assert.equal(check(headers, body, new Date(now.getTime() + 6 * 60_000)), 'stale');
  assert.equal(check(headers, body, new Date(now.getTime() + 4 * 60_000)), 'ok');
  const junk = '{"type":"something.else","data":{}}';
  assert.equal(check(signedHeaders(payee.secret, 'msg_2', junk, now), junk), 'malformed');
});
