// Mediation use cases (docs/peace-justice.md): a person asks; a kind that is not for mediation is
// referred at once; the justice of peace of the territory accepts, schedules sessions (parties
// notified in their mailbox or in person), records the act; each party accepts it (signed in at
// level sustancial, or in person attested by the justice); once all have, the act is sealed by
// the signing service; the justice records its fulfilment and closes the case. Every change is
// audited, in one transaction with the case locked. The parties' mailbox notices and the sealing
// are reactions to outbox events written in that transaction, run as retried jobs (`noticeParties`,
// `sealAct`, subscribed in module.ts), so a failure after the commit is retried and nothing is lost.
import { randomInt } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import type { Deps, RoleGrant } from '../../platform/module.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import { emitEvent, type DomainEvent } from '../../platform/events/outbox.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { issueDocument } from '../documents/index.ts';
import { findAccount, findAccountByIdentityDocument } from '../identity/index.ts';
import { notifyAccount } from '../mailbox/index.ts';
import { getTerritoryWithAncestors } from '../territories/index.ts';
import { councilsSpokenFor, justiceTerritories, viewerOf } from './peace-justice.policy.ts';
import {
  acceptParty,
  findEntries,
  findMediation,
  findMediationByCode,
  findMediationsOf,
  findParties,
  findPartyByFollowCode,
  insertEntry,
  insertMediation,
  listKinds,
  setPartyDocument,
  updateMediation,
} from './peace-justice.queries.ts';
import { peaceJusticeStats } from './peace-justice.stats.ts';
import { CLOSING_OUTCOMES, type EntryKind, type Kind, type Mediation, type MediationFile, type Outcome, type Party, type Status, type Viewer } from './peace-justice.types.ts';

export interface Person {
  id: string;
  level: 'bajo' | 'sustancial';
  grants: readonly RoleGrant[];
}

export const kinds = (deps: Pick<Deps, 'db'>): Promise<Kind[]> => listKinds(deps.db);

