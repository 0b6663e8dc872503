// OCDS 1.1.5 (docs/procurement.md, "In the open"): the release of each stage, built from the
// state of the process at that moment and stored unchanged; records compiled from them with the
// standard's merge rules; release and record packages.
import type { Contract, Offer, Tender, Transaction } from './procurement.types.ts';
import { awardCriteriaDetails } from './points.ts';

export type Release = Record<string, unknown> & { ocid: string; id: string; date: string; tag: string[] };
export interface Party {
  id: string;
  name: string;
}

export const OCDS_VERSION = '1.1';
export const OCID_PREFIX = 'ocds-tambo';

export const buyerParty = (agency: { code: string; name: string }): Party => ({ id: `TAMBO-AGENCY-${agency.code}`, name: agency.name });
export const supplierParty = (offer: Pick<Offer, 'supplierKey' | 'supplierName'>, country: string): Party => ({ id: `${country.toUpperCase()}-NIT-${offer.supplierKey}`, name: offer.supplierName });

function base(tender: Tender, buyer: Party, id: string, date: Date, tag: string[], parties: Array<Record<string, unknown>>): Release {
  return { ocid: tender.ocid, id, date: date.toISOString(), tag, initiationType: 'tender', language: 'es', buyer, parties };
}

const value = (amount: number, currency: string) => ({ amount, currency });

/** The OCDS id of a process's award: `<tender>-award`, then `<tender>-award-<n>` after an upheld complaint annuls one. */
export const awardId = (tender: Pick<Tender, 'id' | 'awardRound'>, round = tender.awardRound): string => (round === 1 ? `${tender.id}-award` : `${tender.id}-award-${round}`);

/** A new award, pending during its standstill. */
const pendingAward = (tender: Tender, winner: Offer, country: string, at: Date, round = tender.awardRound) => ({
  id: awardId(tender, round),
  title: tender.title,
  status: 'pending',
  date: at.toISOString(),
  value: value(winner.amount ?? 0, tender.currency),
  suppliers: [supplierParty(winner, country)],
  contractPeriod: { endDate: new Date(`${winner.deliveryDate ?? tender.deliveryDate}T23:59:59Z`).toISOString() },
});

/** An item of an entity's annual plan: a contracting process at its planning stage (tender planned). */
export function planRelease(
  item: { id: string; ocid: string; year: number; quarter: number; cpvCode: string; description: string; estimatedAmount: number; currency: string },
  buyer: Party,
  cpvDescription: string,
  id: string,
  at: Date,
): Release {
  const quarterStart = new Date(Date.UTC(item.year, (item.quarter - 1) * 3, 1));
  const quarterEnd = new Date(Date.UTC(item.year, item.quarter * 3, 1) - 1000);
  return {
    ocid: item.ocid,
    id,
    date: at.toISOString(),
    tag: ['planning'],
    initiationType: 'tender',
    language: 'es',
    buyer,
    parties: [{ ...buyer, roles: ['buyer', 'procuringEntity'] }],
    planning: { rationale: `Annual procurement plan ${item.year}, quarter ${item.quarter}`, budget: { amount: value(item.estimatedAmount, item.currency) } },
    tender: {
      id: item.id,
      title: item.description,
      status: 'planned',
      items: [{ id: '1', description: item.description, classification: { scheme: 'CPV', id: item.cpvCode.replace(/-\d$/, ''), description: cpvDescription } }],
      value: value(item.estimatedAmount, item.currency),
      tenderPeriod: { startDate: quarterStart.toISOString(), endDate: quarterEnd.toISOString() },
    },
  };
}

