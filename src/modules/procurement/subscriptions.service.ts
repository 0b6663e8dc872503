// Supplier subscriptions (docs/procurement.md, "Subscriptions"): a representative, acting for an
// economic unit, subscribes it to CPV codes in territories; when a matching need is published
// (the `procurement.tender_published` outbox event) each subscribed representative who still
// represents the unit gets one notice in their mailbox. The delivery key is the process and the
// account, so a retried job, or two matching subscriptions, send nothing twice.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/outbox.ts';
import { createFormatter } from '../../platform/i18n/format.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { getAgency } from '../agencies/index.ts';
import { type Account, findAccount } from '../identity/index.ts';
import { notifyAccount } from '../mailbox/index.ts';
import { unitsRepresentedBy } from '../registries/index.ts';
import * as q from './procurement.queries.ts';
import { getTender } from './procurement.service.ts';
import { CPV_CODES, cpvLabel } from './procurement.types.ts';

const UUID = /^[0-9a-f-]{36}$/i;
const TERRITORY = /^[A-Z]{2}(-[A-Z0-9]+)*$/;

/** The unit the person acts for, if they represent it (subscriptions are the unit's, made by its representative). */
async function representedUnit(deps: Deps, person: Pick<Account, 'documentNumber'>, unitKey: string | undefined) {
  const unit = unitKey ? (await unitsRepresentedBy(deps, person.documentNumber)).find((u) => u.key === unitKey) : undefined;
  if (!unit) throw new AppError('PROCUREMENT_NOT_ACTING');
  return unit;
}

export async function mySubscriptions(deps: Deps, person: Pick<Account, 'id' | 'documentNumber'>, unitKey: string | undefined): Promise<q.Subscription[]> {
  const unit = await representedUnit(deps, person, unitKey);
  return q.listSubscriptions(deps.db, person.id, unit.key);
}

export async function subscribe(
  deps: Deps,
  person: Pick<Account, 'id' | 'documentNumber'>,
  unitKey: string | undefined,
  input: { cpvCode: string; territoryCode: string },
  requestId: string | null = null,
): Promise<void> {
  const unit = await representedUnit(deps, person, unitKey);
  const territoryCode = input.territoryCode.trim().toUpperCase();
  const fields: FieldError[] = [];
  if (!CPV_CODES.some((c) => c.code === input.cpvCode)) fields.push({ field: 'cpvCode', messageKey: 'procurement.errors.cpv' });
  if (!TERRITORY.test(territoryCode)) fields.push({ field: 'territoryCode', messageKey: 'procurement.errors.territory' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const id = uuidv7();
  await deps.db.transaction().execute(async (trx) => {
    // The same subscription again (a retry, a burst) is already there: nothing more to record.
    if (!(await q.insertSubscription(trx, { id, supplierKey: unit.key, accountId: person.id, cpvCode: input.cpvCode, territoryCode }))) return;
    await recordAudit(trx, {
      actor: { type: 'person', id: person.id },
      action: 'procurement.subscribed',
      subject: { type: 'subscription', id },
      data: { supplier: unit.key, cpv: input.cpvCode, territory: territoryCode },
      requestId,
    });
  });
}

export async function unsubscribe(deps: Deps, person: Pick<Account, 'id'>, subscriptionId: string, requestId: string | null = null): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const gone = UUID.test(subscriptionId) ? await q.deleteSubscription(trx, subscriptionId, person.id) : undefined;
    if (!gone) throw new AppError('PROCUREMENT_NOT_FOUND');
    await recordAudit(trx, {
      actor: { type: 'person', id: person.id },
      action: 'procurement.unsubscribed',
      subject: { type: 'subscription', id: gone.id },
      data: { supplier: gone.supplierKey },
      requestId,
    });
  });
}

/** The outbox handler of `procurement.tender_published`: one mailbox notice per subscribed representative. */
export async function notifySubscribers(event: DomainEvent, deps: Deps): Promise<void> {
  const tender = await getTender(deps, String(event.payload.tenderId));
  const matching = await q.matchingSubscriptions(deps.db, tender.cpvCode, tender.territoryCode);
  if (matching.length === 0) return;
  const agency = await getAgency(deps, tender.agencyCode);
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const format = createFormatter(DEFAULT_LOCALE, deps.catalogs);
  const params = {
    title: tender.title,
    agency: agency.name,
    cpv: `${tender.cpvCode} ${cpvLabel(tender.cpvCode, DEFAULT_LOCALE)}`,
    territory: tender.territoryCode,
    deadline: format.dateTime(tender.deadline),
    url: `${deps.config.publicUrl}/compras/${tender.id}`,
  };
  for (const accountId of new Set(matching.map((s) => s.accountId))) {
    const account = await findAccount(deps, accountId);
    if (!account) continue;
    // Only while the person still represents a subscribed unit.
    const represented = new Set((await unitsRepresentedBy(deps, account.documentNumber)).map((u) => u.key));
    if (!matching.some((s) => s.accountId === accountId && represented.has(s.supplierKey))) continue;
    await notifyAccount(deps, {
      accountId,
      agencyCode: tender.agencyCode,
      subject: t('procurement.notice.subject', params),
      body: t('procurement.notice.body', params),
      source: 'procurement',
      key: `procurement:${tender.id}:${accountId}`,
    });
  }
}
