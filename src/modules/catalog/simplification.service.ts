// The simplification history of a procedure (issue #25, docs/entities.md): each published
// version's burden on the person and the saving against the version before it and against
// the first one (positive: the person does, pays or waits less).
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { type BurdenRow, selectBurdenHistory } from './simplification.queries.ts';

export interface Saving {
  steps: number;
  requirements: number;
  cost: number | null;
  days: number;
  visits: number;
}

export interface SimplificationStep extends BurdenRow {
  /** Against the previous version; null for the first. */
  saving: Saving | null;
}

export interface SimplificationHistory {
  slug: string;
  versions: SimplificationStep[];
  /** The first published version against the one in force. */
  total: Saving;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function saving(before: BurdenRow, after: BurdenRow): Saving {
  return {
    steps: before.steps - after.steps,
    requirements: before.requirements - after.requirements,
    cost: before.cost === null || after.cost === null ? null : round2(before.cost - after.cost),
    days: before.days - after.days,
    visits: before.visits - after.visits,
  };
}

export async function simplificationHistory(deps: Pick<Deps, 'db'>, slug: string): Promise<SimplificationHistory> {
  const rows = await selectBurdenHistory(deps.db, slug);
  if (!rows || rows.length === 0) throw new AppError('CATALOG_PROCEDURE_NOT_FOUND', { params: { slug } });
  const versions = rows.map((row, i) => ({ ...row, saving: i === 0 ? null : saving(rows[i - 1]!, row) }));
  return { slug, versions, total: saving(rows[0]!, rows[rows.length - 1]!) };
}
