// Use cases of postal tracking (docs/postal.md): a counter clerk of the national post (or a
// module) registers a shipment and gets its S10 number and label; the operator's systems report
// tracking events through the API (idempotent: the same event twice is one; out of order is
// fine: the history is sorted by when each event happened) or a clerk imports them as CSV;
// anyone with the number follows it; the addressee with an account is told in the mailbox.
import { AppError, type FieldError } from '../../platform/errors.ts';
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import type { AuditInput } from '../../platform/audit/audit.ts';
import { instantAt } from '../../platform/country/zoned.ts';
import type { Formatter } from '../../platform/i18n/format.ts';
import { DEFAULT_LOCALE, type Translate, translator } from '../../platform/i18n/i18n.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { findOfficesByCode, listOffices, type Office } from '../agencies/index.ts';
import { type Account, findAccountByIdentityDocument, getRoles, roleGrantsOf } from '../identity/index.ts';
import { notifyAccount } from '../mailbox/index.ts';
import { findShipment, insertEventAudited, insertShipmentAudited, listAgencyShipments, listEvents, nextSerial } from './postal.queries.ts';
import { outstandingDims, postalStats, routeDims } from './postal.stats.ts';
import { checkS10, makeS10 } from './s10.ts';
import {
  DELIVERY_DAYS,
  EVENT_KINDS,
  type EventKind,
  isDelivery,
  POSTAL_CLERK,
  postOf,
  S10_PREFIX,
  SHIPMENT_KINDS,
  type Shipment,
  type ShipmentKind,
  stateOf,
  type TrackingEvent,
} from './postal.types.ts';

type Actor = AuditInput['actor'];
const DAY_MS = 86_400_000;

/** The post's agency code in this country (the directory must hold it: the demo seed adds it). */
export const postAgency = (deps: Pick<Deps, 'country'>) => postOf(deps.country.code).agencyCode;

/** The clerk's desk: the signed-in person must hold `postal_clerk` in the post's agency (or be a platform administrator). */
export async function requireClerk(deps: Deps, account: Account): Promise<{ agencyCode: string; actor: Actor }> {
  const agencyCode = postAgency(deps);
  const grants = roleGrantsOf(account, await getRoles(deps, account.id));
  if (!hasRole(grants, { role: POSTAL_CLERK, agency: agencyCode }) && !hasRole(grants, { role: PLATFORM_ADMIN })) throw new AppError('POSTAL_FORBIDDEN');
  return { agencyCode, actor: { type: 'person', id: account.id } };
}

export function postOffices(deps: Pick<Deps, 'db' | 'country'>): Promise<Office[]> {
  return listOffices(deps, { agencyCode: postAgency(deps) });
}

export interface ShipmentInput {
  kind: string;
  originOffice: string;
  destinationOffice: string;
  addresseeName: string;
  /** The addressee's identity document number, when known: a person with an account is told in the mailbox. */
  addresseeDocument?: string;
  address: string;
  /** Cash on delivery: what the post collects from the addressee at the door (minor units, > 0). */
  collectMinor?: number;
  /** Cash on delivery: whom the post owes what it collects (the seller's payee as payments knows it, e.g. `PE-<account id>`). */
  collectPayee?: string;
  /** A return parcel: the number of the shipment it sends back (a cash-on-delivery return is refunded to the buyer, not remitted). */
  returnOf?: string;
}

/**
 * Registers a shipment at the origin office (accepted now), with its S10 number; a module
 * passes `sourceKey` so that a retried request registers one. Field errors name the form's fields.
 */
