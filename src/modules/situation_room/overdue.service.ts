// The room's list of the worst overdue items: every module's `overdue` declaration (the module
// contract), public ones for everyone and the others for the room's operators, merged and
// ordered by how long ago their legal time ran out. The room never reads a module's tables.
import type { Deps, ModuleDefinition, OverdueDeclaration, OverdueItem } from '../../platform/module.ts';

export interface OverdueSource {
  module: string;
  declaration: OverdueDeclaration;
}

export interface RoomOverdueItem extends OverdueItem {
  /** Message key naming the kind of item (the declaring module's `labelKey`). */
  labelKey: string;
  /** Whole days since its legal time ran out. */
  daysLate: number;
}

/** Every module that declares overdue items, in module order. */
export function overdueSources(modules: readonly ModuleDefinition[]): OverdueSource[] {
  return modules.flatMap((m) => (m.overdue ? [{ module: m.name, declaration: m.overdue }] : []));
}

export const WORST_OVERDUE = 10;

export async function worstOverdue(
  deps: Deps,
  sources: readonly OverdueSource[],
  scope: { territory: string | null; agency: string | null; operator: boolean; locale: 'es' | 'en'; now?: Date },
  limit = WORST_OVERDUE,
): Promise<RoomOverdueItem[]> {
  const now = scope.now ?? new Date();
  const visible = sources.filter((s) => s.declaration.public || scope.operator);
  const lists = await Promise.all(
    visible.map(async (s) =>
      (await s.declaration.list(deps, { territory: scope.territory, agency: scope.agency, now, limit, locale: scope.locale })).map((item) => ({
        ...item,
        labelKey: s.declaration.labelKey,
        daysLate: Math.floor((now.getTime() - item.dueAt.getTime()) / 86_400_000),
      })),
    ),
  );
  return lists
    .flat()
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
    .slice(0, limit);
}
