// SQL of report categories and routing rules.
import { type Selectable, sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import { EXTRA_LANGUAGES } from '../../platform/i18n/i18n.ts';
import type { CategoryRow, Tables } from './db.generated.ts';
import type { Category, CategoryQuestion, RoutingRule, RoutingRuleRow } from './report.types.ts';

const categoryColumns = [
  'code',
  'name_es',
  'name_en',
  'description_es',
  'description_en',
  'questions',
  'is_anonymous_allowed',
  'is_agency_complaint',
  'legal_response_days',
  'contest_days',
  'duplicate_radius_m',
  'translations',
] as const;
type CategoryTranslations = Record<string, { name?: string; description?: string }>;
/** One field of the other languages' texts, as `LocalizedText` keys. */
const extraTexts = (translations: CategoryTranslations, field: 'name' | 'description') =>
  Object.fromEntries(EXTRA_LANGUAGES.flatMap((language) => (translations[language]?.[field] ? [[language, translations[language][field]]] : [])));
/** The `translations` column of a category: its other languages' texts, drafts until reviewed. */
const translationsOf = (c: Category): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const language of EXTRA_LANGUAGES) {
    const name = c.name[language];
    const description = c.description[language];
    if (name || description) out[language] = { ...(name ? { name } : {}), ...(description ? { description } : {}) };
  }
  return Object.keys(out).length > 0 ? { _meta: { status: 'draft' }, ...out } : {};
};
const toCategory = (r: Pick<Selectable<CategoryRow>, (typeof categoryColumns)[number]>): Category => ({
  code: r.code,
  name: { ...extraTexts(r.translations as CategoryTranslations, 'name'), es: r.name_es, en: r.name_en },
  description: { ...extraTexts(r.translations as CategoryTranslations, 'description'), es: r.description_es, en: r.description_en },
  // `questions` is jsonb written only by upsertCategory, from Category.questions.
  questions: [...(r.questions as unknown as CategoryQuestion[])].sort((a, b) => a.order - b.order),
  anonymousAllowed: r.is_anonymous_allowed,
  isAgencyComplaint: r.is_agency_complaint,
  legalResponseDays: r.legal_response_days,
  contestDays: r.contest_days,
  duplicateRadiusM: r.duplicate_radius_m,
});

const ruleColumns = ['category_code', 'territory_code', 'agency_code'] as const;
const toRule = (r: Pick<Selectable<Tables['reports.routing_rule']>, (typeof ruleColumns)[number]>): RoutingRule => ({
  categoryCode: r.category_code,
  territoryCode: r.territory_code,
  agencyCode: r.agency_code,
});

export async function findCategories(db: Queryable): Promise<Category[]> {
  const rows = await typed<Tables>(db).selectFrom('reports.category').select(categoryColumns).where('is_active', '=', true).orderBy('position').orderBy('code').execute();
  return rows.map(toCategory);
}

export async function findCategory(db: Queryable, code: string): Promise<Category | undefined> {
  const row = await typed<Tables>(db).selectFrom('reports.category').select(categoryColumns).where('code', '=', code).where('is_active', '=', true).executeTakeFirst();
  return row ? toCategory(row) : undefined;
}

/** Inserts or updates a category; returns whether anything changed. */
export async function upsertCategory(db: Queryable, c: Category, position: number): Promise<boolean> {
  const result = await sql`
    INSERT INTO reports.category (code, name_es, name_en, description_es, description_en, translations, questions, is_anonymous_allowed, is_agency_complaint, legal_response_days, contest_days, duplicate_radius_m, position)
    VALUES (${c.code}, ${c.name.es}, ${c.name.en}, ${c.description.es}, ${c.description.en}, ${JSON.stringify(translationsOf(c))}::jsonb, ${JSON.stringify(c.questions)}::jsonb, ${c.anonymousAllowed}, ${c.isAgencyComplaint}, ${c.legalResponseDays}, ${c.contestDays}, ${c.duplicateRadiusM}, ${position})
    ON CONFLICT (code) DO UPDATE SET name_es = EXCLUDED.name_es, name_en = EXCLUDED.name_en, description_es = EXCLUDED.description_es,
      description_en = EXCLUDED.description_en, translations = EXCLUDED.translations, questions = EXCLUDED.questions, is_anonymous_allowed = EXCLUDED.is_anonymous_allowed,
      is_agency_complaint = EXCLUDED.is_agency_complaint, legal_response_days = EXCLUDED.legal_response_days, contest_days = EXCLUDED.contest_days,
      duplicate_radius_m = EXCLUDED.duplicate_radius_m, position = EXCLUDED.position
    WHERE (category.name_es, category.name_en, category.description_es, category.description_en, category.translations, category.questions, category.is_anonymous_allowed, category.is_agency_complaint, category.legal_response_days, category.contest_days, category.duplicate_radius_m, category.position)
      IS DISTINCT FROM (EXCLUDED.name_es, EXCLUDED.name_en, EXCLUDED.description_es, EXCLUDED.description_en, EXCLUDED.translations, EXCLUDED.questions, EXCLUDED.is_anonymous_allowed, EXCLUDED.is_agency_complaint, EXCLUDED.legal_response_days, EXCLUDED.contest_days, EXCLUDED.duplicate_radius_m, EXCLUDED.position)`.execute(
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
  const rows = await typed<Tables>(db)
    .selectFrom('reports.routing_rule')
    .select(ruleColumns)
    .where('category_code', '=', categoryCode)
    .where((eb) => (territoryCodes.length > 0 ? eb.or([eb('territory_code', 'is', null), eb('territory_code', 'in', territoryCodes)]) : eb('territory_code', 'is', null)))
    .execute();
  return rows.map(toRule);
}

const allRules = (db: Queryable) =>
  typed<Tables>(db)
    .selectFrom('reports.routing_rule')
    .orderBy('category_code')
    .orderBy('territory_code', (ob) => ob.asc().nullsFirst());

export async function findAllRoutingRules(db: Queryable): Promise<RoutingRule[]> {
  return (await allRules(db).select(ruleColumns).execute()).map(toRule);
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
  const rows = await allRules(db)
    .select(['id', ...ruleColumns])
    .execute();
  return rows.map((r) => ({ id: Number(r.id), ...toRule(r) }));
}

/** Adds a rule; undefined when the category already has one for that territory. */
export async function insertRoutingRule(db: Queryable, rule: RoutingRule): Promise<number | undefined> {
  const row = await typed<Tables>(db)
    .insertInto('reports.routing_rule')
    .values({ category_code: rule.categoryCode, territory_code: rule.territoryCode, agency_code: rule.agencyCode })
    .onConflict((oc) => oc.columns(['category_code', 'territory_code']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export async function deleteRoutingRule(db: Queryable, id: number): Promise<RoutingRule | undefined> {
  const row = await typed<Tables>(db).deleteFrom('reports.routing_rule').where('id', '=', id).returning(ruleColumns).executeTakeFirst();
  return row ? toRule(row) : undefined;
}