export async function registerShipment(
  deps: Deps,
  actor: Actor,
  input: ShipmentInput,
  options: { source?: string; sourceKey?: string; requestId?: string | null; at?: Date } = {},
): Promise<{ shipment: Shipment; created: boolean }> {
  if (options.sourceKey) {
    const earlier = await findShipment(deps.db, { sourceKey: options.sourceKey });
    if (earlier) return { shipment: earlier, created: false };
  }
  const agencyCode = postAgency(deps);
  const fields: FieldError[] = [];
  const offices = await findOfficesByCode(deps, [input.originOffice, input.destinationOffice]);
  const origin = offices.get(input.originOffice);
  const destination = offices.get(input.destinationOffice);
  if (!SHIPMENT_KINDS.includes(input.kind as ShipmentKind)) fields.push({ field: 'tipo', messageKey: 'postal.errors.kind' });
  if (origin?.agencyCode !== agencyCode) fields.push({ field: 'origen', messageKey: 'postal.errors.office' });
  if (destination?.agencyCode !== agencyCode) fields.push({ field: 'destino', messageKey: 'postal.errors.office' });
  const name = input.addresseeName.trim();
  const address = input.address.trim();
  const identityDocument = deps.country.identityDocuments[0];
  const typed = (input.addresseeDocument ?? '').trim();
  const checked = typed && identityDocument ? identityDocument.check(typed) : { ok: true, normalized: typed };
  if (name.length < 3 || name.length > 200) fields.push({ field: 'nombre', messageKey: 'postal.errors.name' });
  if (address.length < 5 || address.length > 500) fields.push({ field: 'direccion', messageKey: 'postal.errors.address' });
  if (!checked.ok || checked.normalized.length > 30) fields.push({ field: 'documento', messageKey: 'postal.errors.document' });
  const document = checked.normalized;
  if (input.collectMinor !== undefined && !(Number.isSafeInteger(input.collectMinor) && input.collectMinor > 0)) fields.push({ field: 'cobro', messageKey: 'postal.errors.collect' });
  if (fields.length > 0 || !origin || !destination) throw new AppError('VALIDATION_FAILED', { fields });
  const returned = input.returnOf ? await findShipment(deps.db, { number: input.returnOf }) : undefined;
  const addressee = document && identityDocument ? await findAccountByIdentityDocument(deps, identityDocument.code, document) : undefined;
  const acceptedAt = options.at ?? new Date();
  const sameRegion = origin.territoryPath[0] === destination.territoryPath[0];
  const shipment: Shipment = {
    id: uuidv7(),
    number: makeS10(S10_PREFIX[input.kind as ShipmentKind], await nextSerial(deps.db), postOf(deps.country.code).s10Country),
    kind: input.kind as ShipmentKind,
    agencyCode,
    originOffice: origin.code,
    originPath: origin.territoryPath,
    destinationOffice: destination.code,
    destinationPath: destination.territoryPath,
    addresseeName: name,
    addresseeDocument: document || null,
    addresseeAccountId: addressee?.id ?? null,
    address,
    source: options.source ?? 'counter',
    acceptedAt,
    dueAt: new Date(acceptedAt.getTime() + (sameRegion ? DELIVERY_DAYS.sameRegion : DELIVERY_DAYS.otherRegion) * DAY_MS),
    collectMinor: input.collectMinor ?? null,
  };
  const acceptedEventId = uuidv7();
  const created = await insertShipmentAudited(
    deps.db,
    {
      ...shipment,
      sourceKey: options.sourceKey ?? null,
      createdBy: `${actor.type}:${actor.id}`,
      collectPayee: input.collectMinor ? (input.collectPayee ?? null) : null,
      returnOf: returned?.id ?? null,
    },
    { id: acceptedEventId, source: shipment.source },
    {
      audit: {
        actor,
        action: 'postal.shipment_registered',
        subject: { type: 'shipment', id: shipment.number },
        data: { kind: shipment.kind, origin: origin.code, destination: destination.code, source: shipment.source },
        requestId: options.requestId,
      },
      events: [trackingEventPayload(shipment, { id: acceptedEventId, kind: 'accepted', occurredAt: acceptedAt, officeCode: origin.code, note: '' })],
      stats: [{ stat: postalStats.accepted, dims: routeDims(shipment) }],
    },
  );
  if (!created && options.sourceKey) return { shipment: (await findShipment(deps.db, { sourceKey: options.sourceKey }))!, created: false };
  return { shipment, created };
}

