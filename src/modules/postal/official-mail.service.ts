// Official mail (docs/postal.md, "Official mail"): the post as the State's messenger. A sweep
// (job `official_mail`) takes the mailbox messages addressed to a person without an account, or
// unopened past the country's limit, finds the person's postal address in the persons registry,
// registers a registered-mail shipment (idempotent per message: `sourceKey`), prints the letter
// as a PDF for the clerks' print queue, and records the dispatch on the message. The letter's
// tracking events go back to the message as proof of notification.
import type { Deps } from '../../platform/module.ts';
import { storeFile } from '../../platform/files/index.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import { findOfficesByCode, type Office } from '../agencies/index.ts';
import { messagesToPost, type PostCandidate, recordPostalDispatch, recordPostalEvent } from '../mailbox/index.ts';
import { findByQuery, getRegistry } from '../registries/index.ts';
import { renderLetterPdf } from './letter.ts';
import { findLetter, insertLetterAudited, withSweepLock } from './letters.queries.ts';
import { findShipment } from './postal.queries.ts';
import { postOffices, registerShipment } from './postal.service.ts';
import { postOf } from './postal.types.ts';

export const OFFICIAL_MAIL_JOB = 'official_mail';
const ACTOR = { type: 'system' as const, id: `postal:${OFFICIAL_MAIL_JOB}` };

interface PostalAddress {
  name: string;
  address: string;
  territoryCode: string | null;
}

/** The person's name and postal address in the persons registry (undefined without one). */
async function postalAddressOf(deps: Deps, candidate: PostCandidate): Promise<PostalAddress | undefined> {
  const personas = getRegistry('personas');
  if (personas.keyDocument?.[deps.country.code as 'bo' | 've'] !== candidate.documentType) return undefined;
  const [person] = await findByQuery(deps, personas, { id: candidate.documentNumber });
  const address = typeof person?.content.address === 'string' ? person.content.address.trim() : '';
  if (!person || address.length < 5) return undefined;
  const territoryCode = typeof person.content.territoryCode === 'string' ? person.content.territoryCode : null;
  return { name: `${String(person.content.firstName ?? '')} ${String(person.content.lastName ?? '')}`.trim(), address, territoryCode };
}

/** The post office nearest the address: the one whose territory shares the longest code prefix. */
function deliveryOffice(offices: Office[], territoryCode: string | null, fallback: Office): Office {
  if (!territoryCode) return fallback;
  const shared = (office: Office) => {
    let n = 0;
    while (n < office.territoryCode.length && office.territoryCode[n] === territoryCode[n]) n += 1;
    return n;
  };
  return offices.reduce((best, office) => (shared(office) > shared(best) ? office : best), fallback);
}

/** Sends one message by post; idempotent (a second sweep finds the shipment and the letter written). */
async function post(deps: Deps, candidate: PostCandidate, origin: Office, offices: Office[]): Promise<boolean> {
  const to = await postalAddressOf(deps, candidate);
  if (!to) return recordPostalDispatch(deps, candidate, null);
  const destination = deliveryOffice(offices, to.territoryCode, origin);
  const { shipment } = await registerShipment(
    deps,
    ACTOR,
    {
      kind: 'registered',
      originOffice: origin.code,
      destinationOffice: destination.code,
      addresseeName: to.name.length >= 3 ? to.name : candidate.documentNumber,
      addresseeDocument: deps.country.identityDocuments[0]?.code === candidate.documentType ? candidate.documentNumber : undefined,
      address: to.address,
    },
    { source: 'mailbox', sourceKey: `mailbox:${candidate.id}` },
  );
  let letter = await findLetter(deps.db, { shipmentId: shipment.id });
  if (!letter) {
    const t = translator(deps.catalogs, DEFAULT_LOCALE);
    const postName = postOf(deps.country.code).name;
    const pdf = await renderLetterPdf({
      postName,
      number: shipment.number,
      title: t('postal.letter.title', { number: shipment.number }),
      barcodeAlt: t('postal.label.barcode', { number: shipment.number }),
      addressee: [shipment.addresseeName, ...shipment.address.split(/\r?\n/)],
      lines: [
        { label: t('postal.letter.sender'), value: candidate.agencyName },
        { label: t('postal.letter.madeAvailable'), value: t('postal.letter.date', { when: candidate.madeAvailableAt }) },
        { label: t('postal.letter.reference'), value: candidate.id },
      ],
      subject: candidate.subject,
      body: candidate.body,
      footer: t('postal.letter.footer', { sha256: candidate.contentSha256, url: `${deps.config.publicUrl}/envios/${shipment.number}` }),
    });
    const stored = await storeFile(deps.db, pdf, 'application/pdf');
    await insertLetterAudited(
      deps.db,
      { shipmentId: shipment.id, messageId: candidate.id, senderAgency: candidate.agencyCode, sha256: stored.sha256 },
      { actor: ACTOR, action: 'postal.letter_printed', subject: { type: 'shipment', id: shipment.number }, data: { messageId: candidate.id, sha256: stored.sha256 } },
    );
    // A parallel sweep may have written its own first: the one kept is the one recorded.
    letter = (await findLetter(deps.db, { shipmentId: shipment.id }))!;
  }
  return recordPostalDispatch(deps, candidate, { shipmentNumber: shipment.number, addresseeName: shipment.addresseeName, address: shipment.address, letterSha256: letter.sha256 });
}

/** The sweep (one at a time: a parallel one does nothing): every message due to go by post (in batches); returns how many dispatches it recorded. */
export async function sweepOfficialMail(deps: Deps, options: { batch?: number } = {}): Promise<number> {
  return (await withSweepLock(deps.db, () => sweep(deps, options))) ?? 0;
}

async function sweep(deps: Deps, options: { batch?: number }): Promise<number> {
  const batch = options.batch ?? 50;
  const country = postOf(deps.country.code);
  let recorded = 0;
  const seen = new Set<string>();
  for (;;) {
    const candidates = (await messagesToPost(deps, { unopenedDays: country.officialMailAfterDays, limit: batch })).filter((c) => !seen.has(c.id));
    if (candidates.length === 0) return recorded;
    const offices = await postOffices(deps);
    const origin = offices.find((o) => o.code === country.centralOffice) ?? offices[0];
    if (!origin) throw new Error(`the post ${country.agencyCode} has no office in the directory`);
    for (const candidate of candidates) {
      seen.add(candidate.id);
      if (await post(deps, candidate, origin, offices)) recorded += 1;
    }
  }
}

/** The `postal.tracking_event_recorded` handler: a letter's event goes back to its message. */
export async function recordLetterEvent(deps: Deps, payload: { shipmentId: string; number: string; kind: string; occurredAt: string; officeCode?: string | null }): Promise<void> {
  const letter = await findLetter(deps.db, { shipmentId: payload.shipmentId });
  if (!letter) {
    // The sweep registers the shipment (its `accepted` event) before it writes the letter: retry.
    if ((await findShipment(deps.db, { id: payload.shipmentId }))?.source === 'mailbox') throw new Error(`letter of ${payload.number} not written yet`);
    return;
  }
  const officeCode = payload.officeCode ?? null;
  const officeName = officeCode ? ((await findOfficesByCode(deps, [officeCode])).get(officeCode)?.name ?? null) : null;
  await recordPostalEvent(deps, { shipmentNumber: payload.number, kind: payload.kind, occurredAt: new Date(payload.occurredAt), officeCode, officeName });
}
