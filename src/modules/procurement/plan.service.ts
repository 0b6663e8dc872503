// The annual procurement plan (docs/procurement.md, "Annual plan"): an entity's officers list what
// it expects to buy in a year (CPV code, description, estimated amount, quarter); the plan is
// public and each item is published as an OCDS contracting process at its planning stage.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { getAgency } from '../agencies/index.ts';
import type { Account } from '../identity/index.ts';
import { buyerParty, OCID_PREFIX, planRelease } from './ocds.ts';
import * as q from './procurement.queries.ts';
import { requireOfficer } from './procurement.service.ts';
import { CPV_CODES, cpvLabel } from './procurement.types.ts';

export interface PlanInput {
  year: string;
  quarter: string;
  cpvCode: string;
  description: string;
  estimatedAmount: string;
}

const AMOUNT = /^\d{1,12}([.,]\d{1,2})?$/;

/** Adds an item to the entity's plan (once: the same item again changes nothing). */
export async function addPlanItem(deps: Deps, account: Pick<Account, 'id' | 'isPlatformAdmin'>, agencyCode: string, input: PlanInput, requestId: string | null = null): Promise<void> {
  await requireOfficer(deps, account, agencyCode);
  const fields: FieldError[] = [];
  const year = Number(input.year);
  const thisYear = new Date().getUTCFullYear();
  const description = input.description.trim();
  if (!/^\d{4}$/.test(input.year) || year < thisYear - 1 || year > thisYear + 2) fields.push({ field: 'year', messageKey: 'procurement.errors.planYear' });
  if (!/^[1-4]$/.test(input.quarter)) fields.push({ field: 'quarter', messageKey: 'procurement.errors.quarter' });
  if (!CPV_CODES.some((c) => c.code === input.cpvCode)) fields.push({ field: 'cpvCode', messageKey: 'procurement.errors.cpv' });
  if (description.length < 3 || description.length > 300) fields.push({ field: 'description', messageKey: 'procurement.errors.planDescription' });
  if (!AMOUNT.test(input.estimatedAmount) || Number(input.estimatedAmount.replace(',', '.')) <= 0) fields.push({ field: 'estimatedAmount', messageKey: 'procurement.errors.amount' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const agency = await getAgency(deps, agencyCode);
  const id = uuidv7();
  const item = {
    id,
    ocid: `${OCID_PREFIX}-${deps.country.code}-${id}`,
    agencyCode: agency.code,
    year,
    quarter: Number(input.quarter),
    cpvCode: input.cpvCode,
    description,
    estimatedAmount: Number(input.estimatedAmount.replace(',', '.')),
    currency: deps.country.currency,
  };
  await deps.db.transaction().execute(async (trx) => {
    if (!(await q.insertPlanItem(trx, { ...item, createdBy: account.id }))) return;
    await q.insertRelease(trx, planRelease(item, buyerParty(agency), cpvLabel(item.cpvCode, 'en'), `${item.ocid}-${uuidv7()}`, new Date()));
    await recordAudit(trx, {
      actor: { type: 'official', id: account.id },
      action: 'procurement.plan_item_added',
      subject: { type: 'plan_item', id },
      data: { agency: agency.code, year, quarter: item.quarter, cpv: item.cpvCode, amount: item.estimatedAmount },
      requestId,
    });
  });
}

/** An entity's plan for a year (public), with its total. */
export async function planOf(deps: Deps, agencyCode: string, year: number) {
  const agency = await getAgency(deps, agencyCode);
  const items = await q.listPlan(deps.db, agency.code, year);
  return { agency, year, items, total: items.reduce((sum, i) => sum + i.estimatedAmount, 0) };
}
