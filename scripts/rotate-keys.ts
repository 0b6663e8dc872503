// `npm run keys:rotate`: the lifecycle of the platform keyring's signing keys (the provider's;
// see docs/identity-operations.md) and of the per-purpose secret keys (docs/security.md).
// Every unretired signing key is published at /auth/jwks, every key ever at /api/v1/keys;
// the newest one signs. Processes read the keys when they start, so each step takes effect
// as the processes restart (a rolling restart: no downtime).
//
//   npm run keys:rotate                     add a signing key that signs from each process's next start
//   npm run keys:rotate -- --staged         add a signing key that is only published (two-step rotation)
//   npm run keys:rotate -- --activate KID   make a published key the one that signs
//   npm run keys:rotate -- --retire KID     take an old key out of the provider's JWKS (never the signing one)
//   npm run keys:rotate -- --list           list the signing keys and the versions of every purpose
//   npm run keys:rotate -- PURPOSE          add a version of a per-purpose key to KEYRING_FILE (e.g. totp-seal)
import { ConfigError, loadConfig } from '../src/platform/config.ts';
import { addKeyVersion, PINNED_PURPOSES, PURPOSES, purposeKeys, type Purpose } from '../src/platform/keys/secrets.ts';
import { fail, withDatabase } from './cli.ts';

const args = process.argv.slice(2);
const purpose = PURPOSES.find((p) => p === args[0]);
if (args[0] && !args[0].startsWith('--') && !purpose) fail(`unknown purpose ${args[0]} (one of ${PURPOSES.join(', ')})`);
if (purpose) {
  rotatePurpose(purpose);
  process.exit(0);
}

function rotatePurpose(which: Purpose): void {
  let file: string | undefined;
  try {
    file = loadConfig().keyringFile;
  } catch (error) {
    fail(error instanceof ConfigError ? `${error.message}\nSee docs/config.md.` : error);
  }
  if (!file) fail('set KEYRING_FILE to the keyring file (it is created if missing; see docs/security.md#keys)');
  try {
    const version = addKeyVersion(file, which);
    process.stdout.write(`${which}: version ${version} added to ${file}. Copy the file to every host, then restart the processes one by one; values made with older versions stay readable.\n`);
  } catch (error) {
    fail(error);
  }
}
const flagValue = (flag: string) => {
  const index = args.indexOf(flag);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (!value || value.startsWith('--')) fail(`${flag} needs a key id (see --list)`);
  return value;
};

// Loaded only for the signing keys: a purpose's rotation needs neither the database nor the app.
const { buildApp } = await import('../src/app.ts');
const { activateKey, addSigningKey, listSigningKeys, retireKey } = await import('../src/modules/identity/index.ts');
await withDatabase(async (config) => {
  // Building the app applies pending migrations (and creates the first key on a new database).
  const app = await buildApp({ ...config, demo: false, logLevel: 'warn' }, { background: false });
  const { db } = app.tambo.deps;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const activate = flagValue('--activate');
    const retire = flagValue('--retire');
    if (args.includes('--list')) {
      for (const [index, key] of (await listSigningKeys(db)).entries()) {
        const state = key.retiredAt ? `retired ${key.retiredAt.toISOString()}` : index === 0 ? 'signing (at next start)' : 'published';
        out(`${key.kid}  created ${key.createdAt.toISOString()}  ${state}`);
      }
      for (const which of PURPOSES) {
        const keys = purposeKeys(config, which);
        const where = keys.versions.map((v) => `v${v.version}`).join(', ');
        out(`${which}: current v${keys.current.version} (versions ${where})${PINNED_PURPOSES.includes(which) ? ', never rotated' : ''}`);
      }
    } else if (activate) {
      if (!(await activateKey(db, activate))) fail(`no published key ${activate}`);
      out(`key ${activate} signs in every process started from now on; restart the processes one by one.`);
    } else if (retire) {
      const result = await retireKey(db, retire);
      if (result === 'signing') fail(`key ${retire} is the signing key: rotate first`);
      if (result === 'unknown') fail(`no published key ${retire}`);
      out(`key ${retire} retired: processes started from now on no longer publish it.`);
    } else {
      const staged = args.includes('--staged');
      const kid = await addSigningKey(db, { staged });
      out(
        staged
          ? `key ${kid} added, published but not signing. Restart every process, wait for relying parties' JWKS caches, then: npm run keys:rotate -- --activate ${kid}`
          : `key ${kid} added; each process signs with it from its next start (older keys stay published). Restart the processes one by one.`,
      );
    }
  } finally {
    await app.close();
  }
}).catch(fail);