/** The agency whose seal the act carries (the ministry of communes; in Bolivia, the ministry of government). */
export function sealingAgency(deps: Pick<Deps, 'config'>): string {
  return deps.config.country === 've' ? 'MPPCOMUNAS' : 'MINGOB';
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const randomCode = (length: number) => Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

export interface MediationRequest {
  kind: string;
  subject: string;
  territoryCode: string;
  parties: Array<{ name: string; documentNumber: string }>;
  /** Asked on behalf of this community council, by its spokesperson. */
  onBehalfOf?: string;
}

/** A person asks for mediation. Answers the new case's id; a kind not for mediation is referred at once. */
export async function requestMediation(deps: Deps, person: Person, input: MediationRequest, requestId?: string): Promise<string> {
  const fields: FieldError[] = [];
  const kind = (await listKinds(deps.db)).find((k) => k.code === input.kind);
  if (!kind) fields.push({ field: 'tipo', messageKey: 'peace_justice.errors.kind' });
  const subject = input.subject.trim();
  if (subject.length < 10 || subject.length > 4000) fields.push({ field: 'asunto', messageKey: 'peace_justice.errors.subject' });
  const path = /^[A-Z0-9][A-Z0-9-]{0,63}$/.test(input.territoryCode)
    ? await getTerritoryWithAncestors(deps, input.territoryCode).then(
        (units) => units.map((u) => u.code),
        () => undefined,
      )
    : undefined;
  if (!path) fields.push({ field: 'territorio', messageKey: 'peace_justice.errors.territory' });
  const others = input.parties.map((p) => ({ name: p.name.trim(), documentNumber: p.documentNumber.trim() })).filter((p) => p.name !== '' || p.documentNumber !== '');
  if (others.length === 0 || others.some((p) => p.name.length < 2 || p.name.length > 200 || p.documentNumber.length > 30))
    fields.push({ field: 'parte1-nombre', messageKey: 'peace_justice.errors.parties' });
  const council = input.onBehalfOf?.trim() || null;
  if (council && !councilsSpokenFor(person.grants).includes(council)) fields.push({ field: 'en-nombre-de', messageKey: 'peace_justice.errors.council' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });

  const documentType = deps.country.identityDocuments[0]!.code;
  const requester = await findRequester(deps, person.id);
  const parties = [
    { id: crypto.randomUUID(), position: 0, accountId: person.id, name: requester.name, documentNumber: requester.documentNumber, followCode: null },
    ...(await Promise.all(
      others.map(async (p, index) => {
        const account = p.documentNumber.length >= 3 ? await findAccountByIdentityDocument(deps, documentType, p.documentNumber) : undefined;
        const accountId = account && account.id !== person.id ? account.id : null;
        return {
          id: crypto.randomUUID(),
          position: index + 1,
          accountId,
          name: p.name,
          documentNumber: p.documentNumber.length >= 3 ? p.documentNumber : null,
          followCode: accountId ? null : randomCode(10),
        };
      }),
    )),
  ];
  const id = crypto.randomUUID();
  const code = `JP-${randomCode(8)}`;
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const referral = kind!.mediable ? null : { to: kind!.authority!, reason: t('peace_justice.referral.byKind', { kind: t(`peace_justice.kind.${kind!.code}`) }) };
  const now = new Date();
  await deps.db.transaction().execute(async (trx) => {
    await insertMediation(trx, {
      id,
      code,
      kind: kind!.code,
      subject,
      territoryCode: input.territoryCode,
      territoryPath: path!,
      requesterAccountId: person.id,
      requesterCouncil: council,
      referral,
      parties,
    });
    await insertEntry(trx, id, 'requested', person.id);
    if (referral) await insertEntry(trx, id, 'referred', null, referral.reason, { to: referral.to });
    await recordAudit(trx, {
      actor: { type: 'person', id: person.id },
      action: 'peace_justice.requested',
      subject: { type: 'mediation', id },
      data: { kind: kind!.code, territory: input.territoryCode, referred: referral !== null, council },
      requestId,
    });
    await recordStat(trx, peaceJusticeStats.requests, { territory: path!, at: now, kind: kind!.code });
    if (referral) await recordStat(trx, peaceJusticeStats.ended, { territory: path!, at: now, kind: kind!.code, outcome: 'referred' });
    // The other parties with an account learn they are named (a referred case is not mediated: no notice).
    await emitNotice(trx, 'peace_justice.requested', { mediationId: id, code, recipients: referral ? [] : accountsOf(parties.slice(1)) });
  });
  return id;
}

async function findRequester(deps: Deps, accountId: string): Promise<{ name: string; documentNumber: string }> {
  const account = await findAccount(deps, accountId);
  if (!account) throw new AppError('PEACE_JUSTICE_NOT_FOUND');
  return { name: `${account.givenName} ${account.familyName}`, documentNumber: account.documentNumber };
}

/** The outbox events whose handler tells the parties in their mailbox, and the notice each one sends. */
export const NOTICE_TOPICS = {
  'peace_justice.requested': 'named',
  'peace_justice.session_scheduled': 'session',
  'peace_justice.act_recorded': 'act',
  'peace_justice.closed': 'closed',
} as const;
export type NoticeTopic = keyof typeof NOTICE_TOPICS;
/** The event after which the act is sealed (handled by `sealAct`). */
export const ACT_SIGNED_TOPIC = 'peace_justice.act_signed';

interface NoticePayload {
  mediationId: string;
  code: string;
  /** The accounts to tell (parties with an account). */
  recipients: string[];
  place?: string;
}

const accountsOf = (parties: ReadonlyArray<{ accountId: string | null }>): string[] => parties.flatMap((p) => (p.accountId ? [p.accountId] : []));

function emitNotice(trx: Queryable, topic: NoticeTopic, payload: NoticePayload): Promise<number> {
  return emitEvent(trx, topic, { ...payload });
}

/** A mailbox notice about a case (the message names the case by its code only, never its content); once per key. */
async function notify(deps: Deps, accountId: string, code: string, what: 'named' | 'session' | 'act' | 'sealed' | 'closed', key: string, params: Record<string, string> = {}): Promise<void> {
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  await notifyAccount(deps, {
    accountId,
    agencyCode: sealingAgency(deps),
    subject: t(`peace_justice.notice.${what}.subject`, { code, ...params }),
    body: t(`peace_justice.notice.${what}.body`, { code, url: `${deps.config.publicUrl}/justicia-de-paz`, ...params }),
    source: 'peace_justice',
    key: `peace_justice:${key}:${what}:${accountId}`,
  });
}

/** The handler of the notice events: one mailbox notice per recipient, keyed by the event (a retry sends nothing twice). */
export async function noticeParties(event: DomainEvent, deps: Deps): Promise<void> {
  const what = NOTICE_TOPICS[event.topic as NoticeTopic];
  const p = event.payload as unknown as NoticePayload;
  if (!what) return;
  const params: Record<string, string> = p.place ? { place: p.place } : {};
  for (const accountId of p.recipients) await notify(deps, accountId, p.code, what, `${p.mediationId}:${event.id}`, params);
}

/** The case as this person may see it (a party or its justice); anyone else: not found. */
export async function readMediation(deps: Pick<Deps, 'db'>, person: Pick<Person, 'id' | 'grants'>, id: string): Promise<MediationFile & { viewer: Viewer }> {
  const mediation = /^[0-9a-f-]{36}$/i.test(id) ? await findMediation(deps.db, id) : undefined;
  if (!mediation) throw new AppError('PEACE_JUSTICE_NOT_FOUND');
  const parties = await findParties(deps.db, id);
  const viewer = viewerOf(person.id, person.grants, mediation, parties);
  if (!viewer) throw new AppError('PEACE_JUSTICE_NOT_FOUND');
  return { mediation, parties, entries: await findEntries(deps.db, id), viewer };
}

/** A party without an account follows the case with the case code and their own code. */
export async function followMediation(deps: Pick<Deps, 'db'>, code: string, partyCode: string): Promise<MediationFile & { party: Party }> {
  const mediation = /^JP-[0-9A-Z]{8}$/.test(code) && /^[0-9A-Z]{10}$/.test(partyCode) ? await findMediationByCode(deps.db, code) : undefined;
  const party = mediation ? await findPartyByFollowCode(deps.db, mediation.id, partyCode) : undefined;
  if (!mediation || !party) throw new AppError('PEACE_JUSTICE_NOT_FOUND');
  return { mediation, parties: await findParties(deps.db, mediation.id), entries: await findEntries(deps.db, mediation.id), party };
}

export async function mediationsOf(deps: Pick<Deps, 'db'>, person: Pick<Person, 'id' | 'grants'>): Promise<Mediation[]> {
  return findMediationsOf(deps.db, person.id, justiceTerritories(person.grants));
}

export type JusticeAction =
  | { action: 'accept' }
  | { action: 'refer'; to: string; reason: string }
  | { action: 'schedule'; at: Date; place: string }
  | { action: 'held'; notes: string }
  | { action: 'act'; text: string }
  | { action: 'attest'; partyId: string }
  | { action: 'fulfilment'; text: string }
  | { action: 'close'; outcome: string };

const ALLOWED: Record<JusticeAction['action'], readonly Status[]> = {
  accept: ['requested'],
  refer: ['requested', 'in_mediation'],
  schedule: ['in_mediation'],
  held: ['in_mediation'],
  act: ['in_mediation'],
  attest: ['act_recorded'],
  fulfilment: ['act_signed'],
  close: ['in_mediation', 'act_signed'],
};

function validate(a: JusticeAction): void {
  const bad = (field: string, key: string) => {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field, messageKey: `peace_justice.errors.${key}` }] });
  };
  if (a.action === 'refer' && (a.to.trim().length < 2 || a.to.length > 200)) bad('autoridad', 'authority');
  if (a.action === 'refer' && (a.reason.trim().length < 10 || a.reason.length > 2000)) bad('motivo', 'reason');
  if (a.action === 'schedule' && Number.isNaN(a.at.getTime())) bad('fecha', 'date');
  if (a.action === 'schedule' && (a.place.trim().length < 2 || a.place.length > 200)) bad('lugar', 'place');
  if (a.action === 'held' && (a.notes.trim().length < 2 || a.notes.length > 4000)) bad('notas', 'notes');
  if (a.action === 'act' && (a.text.trim().length < 10 || a.text.length > 8000)) bad('acta', 'act');
  if (a.action === 'fulfilment' && (a.text.trim().length < 2 || a.text.length > 4000)) bad('cumplimiento', 'fulfilment');
  if (a.action === 'close' && !(CLOSING_OUTCOMES as readonly string[]).includes(a.outcome)) bad('resultado', 'outcome');
}