function trackingEventPayload(s: Shipment, e: TrackingEvent) {
  return {
    topic: 'postal.tracking_event_recorded',
    payload: {
      shipmentId: s.id,
      number: s.number,
      eventId: e.id,
      kind: e.kind,
      occurredAt: e.occurredAt.toISOString(),
      officeCode: e.officeCode,
      addresseeAccountId: s.addresseeAccountId,
      ...(e.collectedMinor ? { collectedMinor: e.collectedMinor } : {}),
    },
  };
}

/** A number as typed, or the error that says what is wrong with it (format, or a mistyped digit). */
export function parseNumber(input: string): string {
  const checked = checkS10(input);
  if (!checked.ok) throw new AppError(checked.reason === 'format' ? 'POSTAL_NUMBER_MALFORMED' : 'POSTAL_NUMBER_MISTYPED');
  return checked.number;
}

export interface EventInput {
  kind: string;
  /** ISO 8601; without a zone, the country's wall clock. */
  occurredAt: string;
  officeCode?: string | null;
  note?: string;
  /** `delivered_collected` only: the amount collected at the door, minor units (it must be the parcel's `collectMinor`). */
  amountMinor?: number;
}

function parseWhen(deps: Pick<Deps, 'country'>, text: string): Date | undefined {
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  const when = local ? instantAt(deps.country.timeZone, local[1]!, ((Number(local[2]) * 60 + Number(local[3])) * 60 + Number(local[4] ?? 0)) * 1000) : new Date(text);
  return Number.isNaN(when.getTime()) ? undefined : when;
}

/**
 * Records a tracking event reported by the post (an agency client, or a clerk's CSV). The same
 * event twice (number, kind and time) is recorded once and answers `created: false`; a second
 * delivery is ignored the same way. Another agency's client finds no shipment.
 */
export async function recordTrackingEvent(
  deps: Deps,
  reporter: { agencyCode: string; actor: Actor; source: string },
  numberText: string,
  input: EventInput,
  requestId?: string | null,
): Promise<{ created: boolean; shipment: Shipment; event: TrackingEvent }> {
  const number = parseNumber(numberText);
  const shipment = await findShipment(deps.db, { number });
  if (!shipment || shipment.agencyCode !== reporter.agencyCode) throw new AppError('POSTAL_SHIPMENT_NOT_FOUND');
  const fields: FieldError[] = [];
  if (!EVENT_KINDS.includes(input.kind as EventKind)) fields.push({ field: '/kind', messageKey: 'postal.errors.eventKind' });
  const occurredAt = parseWhen(deps, input.occurredAt);
  if (!occurredAt || occurredAt.getTime() > Date.now() + 10 * 60_000 || occurredAt.getTime() < shipment.acceptedAt.getTime() - DAY_MS)
    fields.push({ field: '/occurredAt', messageKey: 'postal.errors.occurredAt' });
  const note = (input.note ?? '').trim();
  if (note.length > 500) fields.push({ field: '/note', messageKey: 'postal.errors.note' });
  // Cash on delivery: a parcel to collect is delivered only with what was collected (its amount),
  // and only such a parcel is; `amountMinor` belongs to that event alone.
  const collecting = input.kind === 'delivered_collected';
  if (collecting && shipment.collectMinor === null) fields.push({ field: '/kind', messageKey: 'postal.errors.nothingToCollect' });
  else if (input.kind === 'delivered' && shipment.collectMinor !== null) fields.push({ field: '/kind', messageKey: 'postal.errors.collectOnDelivery' });
  else if (collecting && input.amountMinor !== shipment.collectMinor) fields.push({ field: '/amountMinor', messageKey: 'postal.errors.collectedAmount' });
  else if (!collecting && input.amountMinor !== undefined) fields.push({ field: '/amountMinor', messageKey: 'postal.errors.amountNotCollected' });
  if (fields.length > 0 || !occurredAt) throw new AppError('VALIDATION_FAILED', { fields });
  const event: TrackingEvent = {
    id: uuidv7(),
    kind: input.kind as EventKind,
    occurredAt,
    officeCode: input.officeCode?.trim() || null,
    note,
    ...(collecting ? { collectedMinor: input.amountMinor } : {}),
  };
  const dims = routeDims(shipment);
  const delivered = isDelivery(event.kind);
  const created = await insertEventAudited(
    deps.db,
    shipment.id,
    { ...event, source: reporter.source },
    {
      audit: {
        actor: reporter.actor,
        action: 'postal.tracking_event_recorded',
        subject: { type: 'shipment', id: shipment.number },
        data: { kind: event.kind, occurredAt: occurredAt.toISOString(), office: event.officeCode },
        requestId,
      },
      events: [trackingEventPayload(shipment, event)],
      stats: delivered
        ? [
            ...(event.collectedMinor ? [{ stat: postalStats.cod_outstanding, dims: outstandingDims(shipment), value: event.collectedMinor }] : []),
            { stat: postalStats.delivered, dims },
            ...(occurredAt <= shipment.dueAt ? [{ stat: postalStats.delivered_on_time, dims }] : []),
            { stat: postalStats.delivery_hours, dims, value: Math.max(0, (occurredAt.getTime() - shipment.acceptedAt.getTime()) / 3_600_000) },
          ]
        : [],
    },
  );
  return { created, shipment, event };
}

