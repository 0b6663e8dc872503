// Settlement of cash on delivery (docs/postal.md, "Settlement"): the post owes each payee (the
// seller's settlement account as payments knows it) what it collected at the door for her, until
// it reports a remittance covering those parcels; a parcel that came back to the seller is
// refunded to the buyer at her office instead. Both are reported by the post's system through
// the API, idempotent on the operator's reference, audited, and told to the marketplace by event.
import type { AuditInput } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { postAgency } from './postal.service.ts';
import { outstandingDims, postalStats } from './postal.stats.ts';
import { checkS10 } from './s10.ts';
import { type Collected, findCollected, findRemittance, insertRemittanceAudited, pendingByPayee, type RemittanceRow } from './settlement.queries.ts';

type Reporter = { agencyCode: string; actor: AuditInput['actor'] };

export interface RemittanceInput {
  reference: string;
  /** The day the post paid, `YYYY-MM-DD`. */
  paidOn: string;
  payee: string;
  shipments: string[];
  amountMinor: number;
}

export interface RefundInput {
  reference: string;
  paidOn: string;
  /** The number of the cash-on-delivery parcel whose amount goes back to the buyer. */
  shipment: string;
  amountMinor: number;
}

/** What the post owes one payee: collected, not remitted, not returned (the seller's orders page). */
export async function owedTo(deps: Deps, payee: string): Promise<{ count: number; amountMinor: number }> {
  const [found] = await pendingByPayee(deps.db, postAgency(deps), payee);
  return { count: found?.count ?? 0, amountMinor: found?.amountMinor ?? 0 };
}

/** What the post owes, per payee, as CSV for its back office (`payee,shipments,amount_minor,numbers`). */
export async function pendingCsv(deps: Deps, agencyCode: string): Promise<string> {
  const cell = (v: unknown) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const lines = (await pendingByPayee(deps.db, agencyCode)).map((p) => [p.payee, p.count, p.amountMinor, p.numbers.join(' ')].map(cell).join(','));
  return `${['payee,shipments,amount_minor,numbers', ...lines].join('\n')}\n`;
}

function checkDay(deps: Deps, text: string): boolean {
  const day = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) return false;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: deps.country.timeZone }).format(new Date());
  return text <= today;
}

/** The numbers as S10, with a field error for each malformed or repeated one (`/shipments/{i}`). */
function parseNumbers(texts: string[], pointer: (i: number) => string, fields: FieldError[]): Array<{ number: string; field: string }> {
  const numbers: Array<{ number: string; field: string }> = [];
  for (const [i, text] of texts.entries()) {
    const checked = checkS10(text);
    if (!checked.ok) fields.push({ field: pointer(i), messageKey: 'postal.errors.settleNumber' });
    else if (numbers.some((n) => n.number === checked.number)) fields.push({ field: pointer(i), messageKey: 'postal.errors.settleRepeated' });
    else numbers.push({ number: checked.number, field: pointer(i) });
  }
  return numbers;
}

/** The same reference again: the same report answers what was recorded; another content is refused. */
function repeated(earlier: RemittanceRow, kind: RemittanceRow['kind'], payee: string | null, paidOn: string, numbers: string[], amountMinor: number): RemittanceRow {
  const same = earlier.kind === kind && earlier.payee === payee && earlier.paidOn === paidOn && earlier.amountMinor === amountMinor && [...numbers].sort().join() === earlier.numbers.join();
  if (!same) throw new AppError('POSTAL_REFERENCE_REUSED', { fields: [{ field: '/reference', messageKey: 'postal.errors.referenceReused' }] });
  return earlier;
}

/** A collected shipment of the reporter's agency, or the error that says why it cannot be settled. */
function settleable(c: Collected | undefined, agencyCode: string, field: string): Collected {
  if (!c || c.agencyCode !== agencyCode) throw new AppError('POSTAL_SHIPMENT_NOT_FOUND', { fields: [{ field, messageKey: 'postal.search.notFound' }] });
  if (c.collectedMinor === null || c.payee === null) throw new AppError('POSTAL_NOT_COLLECTED', { fields: [{ field, messageKey: 'postal.errors.notCollected' }] });
  if (c.settledBy?.kind === 'refund') throw new AppError('POSTAL_ALREADY_REFUNDED', { fields: [{ field, messageKey: 'postal.errors.alreadyRefunded' }] });
  if (c.settledBy) throw new AppError('POSTAL_ALREADY_REMITTED', { fields: [{ field, messageKey: 'postal.errors.alreadyRemitted' }] });
  return c;
}

async function record(
  deps: Deps,
  reporter: Reporter,
  r: { reference: string; kind: RemittanceRow['kind']; payee: string | null; paidOn: string; amountMinor: number },
  covered: Collected[],
  requestId: string | null | undefined,
): Promise<{ created: boolean; remittance: RemittanceRow }> {
  const numbers = covered.map((c) => c.number);
  try {
    const created = await insertRemittanceAudited(
      deps.db,
      { id: uuidv7(), agencyCode: reporter.agencyCode, ...r, recordedBy: `${reporter.actor.type}:${reporter.actor.id}` },
      covered.map((c) => ({ shipmentId: c.id, amountMinor: c.collectedMinor! })),
      {
        audit: {
          actor: reporter.actor,
          action: r.kind === 'remittance' ? 'postal.remittance_recorded' : 'postal.cod_refund_recorded',
          subject: { type: 'remittance', id: r.reference },
          data: { payee: r.payee, paidOn: r.paidOn, amountMinor: r.amountMinor, shipments: numbers },
          requestId,
        },
        events: [{ topic: r.kind === 'remittance' ? 'postal.remittance_recorded' : 'postal.cod_refunded', payload: { reference: r.reference, payee: r.payee, paidOn: r.paidOn, numbers } }],
        stats: covered.map((c) => ({ stat: postalStats.cod_outstanding, dims: outstandingDims(c), value: -c.collectedMinor! })),
      },
    );
    if (created) return { created, remittance: { ...r, numbers: [...numbers].sort() } };
  } catch (error) {
    // Another reference covered one of these shipments meanwhile (a parallel report).
    if ((error as { code?: string }).code === '23505') throw new AppError('POSTAL_ALREADY_REMITTED', { fields: [{ field: '/shipments', messageKey: 'postal.errors.alreadyRemitted' }] });
    throw error;
  }
  return again(deps, reporter, r.kind, r.reference, r.payee, r.paidOn, numbers, r.amountMinor);
}

