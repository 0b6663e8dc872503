// SQL of report categories and routing rules.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { Category, CategoryQuestion, RoutingRule, RoutingRuleRow } from './report.types.ts';

interface CategoryRow {
  code: string;
  name_es: string;
  name_en: string;
  description_es: string;
  description_en: string;
  questions: CategoryQuestion[];
  is_anonymous_allowed: boolean;
  is_agency_complaint: boolean;
  legal_response_days: number;
  contest_days: number;
  duplicate_radius_m: number;
}
const toCategory = (r: CategoryRow): Category => ({
  code: r.code,
  name: { es: r.name_es, en: r.name_en },
  description: { es: r.description_es, en: r.description_en },
  questions: [...r.questions].sort((a, b) => a.order - b.order),
  anonymousAllowed: r.is_anonymous_allowed,
  isAgencyComplaint: r.is_agency_complaint,
  legalResponseDays: r.legal_response_days,
  contestDays: r.contest_days,
  duplicateRadiusM: r.duplicate_radius_m,
});

export async function findCategories(db: Queryable): Promise<Category[]> {
  const result = await sql<CategoryRow>`SELECT * FROM reports.category WHERE is_active ORDER BY position, code`.execute(db);
  return result.rows.map(toCategory);
}

export async function findCategory(db: Queryable, code: string): Promise<Category | undefined> {
  const result = await sql<CategoryRow>`SELECT * FROM reports.category WHERE code = ${code} AND is_active`.execute(db);
  return result.rows[0] ? toCategory(result.rows[0]) : undefined;
}

/** Inserts or updates a category; returns whether anything changed. */
export async function upsertCategory(db: Queryable, c: Category, position: number): Promise<boolean> {
  const result = await sql`
    INSERT INTO reports.category (code, name_es, name_en, description_es, description_en, questions, is_anonymous_allowed, is_agency_complaint, legal_response_days, contest_days, duplicate_radius_m, position)
    VALUES (${c.code}, ${c.name.es}, ${c.name.en}, ${c.description.es}, ${c.description.en}, ${JSON.stringify(c.questions)}::jsonb, ${c.anonymousAllowed}, ${c.isAgencyComplaint}, ${c.legalResponseDays}, ${c.contestDays}, ${c.duplicateRadiusM}, ${position})
    ON CONFLICT (code) DO UPDATE SET name_es = EXCLUDED.name_es, name_en = EXCLUDED.name_en, description_es = EXCLUDED.description_es,
      description_en = EXCLUDED.description_en, questions = EXCLUDED.questions, is_anonymous_allowed = EXCLUDED.is_anonymous_allowed,
      is_agency_complaint = EXCLUDED.is_agency_complaint, legal_response_days = EXCLUDED.legal_response_days, contest_days = EXCLUDED.contest_days,
      duplicate_radius_m = EXCLUDED.duplicate_radius_m, position = EXCLUDED.position
    WHERE (category.name_es, category.name_en, category.description_es, category.description_en, category.questions, category.is_anonymous_allowed, category.is_agency_complaint, category.legal_response_days, category.contest_days, category.duplicate_radius_m, category.position)
      IS DISTINCT FROM (EXCLUDED.name_es, EXCLUDED.name_en, EXCLUDED.description_es, EXCLUDED.description_en, EXCLUDED.questions, EXCLUDED.is_anonymous_allowed, EXCLUDED.is_agency_complaint, EXCLUDED.legal_response_days, EXCLUDED.contest_days, EXCLUDED.duplicate_radius_m, EXCLUDED.position)`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function upsertRoutingRule(db: Queryable, rule: RoutingRule): Promise<boolean> {
  const result = await sql`
    INSERT INTO reports.routing_rule (category_code, territory_code, agency_code) VALUES (${rule.categoryCode}, ${rule.territoryCode}, ${rule.agencyCode})
    ON CONFLICT (category_code, territory_code) DO UPDATE SET agency_code = EXCLUDED.agency_code WHERE routing_rule.agency_code <> EXCLUDED.agency_code`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Rules of a category for any of the territories (or for anywhere). */
export async function findRoutingRules(db: Queryable, categoryCode: string, territoryCodes: string[]): Promise<RoutingRule[]> {
  const result = await sql<{ category_code: string; territory_code: string | null; agency_code: string }>`
    SELECT category_code, territory_code, agency_code FROM reports.routing_rule
     WHERE category_code = ${categoryCode} AND (territory_code IS NULL OR territory_code = ANY(${territoryCodes}::text[]))`.execute(db);
  return result.rows.map((r) => ({ categoryCode: r.category_code, territoryCode: r.territory_code, agencyCode: r.agency_code }));
}

export async function findAllRoutingRules(db: Queryable): Promise<RoutingRule[]> {
  const result = await sql<{ category_code: string; territory_code: string | null; agency_code: string }>`
    SELECT category_code, territory_code, agency_code FROM reports.routing_rule ORDER BY category_code, territory_code NULLS FIRST`.execute(db);
  return result.rows.map((r) => ({ categoryCode: r.category_code, territoryCode: r.territory_code, agencyCode: r.agency_code }));
}

/** Changes what an administrator may edit on a category; returns whether anything changed. */
export async function updateCategorySettings(db: Queryable, code: string, v: { legalResponseDays: number; anonymousAllowed: boolean; contestDays: number }): Promise<boolean> {
  const result = await sql`
    UPDATE reports.category SET legal_response_days = ${v.legalResponseDays}, is_anonymous_allowed = ${v.anonymousAllowed}, contest_days = ${v.contestDays}
     WHERE code = ${code} AND is_active
       AND (legal_response_days, is_anonymous_allowed, contest_days) IS DISTINCT FROM (${v.legalResponseDays}::int, ${v.anonymousAllowed}::boolean, ${v.contestDays}::int)`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function findRoutingRuleRows(db: Queryable): Promise<RoutingRuleRow[]> {
  const result = await sql<{ id: string; category_code: string; territory_code: string | null; agency_code: string }>`
    SELECT id, category_code, territory_code, agency_code FROM reports.routing_rule ORDER BY category_code, territory_code NULLS FIRST`.execute(db);
  return result.rows.map((r) => ({ id: Number(r.id), categoryCode: r.category_code, territoryCode: r.territory_code, agencyCode: r.agency_code }));
}

/** Adds a rule; undefined when the category already has one for that territory. */
export async function insertRoutingRule(db: Queryable, rule: RoutingRule): Promise<number | undefined> {
  const result = await sql<{ id: string }>`
    INSERT INTO reports.routing_rule (category_code, territory_code, agency_code) VALUES (${rule.categoryCode}, ${rule.territoryCode}, ${rule.agencyCode})
    ON CONFLICT (category_code, territory_code) DO NOTHING RETURNING id`.execute(db);
  return result.rows[0] ? Number(result.rows[0].id) : undefined;
}

export async function deleteRoutingRule(db: Queryable, id: number): Promise<RoutingRule | undefined> {
  const result = await sql<{ category_code: string; territory_code: string | null; agency_code: string }>`
    DELETE FROM reports.routing_rule WHERE id = ${id} RETURNING category_code, territory_code, agency_code`.execute(db);
  const r = result.rows[0];
  return r ? { categoryCode: r.category_code, territoryCode: r.territory_code, agencyCode: r.agency_code } : undefined;
}