/** What the justice of peace of the case's territory does; in one transaction with the case locked. */
export async function actAsJustice(deps: Deps, person: Person, id: string, a: JusticeAction, requestId?: string): Promise<void> {
  const { mediation, parties, viewer } = await readMediation(deps, person, id);
  if (viewer.as !== 'justice') throw new AppError('PEACE_JUSTICE_FORBIDDEN');
  validate(a);
  await deps.db.transaction().execute(async (trx) => {
    const current = (await findMediation(trx, id, true))!;
    if (!ALLOWED[a.action].includes(current.status)) throw new AppError('PEACE_JUSTICE_WRONG_STATE');
    if (a.action === 'close' && ['fulfilled', 'partly_fulfilled', 'not_fulfilled'].includes(a.outcome) !== (current.status === 'act_signed')) throw new AppError('PEACE_JUSTICE_WRONG_STATE');
    const entry = (kind: EntryKind, text: string | null = null, data: Record<string, unknown> = {}) => insertEntry(trx, id, kind, person.id, text, data);
    switch (a.action) {
      case 'accept':
        await updateMediation(trx, id, { status: 'in_mediation', justiceAccountId: person.id });
        await entry('accepted');
        break;
      case 'refer':
        await updateMediation(trx, id, { status: 'referred', outcome: 'referred', referredTo: a.to.trim(), referralReason: a.reason.trim(), closed: true });
        await entry('referred', a.reason.trim(), { to: a.to.trim() });
        await recordStat(trx, peaceJusticeStats.ended, { territory: current.territoryPath, at: current.createdAt, kind: current.kind, outcome: 'referred' });
        break;
      case 'schedule':
        await entry('session_scheduled', a.place.trim(), {
          at: a.at.toISOString(),
          notified: parties.map((p) => ({ party: p.position, via: p.accountId ? 'mailbox' : 'in_person' })),
        });
        await emitNotice(trx, 'peace_justice.session_scheduled', { mediationId: id, code: mediation.code, recipients: accountsOf(parties), place: a.place.trim() });
        break;
      case 'held':
        await entry('session_held', a.notes.trim());
        break;
      case 'act':
        await updateMediation(trx, id, { status: 'act_recorded', actText: a.text.trim() });
        await entry('act_recorded');
        await emitNotice(trx, 'peace_justice.act_recorded', { mediationId: id, code: mediation.code, recipients: accountsOf(parties) });
        break;
      case 'attest': {
        const party = parties.find((p) => p.id === a.partyId);
        if (!party) throw new AppError('PEACE_JUSTICE_NOT_FOUND');
        if (!(await acceptParty(trx, party.id, 'in_person'))) throw new AppError('PEACE_JUSTICE_ALREADY_ACCEPTED');
        await entry('act_accepted', null, { party: party.position, via: 'in_person' });
        await signedWhenAllAccepted(trx, id, person.id);
        break;
      }
      case 'fulfilment':
        await entry('fulfilment', a.text.trim());
        break;
      case 'close':
        await updateMediation(trx, id, { status: 'closed', outcome: a.outcome as Outcome, closed: true });
        await entry('closed', null, { outcome: a.outcome });
        await recordStat(trx, peaceJusticeStats.ended, { territory: current.territoryPath, at: current.createdAt, kind: current.kind, outcome: a.outcome });
        await emitNotice(trx, 'peace_justice.closed', { mediationId: id, code: mediation.code, recipients: accountsOf(parties) });
        break;
    }
    await recordAudit(trx, {
      actor: { type: 'person', id: person.id },
      action: `peace_justice.${a.action}`,
      subject: { type: 'mediation', id },
      data: a.action === 'attest' ? { party: a.partyId } : {},
      requestId,
    });
  });
}