/** The planning and tender release made when the need is published. */
export function tenderRelease(tender: Tender, buyer: Party, cpvDescription: string, id: string): Release {
  return {
    ...base(tender, buyer, id, tender.publishedAt, ['planning', 'tender'], [{ ...buyer, roles: ['buyer', 'procuringEntity'] }]),
    planning: { rationale: tender.description || tender.title, budget: { amount: value(tender.referenceAmount, tender.currency) } },
    tender: {
      id: tender.id,
      title: tender.title,
      description: `${tender.description}${tender.description ? ' ' : ''}(${tender.deliveryPlace}, ${tender.deliveryDate})`,
      status: 'active',
      procuringEntity: buyer,
      items: [
        {
          id: '1',
          description: tender.title,
          classification: { scheme: 'CPV', id: tender.cpvCode.replace(/-\d$/, ''), description: cpvDescription },
          quantity: tender.quantity,
          unit: { name: tender.unit },
        },
      ],
      value: value(tender.referenceAmount, tender.currency),
      procurementMethod: 'open',
      procurementMethodDetails: 'Feria a la inversa',
      mainProcurementCategory: 'goods',
      awardCriteria: tender.rule === 'points' ? 'ratedCriteria' : 'priceOnly',
      awardCriteriaDetails: tender.rule === 'points' ? awardCriteriaDetails(tender) : 'Lowest price meeting the conditions',
      submissionMethod: ['electronicSubmission'],
      tenderPeriod: { startDate: tender.publishedAt.toISOString(), endDate: tender.deadline.toISOString() },
      contractPeriod: { endDate: new Date(`${tender.deliveryDate}T23:59:59Z`).toISOString() },
      eligibilityCriteria: tender.reserved === 'none' ? 'Open to every registered supplier' : `Reserved for ${tender.reserved} producers`,
      hasEnquiries: false,
    },
  };
}

/** The opening act and the evaluation: the tenderers, and the award (pending during the standstill). */
export function awardRelease(tender: Tender, buyer: Party, offers: Offer[], country: string, id: string, at: Date): Release {
  const winner = offers.find((o) => o.outcome === 'winner');
  const tenderers = offers.map((o) => supplierParty(o, country));
  return {
    ...base(tender, buyer, id, at, winner ? ['tenderUpdate', 'award'] : ['tenderUpdate'], [
      { ...buyer, roles: ['buyer', 'procuringEntity'] },
      ...offers.map((o) => ({ ...supplierParty(o, country), roles: o.outcome === 'winner' ? ['tenderer', 'supplier'] : ['tenderer'] })),
    ]),
    tender: { id: tender.id, status: winner ? 'complete' : 'unsuccessful', numberOfTenderers: offers.length, tenderers },
    ...(winner ? { awards: [pendingAward(tender, winner, country, at)] } : {}),
  };
}

/**
 * An upheld complaint annuls the award (cancelled) and the evaluation runs again: the next offer's
 * award, pending during its own standstill, or, with no offer left, an unsuccessful tender.
 */
export function reawardRelease(tender: Tender, buyer: Party, offers: Offer[], country: string, id: string, at: Date): Release {
  const winner = offers.find((o) => o.outcome === 'winner');
  return {
    ...base(tender, buyer, id, at, winner ? ['awardCancellation', 'award'] : ['awardCancellation', 'tenderUpdate'], [
      { ...buyer, roles: ['buyer', 'procuringEntity'] },
      ...offers.map((o) => ({ ...supplierParty(o, country), roles: o.outcome === 'winner' ? ['tenderer', 'supplier'] : ['tenderer'] })),
    ]),
    ...(winner ? {} : { tender: { id: tender.id, status: 'unsuccessful' } }),
    awards: [{ id: awardId(tender), status: 'cancelled' }, ...(winner ? [pendingAward(tender, winner, country, at, tender.awardRound + 1)] : [])],
  };
}

