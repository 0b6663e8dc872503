// Platform administration of reports: each category's legal response time, whether it
// accepts anonymous reports and its contest period; the routing rules (category × territory
// → agency). Platform administrators only; every change audited in its transaction.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { getAgency } from '../agencies/index.ts';
import { type Account, requirePlatformAdmin } from '../identity/index.ts';
import { getTerritoryWithAncestors } from '../territories/index.ts';
import { deleteRoutingRule, findCategory, findRoutingRuleRows, insertRoutingRule, updateCategorySettings } from './categories.queries.ts';
import type { RoutingRuleRow } from './report.types.ts';
import { routingChanged } from './routing.service.ts';

type D = Pick<Deps, 'db'>;
type Admin = Pick<Account, 'id' | 'isPlatformAdmin'>;

const whole = (text: string, min: number, max: number): number | undefined => {
  if (!/^\d{1,4}$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : undefined;
};

export interface CategorySettingsInput {
  legalResponseDays: string;
  anonymousAllowed: boolean;
  contestDays: string;
}

/** Sets a category's legal response days (1–365), anonymous reports allowed, and contest period (0–365 business days). */
export async function saveCategorySettings(deps: D, admin: Admin, code: string, input: CategorySettingsInput, requestId?: string): Promise<void> {
  requirePlatformAdmin(admin);
  if (!(await findCategory(deps.db, code))) throw new AppError('REPORT_CATEGORY_NOT_FOUND', { params: { code } });
  const legalResponseDays = whole(input.legalResponseDays, 1, 365);
  const contestDays = whole(input.contestDays, 0, 365);
  const fields: FieldError[] = [];
  if (legalResponseDays === undefined) fields.push({ field: '/legalResponseDays', messageKey: 'reports.admin.errors.legalResponseDays' });
  if (contestDays === undefined) fields.push({ field: '/contestDays', messageKey: 'reports.admin.errors.contestDays' });
  if (legalResponseDays === undefined || contestDays === undefined) throw new AppError('VALIDATION_FAILED', { fields });
  const values = { legalResponseDays, anonymousAllowed: input.anonymousAllowed, contestDays };
  await deps.db.transaction().execute(async (trx) => {
    if (!(await updateCategorySettings(trx, code, values))) return;
    await routingChanged(trx);
    await recordAudit(trx, { actor: { type: 'admin', id: admin.id }, action: 'reports.category_saved', subject: { type: 'report_category', id: code }, data: values, requestId: requestId ?? null });
  });
}

export async function listRoutingRulesForAdmin(deps: D, admin: Admin): Promise<RoutingRuleRow[]> {
  requirePlatformAdmin(admin);
  return findRoutingRuleRows(deps.db);
}

/** Adds a rule: an existing category, a known territory (empty: the whole country), a known agency; one rule per category and territory. */
export async function addRoutingRule(deps: D, admin: Admin, input: { categoryCode: string; territoryCode: string; agencyCode: string }, requestId?: string): Promise<void> {
  requirePlatformAdmin(admin);
  const fields: FieldError[] = [];
  const category = await findCategory(deps.db, input.categoryCode);
  if (!category) fields.push({ field: '/categoryCode', messageKey: 'reports.errors.category' });
  const territoryCode = input.territoryCode.trim() || null;
  if (territoryCode) {
    try {
      await getTerritoryWithAncestors(deps, territoryCode);
    } catch {
      fields.push({ field: '/territoryCode', messageKey: 'reports.errors.territory' });
    }
  }
  let agencyCode = '';
  try {
    agencyCode = (await getAgency(deps, input.agencyCode.trim())).code;
  } catch {
    fields.push({ field: '/agencyCode', messageKey: 'reports.errors.agency' });
  }
  if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  const rule = { categoryCode: category!.code, territoryCode, agencyCode };
  await deps.db.transaction().execute(async (trx) => {
    const id = await insertRoutingRule(trx, rule);
    if (id === undefined) throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/territoryCode', messageKey: 'reports.admin.errors.ruleExists' }] });
    await routingChanged(trx);
    await recordAudit(trx, {
      actor: { type: 'admin', id: admin.id },
      action: 'reports.routing_rule_added',
      subject: { type: 'report_category', id: rule.categoryCode },
      data: { ruleId: id, territory: territoryCode, agency: agencyCode },
      requestId: requestId ?? null,
    });
  });
}

export async function removeRoutingRule(deps: D, admin: Admin, id: number, requestId?: string): Promise<void> {
  requirePlatformAdmin(admin);
  await deps.db.transaction().execute(async (trx) => {
    const removed = await deleteRoutingRule(trx, id);
    if (!removed) return;
    await routingChanged(trx);
    await recordAudit(trx, {
      actor: { type: 'admin', id: admin.id },
      action: 'reports.routing_rule_removed',
      subject: { type: 'report_category', id: removed.categoryCode },
      data: { ruleId: id, territory: removed.territoryCode, agency: removed.agencyCode },
      requestId: requestId ?? null,
    });
  });
}