/** When every party has accepted the act, the case moves to act_signed and its sealing is queued (inside the caller's transaction). */
async function signedWhenAllAccepted(trx: Queryable, id: string, actorId: string | null): Promise<void> {
  const parties = await findParties(trx, id);
  if (parties.some((p) => p.acceptedAt === null)) return;
  await updateMediation(trx, id, { status: 'act_signed' });
  await insertEntry(trx, id, 'act_sealed', actorId);
  await emitEvent(trx, ACT_SIGNED_TOPIC, { mediationId: id });
}

/** A party accepts the act, signed in at level sustancial. */
export async function acceptAct(deps: Deps, person: Person, id: string, requestId?: string): Promise<void> {
  const { viewer } = await readMediation(deps, person, id);
  if (viewer.as !== 'party') throw new AppError('PEACE_JUSTICE_FORBIDDEN');
  if (person.level !== 'sustancial') throw new AppError('PEACE_JUSTICE_LEVEL');
  await deps.db.transaction().execute(async (trx) => {
    const current = (await findMediation(trx, id, true))!;
    if (current.status !== 'act_recorded') throw new AppError('PEACE_JUSTICE_WRONG_STATE');
    if (!(await acceptParty(trx, viewer.partyId, 'online'))) throw new AppError('PEACE_JUSTICE_ALREADY_ACCEPTED');
    const position = (await findParties(trx, id)).find((p) => p.id === viewer.partyId)!.position;
    await insertEntry(trx, id, 'act_accepted', person.id, null, { party: position, via: 'online' });
    await recordAudit(trx, { actor: { type: 'person', id: person.id }, action: 'peace_justice.act_accepted', subject: { type: 'mediation', id }, data: {}, requestId });
    await signedWhenAllAccepted(trx, id, person.id);
  });
}