export interface CsvOutcome {
  recorded: number;
  repeated: number;
  /** Line number (1 = the header) and the message key of what is wrong with it. */
  problems: Array<{ line: number; messageKey: string }>;
}

/** What a line's number problem is called on the pages (the same words as the public search). */
export const NUMBER_PROBLEMS: Record<string, string> = {
  POSTAL_NUMBER_MALFORMED: 'postal.search.malformed',
  POSTAL_NUMBER_MISTYPED: 'postal.search.mistyped',
  POSTAL_SHIPMENT_NOT_FOUND: 'postal.search.notFound',
};

const CSV_HEADER = ['numero', 'evento', 'fecha', 'oficina', 'nota'];
/** The optional sixth column: the amount collected at the door (`delivered_collected`), in the currency's units with a decimal point (`90.00`). */
const CSV_AMOUNT = 'monto';

/** `90`, `90.5`, `90.00` as minor units; undefined when empty; NaN when not an amount. */
function csvAmount(cell: string): number | undefined {
  if (!cell) return undefined;
  const found = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(cell);
  return found ? Number(found[1]) * 100 + Number((found[2] ?? '').padEnd(2, '0')) : Number.NaN;
}

/**
 * A clerk's CSV of events (header `numero,evento,fecha,oficina,nota`, and an optional `monto` for
 * the amount collected with `delivered_collected`): each line on its own; the outcome of each.
 */
export async function importTrackingCsv(deps: Deps, clerk: { agencyCode: string; actor: Actor }, text: string, requestId?: string | null): Promise<CsvOutcome> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(/[,;]/).map((h) => h.trim().toLowerCase());
  const withAmount = header.length === CSV_HEADER.length + 1 && header[CSV_HEADER.length] === CSV_AMOUNT;
  if (CSV_HEADER.some((h, i) => header[i] !== h && !(i >= 3 && header[i] === undefined)) || (header.length > CSV_HEADER.length && !withAmount))
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'csv', messageKey: 'postal.errors.csvHeader' }] });
  if (lines.length > 2001) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'csv', messageKey: 'postal.errors.csvSize' }] });
  const outcome: CsvOutcome = { recorded: 0, repeated: 0, problems: [] };
  for (const [index, line] of lines.entries()) {
    if (index === 0 || !line.trim()) continue;
    const cells = line.split(/[,;]/).map((cell) => cell.trim());
    // With the amount column, the amount is the last cell (a note may hold commas).
    const amount = withAmount && cells.length > CSV_HEADER.length ? csvAmount(cells.pop()!) : undefined;
    const [number = '', kind = '', when = '', office = '', ...rest] = cells;
    if (Number.isNaN(amount)) {
      outcome.problems.push({ line: index + 1, messageKey: 'postal.errors.csvAmount' });
      continue;
    }
    try {
      const { created } = await recordTrackingEvent(
        deps,
        { ...clerk, source: `csv:${clerk.actor.id}` },
        number,
        { kind, occurredAt: when, officeCode: office || null, note: rest.join(', '), ...(amount === undefined ? {} : { amountMinor: amount }) },
        requestId,
      );
      if (created) outcome.recorded += 1;
      else outcome.repeated += 1;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const key = error.code === 'VALIDATION_FAILED' ? error.fields[0]?.messageKey : NUMBER_PROBLEMS[error.code];
      if (!key) throw error;
      outcome.problems.push({ line: index + 1, messageKey: key });
    }
  }
  return outcome;
}

