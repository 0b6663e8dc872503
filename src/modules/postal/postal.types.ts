// Domain types and constants of postal tracking (docs/postal.md).

/**
 * The national postal operator of each country profile: an agency of the directory, the S10
 * country code it issues numbers with, after how many calendar days an unopened mailbox message
 * goes by post as registered mail (official mail), and the office that prints and posts it.
 */
export const POSTS = {
  bo: { agencyCode: 'AGBC', name: 'Agencia Boliviana de Correos (Correos de Bolivia)', acronym: 'AGBC', s10Country: 'BO', officialMailAfterDays: 10, centralOffice: 'AGBC-LPZ' },
  ve: { agencyCode: 'IPOSTEL', name: 'Instituto Postal Telegráfico de Venezuela', acronym: 'IPOSTEL', s10Country: 'VE', officialMailAfterDays: 10, centralOffice: 'IPOSTEL-CCS' },
} as const;
export type PostCountry = keyof typeof POSTS;
export const postOf = (country: string) => POSTS[country as PostCountry] ?? POSTS.bo;

/** What is sent: a parcel (S10 prefix CP) or a registered letter (RR). */
export const SHIPMENT_KINDS = ['parcel', 'registered'] as const;
export type ShipmentKind = (typeof SHIPMENT_KINDS)[number];
export const S10_PREFIX: Record<ShipmentKind, string> = { parcel: 'CP', registered: 'RR' };

/** The tracking events the operator reports, in the order a parcel usually meets them. */
export const EVENT_KINDS = ['accepted', 'in_transit', 'at_delivery_office', 'out_for_delivery', 'delivered', 'delivered_collected', 'failed_attempt', 'returned'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
/** The events that deliver a parcel: plain, or with the amount collected at the door (cash on delivery). One per shipment. */
export const isDelivery = (kind: string): boolean => kind === 'delivered' || kind === 'delivered_collected';

/** The post's counter clerk: registers shipments and imports events, for the post's agency. */
export const POSTAL_CLERK = 'postal_clerk';
/** The operator's systems send tracking events with this machine right. */
export const POSTAL_TRACK = 'postal:track';

/** Days promised for delivery: within the same department or state, and between two. */
export const DELIVERY_DAYS = { sameRegion: 3, otherRegion: 6 } as const;

export interface Shipment {
  id: string;
  number: string;
  kind: ShipmentKind;
  agencyCode: string;
  originOffice: string;
  originPath: string[];
  destinationOffice: string;
  destinationPath: string[];
  addresseeName: string;
  addresseeDocument: string | null;
  addresseeAccountId: string | null;
  address: string;
  source: string;
  acceptedAt: Date;
  dueAt: Date;
  /** Cash on delivery: what the post collects from the addressee at the door (minor units); null when nothing. */
  collectMinor: number | null;
}

export interface TrackingEvent {
  id: string;
  kind: EventKind;
  occurredAt: Date;
  officeCode: string | null;
  note: string;
  /** `delivered_collected`: the amount collected at the door (minor units). */
  collectedMinor?: number | null;
}

/** The state of a shipment: its latest event by the time it happened (not by arrival). */
export function stateOf(events: readonly TrackingEvent[]): EventKind {
  return events.at(-1)?.kind ?? 'accepted';
}
