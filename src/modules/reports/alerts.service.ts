// Alerts: people subscribe to new reports in a territory (and below) or within a circle; each
// new report raises one `reports.alert` event per matching subscription.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { getTerritoryWithAncestors } from '../territories/index.ts';
import { deleteSubscription, findMatchingSubscriptions, findSubscriptionsOf, insertSubscription, type Subscription } from './alerts.queries.ts';

export const MAX_ALERT_RADIUS_M = 20_000;

/** Subscribes a person to new reports in a territory (and below) or within a circle. */
export async function subscribeToReports(
  deps: Pick<Deps, 'db'>,
  accountId: string,
  target: { territoryCode: string } | { lat: number; lon: number; radiusM: number },
  requestId?: string,
): Promise<number> {
  if ('territoryCode' in target) {
    try {
      await getTerritoryWithAncestors(deps, target.territoryCode);
    } catch {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/territoryCode', messageKey: 'reports.errors.territory' }] });
    }
  } else {
    const fields: FieldError[] = [];
    if (!Number.isFinite(target.lat) || Math.abs(target.lat) > 90) fields.push({ field: '/lat', messageKey: 'reports.errors.point' });
    if (!Number.isFinite(target.lon) || Math.abs(target.lon) > 180) fields.push({ field: '/lon', messageKey: 'reports.errors.point' });
    if (!Number.isInteger(target.radiusM) || target.radiusM < 10 || target.radiusM > MAX_ALERT_RADIUS_M) fields.push({ field: '/radiusM', messageKey: 'reports.errors.radius' });
    if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  }
  return deps.db.transaction().execute(async (trx) => {
    const id = await insertSubscription(trx, { accountId, ...target });
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'reports.alert_subscribed', subject: { type: 'report_subscription', id: String(id) }, requestId: requestId ?? null });
    return id;
  });
}

export async function unsubscribeFromReports(deps: Pick<Deps, 'db'>, accountId: string, id: number, requestId?: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    if (!(await deleteSubscription(trx, accountId, id))) throw new AppError('NOT_FOUND');
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'reports.alert_unsubscribed', subject: { type: 'report_subscription', id: String(id) }, requestId: requestId ?? null });
  });
}

export async function listSubscriptions(deps: Pick<Deps, 'db'>, accountId: string): Promise<Subscription[]> {
  return findSubscriptionsOf(deps.db, accountId);
}

/** What a `reports.submitted` event says about the new report, as alerts need it. */
export type SubmittedReport = {
  reportId: number;
  code: string;
  agencyCode: string | null;
  agencyName: string | null;
  territoryPath: string[];
  lat: number | null;
  lon: number | null;
  categoryCode: string;
  path: string;
};

/** One `reports.alert` event per subscriber whose territory or circle the new report falls in (the mailbox or e-mail wiring subscribes to it). */
export async function alertSubscribers(deps: Pick<Deps, 'db'>, p: SubmittedReport, sourceEventId: number): Promise<void> {
  const subscriptions = await findMatchingSubscriptions(deps.db, p.territoryPath, p.lat, p.lon);
  if (subscriptions.length === 0) return;
  await deps.db.transaction().execute(async (trx) => {
    for (const s of subscriptions) {
      await emitEvent(trx, 'reports.alert', {
        subscriptionId: s.id,
        accountId: s.accountId,
        reportId: p.reportId,
        code: p.code,
        categoryCode: p.categoryCode,
        agencyCode: p.agencyCode,
        agencyName: p.agencyName,
        path: p.path,
        sourceEventId,
      });
    }
  });
}
