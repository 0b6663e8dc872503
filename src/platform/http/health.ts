// Liveness (the process answers) and readiness (the database answers and every migration
// is applied), for load balancers and orchestrators.
import { Type } from 'typebox';
import type pg from 'pg';
import { countPending, databaseAnswers, type Migration } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import type { TamboApp } from './app-types.ts';

const HealthSchema = Type.Object({ status: Type.Literal('ok') }, { $id: 'Health' });
const ReadySchema = Type.Object(
  {
    status: Type.Literal('ok'),
    database: Type.Literal('ok'),
    pendingMigrations: Type.Integer(),
  },
  { $id: 'Ready' },
);

export function registerHealth(app: TamboApp, pool: pg.Pool, migrations: Migration[]): void {
  // Migrations are never undone under a running process: once this process has seen every one
  // of its own applied, a probe only has to prove that the database answers (one row, not the
  // whole migration table: probes come often, and that read cost three times `SELECT 1`).
  let allApplied = false;
  app.get(
    '/health/live',
    {
      config: { rateLimit: false },
      schema: { tags: ['health'], operationId: 'getLive', summary: 'The process is alive', response: { 200: HealthSchema } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        operationId: 'getReady',
        'x-errors': ['NOT_READY'],
        summary: 'The database answers and every migration is applied',
        response: { 200: ReadySchema },
      },
    },
    async () => {
      let pending = 0;
      try {
        // Reading the migration table proves the database answers too.
        if (allApplied) await databaseAnswers(pool);
        else pending = await countPending(pool, migrations);
      } catch (error) {
        throw new AppError('NOT_READY', { cause: error });
      }
      if (pending > 0) throw new AppError('NOT_READY', { params: { pending } });
      allApplied = true;
      return { status: 'ok' as const, database: 'ok' as const, pendingMigrations: 0 };
    },
  );
}