/** A report whose reference was recorded meanwhile (a parallel identical post): what was recorded, when it is the same. */
async function again(
  deps: Deps,
  reporter: Reporter,
  kind: RemittanceRow['kind'],
  reference: string,
  payee: string | null,
  paidOn: string,
  numbers: string[],
  amountMinor: number,
): Promise<{ created: boolean; remittance: RemittanceRow }> {
  const earlier = (await findRemittance(deps.db, reporter.agencyCode, reference))!;
  return { created: false, remittance: repeated(earlier, kind, payee, paidOn, numbers, amountMinor) };
}

/**
 * The post paid a payee what it collected for these shipments: each must be delivered-collected
 * for that payee, not returned to the seller, not settled yet, and the amount their sum. The same
 * reference again answers `created: false` (20 identical reports record one); with another
 * content, 409 `POSTAL_REFERENCE_REUSED`.
 */
export async function recordRemittance(deps: Deps, reporter: Reporter, input: RemittanceInput, requestId?: string | null): Promise<{ created: boolean; remittance: RemittanceRow }> {
  const fields: FieldError[] = [];
  const reference = input.reference.trim();
  const payee = input.payee.trim();
  if (!reference) fields.push({ field: '/reference', messageKey: 'postal.errors.reference' });
  if (!checkDay(deps, input.paidOn)) fields.push({ field: '/paidOn', messageKey: 'postal.errors.paidOn' });
  const parsed = parseNumbers(input.shipments, (i) => `/shipments/${i}`, fields);
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const numbers = parsed.map((p) => p.number);
  const earlier = await findRemittance(deps.db, reporter.agencyCode, reference);
  if (earlier) return { created: false, remittance: repeated(earlier, 'remittance', payee, input.paidOn, numbers, input.amountMinor) };
  const found = await findCollected(deps.db, numbers);
  if ([...found.values()].some((c) => c.settledBy?.reference === reference)) return again(deps, reporter, 'remittance', reference, payee, input.paidOn, numbers, input.amountMinor);
  const covered = parsed.map(({ number, field }) => {
    const c = settleable(found.get(number), reporter.agencyCode, field);
    if (c.payee !== payee) throw new AppError('POSTAL_PAYEE_MISMATCH', { fields: [{ field, messageKey: 'postal.errors.payeeMismatch' }] });
    if (c.returned) throw new AppError('POSTAL_SHIPMENT_RETURNED', { fields: [{ field, messageKey: 'postal.errors.returned' }] });
    return c;
  });
  const sum = covered.reduce((total, c) => total + c.collectedMinor!, 0);
  if (sum !== input.amountMinor)
    throw new AppError('POSTAL_AMOUNT_MISMATCH', { params: { expected: sum }, fields: [{ field: '/amountMinor', messageKey: 'postal.errors.amountMismatch', params: { expected: sum } }] });
  return record(deps, reporter, { reference, kind: 'remittance', payee, paidOn: input.paidOn, amountMinor: input.amountMinor }, covered, requestId);
}

/**
 * The post paid the buyer back at her office what it collected for a parcel that came back to the
 * seller (its return parcel delivered) and was not remitted: the amount must be what was
 * collected. Idempotent on the reference as remittances are.
 */
export async function recordCodRefund(deps: Deps, reporter: Reporter, input: RefundInput, requestId?: string | null): Promise<{ created: boolean; remittance: RemittanceRow }> {
  const fields: FieldError[] = [];
  const reference = input.reference.trim();
  if (!reference) fields.push({ field: '/reference', messageKey: 'postal.errors.reference' });
  if (!checkDay(deps, input.paidOn)) fields.push({ field: '/paidOn', messageKey: 'postal.errors.paidOn' });
  const number = parseNumbers([input.shipment], () => '/shipment', fields)[0]?.number;
  if (fields.length > 0 || !number) throw new AppError('VALIDATION_FAILED', { fields });
  const earlier = await findRemittance(deps.db, reporter.agencyCode, reference);
  if (earlier) return { created: false, remittance: repeated(earlier, 'refund', null, input.paidOn, [number], input.amountMinor) };
  const found = (await findCollected(deps.db, [number])).get(number);
  if (found?.settledBy?.reference === reference) return again(deps, reporter, 'refund', reference, null, input.paidOn, [number], input.amountMinor);
  const c = settleable(found, reporter.agencyCode, '/shipment');
  if (!c.returned) throw new AppError('POSTAL_NOT_RETURNED', { fields: [{ field: '/shipment', messageKey: 'postal.errors.notReturned' }] });
  if (c.collectedMinor !== input.amountMinor)
    throw new AppError('POSTAL_AMOUNT_MISMATCH', {
      params: { expected: c.collectedMinor! },
      fields: [{ field: '/amountMinor', messageKey: 'postal.errors.amountMismatch', params: { expected: c.collectedMinor! } }],
    });
  return record(deps, reporter, { reference, kind: 'refund', payee: null, paidOn: input.paidOn, amountMinor: input.amountMinor }, [c], requestId);
}
