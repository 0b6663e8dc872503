// Ciudadanía Digital: the cost of our sign-in check and of starting a self-registration,
// each beside the argon2id work it cannot avoid, measured in the same run. Called from
// run.ts; see bench/README.md ("identity: password checks").
import { randomBytes } from 'node:crypto';
import { authenticate, ensureAccount, hashPassword, startRegistration, verifyPassword } from '../src/modules/identity/index.ts';
import type { Deps } from '../src/platform/module.ts';
import { abba, runWriters, type Figures } from './writers.ts';

export interface PasswordCheckFigures {
  signIn: { baseline: Figures; tambo: Figures; ratio: number | null };
  registration: { baseline: Figures; tambo: Figures; ratio: number | null };
}

const PASSWORD = 'Bench-clave-2026';

export async function benchPasswordChecks(deps: Pick<Deps, 'db' | 'config' | 'country'>, options: { seconds: number; writers: number; maxOperations: number }): Promise<PasswordCheckFigures> {
  await ensureAccount(deps, {
    country: deps.country.code,
    documentType: 'CI',
    documentNumber: '7654321 LP',
    givenName: 'Bench',
    familyName: 'Persona',
    birthDate: '1990-01-01',
    email: 'bench@bench.tambo',
    emailVerified: true,
    phone: null,
    phoneVerified: false,
    address: null,
    territoryCode: null,
    level: 'bajo',
    isPlatformAdmin: false,
    password: PASSWORD,
    roles: [],
  });
  const hashed = await hashPassword(PASSWORD);
  const run = (write: () => Promise<unknown>) => (seconds: number) => runWriters({ writers: options.writers, seconds, maxOperations: options.maxOperations, write: () => write() });

  const verify = run(() => verifyPassword(hashed, PASSWORD));
  const signIn = run(async () => {
    const result = await authenticate(deps, 'bench@bench.tambo', PASSWORD, null);
    if (!result.ok) throw new Error('bench sign-in failed');
  });
  const hash = run(() => hashPassword(PASSWORD));
  const register = run(async () => {
    const unique = randomBytes(6).toString('hex');
    const result = await startRegistration(
      deps,
      {
        documentType: 'CI',
        documentNumber: String(1_000_000 + (parseInt(unique.slice(0, 6), 16) % 8_999_999)),
        givenName: 'Bench',
        familyName: 'Registro',
        birthDate: { day: '1', month: '2', year: '1990' },
        email: `r-${unique}@bench.tambo`,
        phone: '',
        password: PASSWORD,
      },
      'es',
    );
    if (!result.ok) throw new Error('bench registration refused');
  });
  await verify(0.5);
  await signIn(0.5);
  const a = await abba(options.seconds, verify, signIn);
  const b = await abba(options.seconds, hash, register);
  const ratio = (subject: Figures, base: Figures) => (base.perSecond > 0 ? subject.perSecond / base.perSecond : null);
  return {
    signIn: { baseline: a.baseline, tambo: a.subject, ratio: ratio(a.subject, a.baseline) },
    registration: { baseline: b.baseline, tambo: b.subject, ratio: ratio(b.subject, b.baseline) },
  };
}
