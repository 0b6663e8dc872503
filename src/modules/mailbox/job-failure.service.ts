// The platform's alert of a job that failed for good (`platform.job_failed`, emitted by
// src/platform/jobs/failures.ts) reaches every platform administrator's mailbox, once per
// event and administrator. It names the job and the kind of error, never personal data.
import type { DomainEvent } from '../../platform/events/outbox.ts';
import { asSentence, createFormatter } from '../../platform/i18n/format.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import type { JobFailedPayload } from '../../platform/jobs/failures.ts';
import type { Deps } from '../../platform/module.ts';
import { findPlatformAdmins } from '../identity/index.ts';
import { notifyAccount } from './mailbox.service.ts';

/** The sender of the platform's own notices (no agency sends them). */
export const PLATFORM_SENDER = 'TAMBO';

export async function alertPlatformAdminsOfJobFailure(event: DomainEvent, deps: Deps): Promise<void> {
  const p = event.payload as Partial<JobFailedPayload>;
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const error = p.error ? [p.error.kind, p.error.errorCode, p.error.message].filter(Boolean).join(': ') : '';
  const failedAt = createFormatter(DEFAULT_LOCALE, deps.catalogs).dateTime(new Date(p.failedAt ?? event.createdAt));
  const params = { job: String(p.job ?? ''), jobId: String(p.jobId ?? ''), attempts: Number(p.attempts ?? 0), error: asSentence(error), failedAt };
  for (const accountId of await findPlatformAdmins(deps)) {
    await notifyAccount(deps, {
      accountId,
      agencyCode: PLATFORM_SENDER,
      subject: t('mailbox.jobFailed.subject', params),
      body: t('mailbox.jobFailed.body', params),
      source: 'platform',
      key: `job-failed:${event.id}:${accountId}`,
    });
  }
}
