// `npm run seed`: loads the demo data of the configured country again (idempotent: running
// it twice changes nothing the second time).
import { buildApp } from '../src/app.ts';
import { fail, withDatabase } from './cli.ts';

await withDatabase(async (config) => {
  const app = await buildApp({ ...config, demo: false, logLevel: 'warn' }, { background: false });
  try {
    await app.tambo.seed();
    process.stdout.write(`demo data for ${config.country} loaded\n`);
  } finally {
    await app.close();
  }
}).catch(fail);
