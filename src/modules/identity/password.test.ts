// argon2id runs on libuv's thread pool (@node-rs/argon2's asynchronous functions): while
// passwords are hashed and verified, the event loop keeps serving other requests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('verifies off the event loop: timers keep firing while four passwords are checked', async () => {
    const hashed = await hashPassword('Clave-de-prueba-2026');
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 1);
    try {
      const results = await Promise.all(Array.from({ length: 4 }, (_, i) => verifyPassword(hashed, i === 0 ? 'otra-clave-2026' : 'Clave-de-prueba-2026')));
      assert.deepEqual(results, [false, true, true, true]);
    } finally {
      clearInterval(timer);
    }
    // A synchronous verification would hold the loop for all four (tens of milliseconds each): no tick at all.
    assert.ok(ticks >= 3, `the event loop turned ${ticks} times during the verifications`);
  });
});