/** The contract signed by the entity (pending), then accepted by the supplier (active). */
export function contractRelease(tender: Tender, buyer: Party, contract: Contract, documentUrl: string, id: string, at: Date): Release {
  const accepted = contract.acceptedAt !== null;
  return {
    ...base(tender, buyer, id, at, accepted ? ['contractUpdate'] : ['contract'], [{ ...buyer, roles: ['buyer', 'procuringEntity'] }]),
    ...(accepted ? { awards: [{ id: awardId(tender), status: 'active' }] } : {}),
    contracts: [
      {
        id: contract.id,
        awardID: awardId(tender),
        title: tender.title,
        status: accepted ? 'active' : 'pending',
        value: value(contract.amount, tender.currency),
        dateSigned: contract.signedAt.toISOString(),
        documents: [{ id: contract.documentNumber, documentType: 'contractSigned', title: contract.documentNumber, url: documentUrl, format: 'application/pdf' }],
      },
    ],
  };
}

/** A delivery (a milestone met) or a payment (a transaction) against the contract. */
export function implementationRelease(tender: Tender, buyer: Party, contract: Contract, supplier: Party, transactions: Transaction[], id: string, at: Date): Release {
  const deliveries = transactions.filter((x) => x.kind === 'delivery');
  const payments = transactions.filter((x) => x.kind === 'payment');
  return {
    ...base(
      tender,
      buyer,
      id,
      at,
      ['implementation'],
      [
        { ...buyer, roles: ['buyer', 'procuringEntity', 'payer'] },
        { ...supplier, roles: ['supplier', 'payee'] },
      ],
    ),
    contracts: [
      {
        id: contract.id,
        awardID: awardId(tender),
        implementation: {
          transactions: payments.map((p) => ({ id: p.id, date: new Date(`${p.onDate}T12:00:00Z`).toISOString(), value: value(p.amount ?? 0, tender.currency), payer: buyer, payee: supplier })),
          milestones: deliveries.map((d) => ({ id: d.id, title: d.note || 'Delivery', type: 'delivery', status: 'met', dateMet: new Date(`${d.onDate}T12:00:00Z`).toISOString() })),
        },
      },
    ],
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIdentifiedArray = (v: unknown): v is Array<Record<string, unknown>> => Array.isArray(v) && v.length > 0 && v.every((x) => isObject(x) && 'id' in x);

/** OCDS merge: objects merge field by field; arrays of objects with `id` merge by id; anything else is replaced by the later value. */
export function merge(earlier: unknown, later: unknown): unknown {
  if (isObject(earlier) && isObject(later)) {
    const out: Record<string, unknown> = { ...earlier };
    for (const [k, v] of Object.entries(later)) out[k] = k in earlier ? merge(earlier[k], v) : v;
    return out;
  }
  if (isIdentifiedArray(earlier) && isIdentifiedArray(later)) {
    const out = earlier.map((x) => ({ ...x }));
    for (const item of later) {
      const index = out.findIndex((x) => x.id === item.id);
      if (index === -1) out.push(item);
      else out[index] = merge(out[index], item) as Record<string, unknown>;
    }
    return out;
  }
  return later;
}

/** The compiled release of a process: its releases merged in date order, tagged `compiled`. */
export function compile(releases: Release[]): Release {
  const sorted = [...releases].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  const merged = sorted.reduce<Record<string, unknown>>((acc, r) => merge(acc, r) as Record<string, unknown>, {});
  const last = sorted[sorted.length - 1]!;
  return { ...merged, id: `${last.ocid}-compiled`, date: last.date, tag: ['compiled'] } as Release;
}

export interface PackageMeta {
  uri: string;
  publishedDate: string;
  publisher: { name: string; uri: string };
  license: string;
  publicationPolicy: string;
}

export function releasePackage(meta: PackageMeta, releases: Release[]) {
  return { ...meta, version: OCDS_VERSION, releases };
}

export function recordPackage(meta: PackageMeta, releasesByOcid: Map<string, Release[]>, releaseUrl: (r: Release) => string) {
  return {
    ...meta,
    version: OCDS_VERSION,
    records: [...releasesByOcid].map(([ocid, releases]) => ({
      ocid,
      releases: releases.map((r) => ({ url: releaseUrl(r), date: r.date, tag: r.tag })),
      compiledRelease: compile(releases),
    })),
  };
}
