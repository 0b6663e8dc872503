// The figures postal tracking keeps (docs/postal.md, "Figures"), for the observatory and open
// data. Each shipment counts in the cell of its route (the origin's department or state as
// `origin`, the destination's territory path as `territory`) and of the hour it was accepted.
import { defineStats } from '../../platform/stats/stats.ts';

/** Delivery-time histogram edges, in hours: every 6 hours for 3 days, each day to 3 weeks, each week to 10 weeks. */
export const DELIVERY_HOUR_EDGES: number[] = [
  ...Array.from({ length: 12 }, (_, i) => (i + 1) * 6),
  ...Array.from({ length: 18 }, (_, i) => 96 + i * 24),
  ...Array.from({ length: 7 }, (_, i) => 504 + (i + 1) * 168),
];

const dimensions = ['territory', 'time', 'origin'];

export const postalStats = defineStats('postal', {
  accepted: { kind: 'count', unit: 'shipments', labelKey: 'postal.contract.stat.accepted', dimensions, public: true },
  delivered: { kind: 'count', unit: 'shipments', labelKey: 'postal.contract.stat.delivered', dimensions, public: true },
  delivered_on_time: { kind: 'count', unit: 'shipments', labelKey: 'postal.contract.stat.deliveredOnTime', dimensions, public: true },
  // Cash on delivery: collected at the door and not yet remitted to the seller nor refunded to the
  // buyer, by the office that collected it: + the amount on delivery, − on its remittance or refund
  // (the figure's sum over all time is what the post holds; its record count means nothing).
  cod_outstanding: { kind: 'sum', unit: 'minor units of the currency', labelKey: 'postal.contract.stat.codOutstanding', dimensions: ['territory', 'time', 'office'], public: true },
  delivery_hours: { kind: 'distribution', unit: 'hours', labelKey: 'postal.contract.stat.deliveryHours', dimensions, buckets: DELIVERY_HOUR_EDGES, public: true },
});

/** The cell of a shipment: its route and the hour it was accepted. */
export const routeDims = (s: { originPath: string[]; destinationPath: string[]; acceptedAt: Date }) => ({
  territory: s.destinationPath,
  origin: s.originPath[0] ?? '',
  at: s.acceptedAt,
});

/** The cell of cash collected for a shipment: the office that delivered it (its destination). */
export const outstandingDims = (s: { destinationOffice: string; destinationPath: string[] }) => ({ territory: s.destinationPath, office: s.destinationOffice });