/**
 * A shipment's history and state, for the API's answer: no office names (the pages add them).
 * `fresh` reads the primary, so that the answer to a report includes the event just recorded.
 */
export async function shipmentHistory(deps: Deps, shipment: Shipment, options: { fresh?: boolean } = {}): Promise<{ shipment: Shipment; events: TrackingEvent[]; state: EventKind }> {
  const events = await listEvents(options.fresh ? deps.db : deps.dbRead, shipment.id);
  return { shipment, events, state: stateOf(events) };
}

/** The shipment with this number, as anyone with the number may follow it. */
export async function publicShipment(deps: Deps, numberText: string): Promise<Shipment> {
  const shipment = await findShipment(deps.dbRead, { number: parseNumber(numberText) });
  if (!shipment) throw new AppError('POSTAL_SHIPMENT_NOT_FOUND');
  return shipment;
}

/** What anyone with the number sees: the shipment's route and its history, with the offices named (nothing about the addressee). */
export async function trackShipment(deps: Deps, numberText: string): Promise<{ shipment: Shipment; events: TrackingEvent[]; state: EventKind; offices: Map<string, Office> }> {
  const { shipment, events, state } = await shipmentHistory(deps, await publicShipment(deps, numberText));
  const codes = [shipment.originOffice, shipment.destinationOffice, ...events.map((e) => e.officeCode).filter((c): c is string => c !== null)];
  return { shipment, events, state, offices: await findOfficesByCode(deps, [...new Set(codes)]) };
}

/** A shipment of the clerk's agency (label, desk). */
export async function clerkShipment(deps: Deps, agencyCode: string, numberText: string): Promise<Shipment> {
  const shipment = await findShipment(deps.db, { number: parseNumber(numberText) });
  if (!shipment || shipment.agencyCode !== agencyCode) throw new AppError('POSTAL_SHIPMENT_NOT_FOUND');
  return shipment;
}

export function recentShipments(deps: Deps, agencyCode: string): Promise<Shipment[]> {
  return listAgencyShipments(deps.db, agencyCode, 20);
}

/** The addressee's mailbox notice of one tracking event (a retried job delivers it once). */
export async function noticeAddressee(deps: Deps, payload: { number: string; eventId: string; kind: string; occurredAt: string; addresseeAccountId: string | null }): Promise<void> {
  if (!payload.addresseeAccountId) return;
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const params = { number: payload.number, state: t(`postal.event.${payload.kind}`), when: new Date(payload.occurredAt), url: `${deps.config.publicUrl}/envios/${payload.number}` };
  await notifyAccount(deps, {
    accountId: payload.addresseeAccountId,
    agencyCode: postAgency(deps),
    subject: t('postal.notice.subject', params),
    body: t('postal.notice.body', params),
    source: 'postal',
    key: `postal:${payload.eventId}`,
  });
}

/** The label's lines, in the person's language: from, to, the address, the dates. */
export async function postalLabelLines(deps: Deps, s: Shipment, t: Translate, format: Pick<Formatter, 'date'>) {
  const offices = await findOfficesByCode(deps, [s.originOffice, s.destinationOffice]);
  const office = (code: string) => offices.get(code);
  return [
    { label: t('postal.label.from'), value: `${office(s.originOffice)?.name ?? s.originOffice}, ${office(s.originOffice)?.address ?? ''}` },
    { label: t('postal.label.to'), value: s.addresseeName },
    { label: t('postal.desk.address'), value: s.address },
    { label: t('postal.tracking.destination'), value: office(s.destinationOffice)?.name ?? s.destinationOffice },
    { label: t('postal.desk.accepted'), value: format.date(s.acceptedAt) },
    { label: t('postal.tracking.due'), value: format.date(s.dueAt) },
  ];
}
