// Agencies' webhooks: where an agency's system receives its reports, and the scheduling of each delivery.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { enqueueJob } from '../../platform/jobs/queue.ts';
import type { Deps } from '../../platform/module.ts';
import { getAgency } from '../agencies/index.ts';
import type { Official } from './report.policy.ts';
import { findWebhooks, insertDelivery, upsertWebhook } from './webhooks.queries.ts';

// Job name as the platform registers it: `<module>:<job>` (see module.ts).
export const DELIVER_JOB = 'reports:deliver';

/** Delivers a timeline entry to the agency's system when it has a webhook (a retried job). */
export async function scheduleDelivery(trx: Queryable, reportId: number, eventId: number, agencyCode: string): Promise<void> {
  const deliveryId = await insertDelivery(trx, reportId, eventId, agencyCode);
  if (deliveryId) await enqueueJob(trx, DELIVER_JOB, { deliveryId }, { key: `report-delivery-${deliveryId}`, maxAttempts: 25 });
}

/** Sets where an agency's system receives its reports (agency administrators and platform administrators). */
export async function setAgencyWebhook(
  deps: Pick<Deps, 'db'>,
  who: Official & { roles?: Array<{ agencyCode: string; role: string }> },
  input: { agencyCode: string; url: string; secret: string; isActive: boolean },
  requestId?: string,
): Promise<void> {
  const isAgencyAdmin = (who.roles ?? []).some((r) => r.agencyCode === input.agencyCode && r.role === 'agency_admin');
  if (!who.isPlatformAdmin && !isAgencyAdmin) throw new AppError('REPORT_FORBIDDEN');
  const fields: FieldError[] = [];
  if (!/^https?:\/\/[^\s]+$/.test(input.url) || input.url.length > 500) fields.push({ field: '/url', messageKey: 'reports.errors.webhookUrl' });
  if (input.secret.length < 16 || input.secret.length > 200) fields.push({ field: '/secret', messageKey: 'reports.errors.webhookSecret' });
  if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  await getAgency(deps, input.agencyCode);
  await deps.db.transaction().execute(async (trx) => {
    await upsertWebhook(trx, input);
    await recordAudit(trx, {
      actor: { type: who.isPlatformAdmin ? 'admin' : 'official', id: who.accountId },
      action: 'reports.webhook_saved',
      subject: { type: 'agency', id: input.agencyCode },
      data: { url: input.url, isActive: input.isActive },
      requestId: requestId ?? null,
    });
  });
}

/** The webhooks (without their secrets) of the agencies a person administers. */
export async function listAgencyWebhooks(deps: Pick<Deps, 'db'>, agencyCodes: string[]): Promise<Array<{ agencyCode: string; url: string; isActive: boolean }>> {
  return (await findWebhooks(deps.db, agencyCodes)).map((w) => ({ agencyCode: w.agencyCode, url: w.url, isActive: w.isActive }));
}
