// Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane).
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

// Verified against when the account does not exist, so that the answer takes as long.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('tambo-no-such-account');
  return dummy;
}

/** Our password rule: at least 10 characters, not only digits, not the document number. */
export function passwordProblem(password: string, documentNumber?: string): string | undefined {
  if (password.length < 10) return 'identity.password.tooShort';
  if (password.length > 200) return 'identity.password.tooLong';
  if (/^\d+$/.test(password)) return 'identity.password.onlyDigits';
  if (documentNumber && password.replace(/\W/g, '').includes(documentNumber.replace(/\W/g, ''))) return 'identity.password.containsDocument';
  return undefined;
}