/**
 * The handler of `peace_justice.act_signed`: seals the act, one signed copy per party with an
 * account (signing service, once per party: a retry finds the copy already issued), delivered to
 * their mailbox (once per party and case).
 */
export async function sealAct(event: DomainEvent, deps: Deps): Promise<void> {
  const id = String(event.payload.mediationId);
  const mediation = await findMediation(deps.db, id);
  if (!mediation) return;
  const parties = await findParties(deps.db, id);
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const names = parties.map((p) => `${p.name}${p.documentNumber ? ` (${p.documentNumber})` : ''}: ${t(`peace_justice.via.${p.acceptedVia ?? 'online'}`)}`).join('\n');
  for (const party of parties) {
    if (!party.accountId) continue;
    const document = await issueDocument(deps, {
      kind: 'notice',
      sourceKey: `peace_justice:${id}:${party.id}`,
      accountId: party.accountId,
      agencyCode: sealingAgency(deps),
      title: t('peace_justice.act.documentTitle', { code: mediation.code }),
      body: t('peace_justice.act.documentBody', { code: mediation.code, act: mediation.actText ?? '', parties: names }),
    });
    if (document) {
      await setPartyDocument(deps.db, party.id, document.id);
      await notify(deps, party.accountId, mediation.code, 'sealed', id, { verification: document.verificationCode });
    }
  }
}
