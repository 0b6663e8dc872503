// `npm run keys:rotate`: the lifecycle of the provider's signing keys (see
// docs/identity-operations.md). Every unretired key is published at /auth/jwks; the newest
// one signs. Processes read the keys when they start, so each step takes effect as the
// processes restart (a rolling restart: no downtime).
//
//   npm run keys:rotate                     add a key that signs from each process's next start
//   npm run keys:rotate -- --staged         add a key that is only published (two-step rotation)
//   npm run keys:rotate -- --activate KID   make a published key the one that signs
//   npm run keys:rotate -- --retire KID     stop publishing an old key (never the signing one)
//   npm run keys:rotate -- --list           list the keys
import { buildApp } from '../src/app.ts';
import { activateKey, addSigningKey, listSigningKeys, retireKey } from '../src/modules/identity/index.ts';
import { fail, withDatabase } from './cli.ts';

const args = process.argv.slice(2);
const flagValue = (flag: string) => {
  const index = args.indexOf(flag);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (!value || value.startsWith('--')) fail(`${flag} needs a key id (see --list)`);
  return value;
};

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
