// The plan's goals per level of the State (issue #25, docs/entities.md), computed from the
// register of public entities (agencies), the plans in force and the yearly reports kept here,
// and the catalog's offer of procedures: every per-entity figure broken down by level.
import type { Deps } from '../../platform/module.ts';
import { type AgencyLevel, LEVEL_GROUPS, type LevelGroup, levelGroupOf, listAgencies } from '../agencies/index.ts';
import { proceduresOfferedByAgency } from '../catalog/index.ts';
import { selectPlanOwnersInForce, selectReportingAgencies } from './observatory.queries.ts';

/** One entity's figures in a year. */
export interface EntityFigures {
  code: string;
  name: string;
  level: AgencyLevel;
  group: LevelGroup;
  /** Owns a plan whose years include the year. */
  planInForce: boolean;
  /** Filed its yearly report on some plan for the year. */
  reportFiled: boolean;
  /** Published procedures today, and how many of them are online. */
  published: number;
  online: number;
}

/** The figures of a set of entities (a level, or a level of the State) added up. */
export interface LevelRow {
  key: string;
  entities: number;
  withPlan: number;
  reporting: number;
  offeringOnline: number;
  published: number;
  online: number;
}

/** A goal of the plan written for a level of the State (seed 001, section VIII). */
export interface LevelGoal {
  code: 'central-plan' | 'central-reporting' | 'territorial-online';
  /** Strategic line of seed 001 the goal comes from. */
  line: number;
  group: LevelGroup;
  numerator: number;
  denominator: number;
  /** Percent, 2 decimals; null when the level has no entities. */
  value: number | null;
  target: number;
  targetYear: number;
  met: boolean;
}

export interface LevelsView {
  year: number;
  goals: LevelGoal[];
  groups: Array<{ group: LevelGroup; total: LevelRow; levels: LevelRow[] }>;
  entities: EntityFigures[];
}

const GOALS: Array<Omit<LevelGoal, 'numerator' | 'denominator' | 'value' | 'met'> & { counts: (e: EntityFigures) => boolean }> = [
  // Line 7: 100 % of the central level's entities use the planning platforms (here: a plan in force).
  { code: 'central-plan', line: 7, group: 'central', target: 100, targetYear: 2025, counts: (e) => e.planInForce },
  // Section X, follow-up: every central entity reports on the plan each year.
  { code: 'central-reporting', line: 7, group: 'central', target: 100, targetYear: 2025, counts: (e) => e.reportFiled },
  // Line 12: 30 % of the autonomous territorial entities have e-government means (here: a procedure online).
  { code: 'territorial-online', line: 12, group: 'territorial', target: 30, targetYear: 2025, counts: (e) => e.online > 0 },
];

const percent = (numerator: number, denominator: number) => (denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 100);

function addUp(key: string, entities: EntityFigures[]): LevelRow {
  return {
    key,
    entities: entities.length,
    withPlan: entities.filter((e) => e.planInForce).length,
    reporting: entities.filter((e) => e.reportFiled).length,
    offeringOnline: entities.filter((e) => e.online > 0).length,
    published: entities.reduce((sum, e) => sum + e.published, 0),
    online: entities.reduce((sum, e) => sum + e.online, 0),
  };
}

/** Every entity of the register with its figures in `year`. */
export async function entityFigures(deps: Deps, year: number): Promise<EntityFigures[]> {
  const [agencies, offer, planOwners, reporters] = await Promise.all([
    listAgencies(deps),
    proceduresOfferedByAgency(deps),
    selectPlanOwnersInForce(deps.db, year),
    selectReportingAgencies(deps.db, year),
  ]);
  const offered = new Map(offer.map((o) => [o.agencyCode, o]));
  const withPlan = new Set(planOwners);
  const reporting = new Set(reporters);
  return agencies.map((a) => ({
    code: a.code,
    name: a.name,
    level: a.level,
    group: levelGroupOf(a.level),
    planInForce: withPlan.has(a.code),
    reportFiled: reporting.has(a.code),
    published: offered.get(a.code)?.published ?? 0,
    online: offered.get(a.code)?.online ?? 0,
  }));
}

/** The goals per level and the figures by level of the State and by level, in `year`. */
export async function levelsView(deps: Deps, year: number): Promise<LevelsView> {
  const entities = await entityFigures(deps, year);
  const goals = GOALS.map(({ counts, ...goal }) => {
    const inGroup = entities.filter((e) => e.group === goal.group);
    const numerator = inGroup.filter(counts).length;
    const value = percent(numerator, inGroup.length);
    return { ...goal, numerator, denominator: inGroup.length, value, met: value !== null && value >= goal.target };
  });
  const groups = (Object.entries(LEVEL_GROUPS) as Array<[LevelGroup, readonly AgencyLevel[]]>).map(([group, levels]) => ({
    group,
    total: addUp(
      group,
      entities.filter((e) => e.group === group),
    ),
    levels: levels.map((level) =>
      addUp(
        level,
        entities.filter((e) => e.level === level),
      ),
    ),
  }));
  return { year, goals, groups, entities };
}
