// Private keys at rest: sealed (src/platform/keys/seal.ts: AES-256-GCM, HKDF-SHA-256 of the
// version's bytes, label `signing-keys`) under the `signing-keys` purpose key,
// `v<version>.<iv>.<ciphertext>.<tag>` in base64url. The key is in the configuration
// (SESSION_SECRET or KEYRING_FILE), never in the database, so a database dump alone does not
// give the agencies' keys. Rotating the purpose (`keys:rotate -- signing-keys`) seals new
// keys with the new version; stored ones open with the version they name.
import { openValue, sealValue } from '../keys/seal.ts';
import { type KeySource, purposeKeys } from '../keys/secrets.ts';

const AAD = Buffer.from('tambo signing key');

export const sealPrivateKey = (source: KeySource, pkcs8: Buffer): string => sealValue(purposeKeys(source, 'signing-keys'), AAD, pkcs8);

export const openPrivateKey = (source: KeySource, sealed: string): Buffer => openValue(purposeKeys(source, 'signing-keys'), AAD, sealed);
