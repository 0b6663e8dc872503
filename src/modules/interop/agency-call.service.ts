// Calls made by the platform itself on behalf of an agency (the portal's once-only prefill):
// the same path as a call from outside — the agency's registered subsystem as the client, the
// producer's grants, the message log — with the person the data is about recorded, so that the
// person sees every read in "Mis datos" (the `personalData` declaration below).
import { AppError } from '../../platform/errors.ts';
import { recordRegistryRead } from '../identity/index.ts';
import type { Deps, PersonalDataDeclaration } from '../../platform/module.ts';
import { type ExchangeAnswer, callThroughExchange } from './exchange.service.ts';
import { findSubsystemOfMember } from './interop.queries.ts';
import { clientHeader, instanceOf, MEMBER_CLASS, parseClientHeader } from './interop.types.ts';
import { findExchangesAbout } from './message-log.queries.ts';

export interface AgencyRead {
  /** The agency asking (its first registered subsystem is the client). */
  agencyCode: string;
  /** `INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE`. */
  service: string;
  /** The path under the service, with its query ('/personas/persona/4567891%20LP'). */
  path: string;
  subjectAccountId: string;
  /** Who in the agency (or which procedure) asks: X-Road-UserId. */
  userId?: string;
  /** The case or file: X-Road-Issue. */
  issue?: string;
}

/** A GET through the exchange for an agency, about a person; answers the producer's JSON and the message log id. */
export async function readForAgency(deps: Pick<Deps, 'db' | 'country' | 'keyring'>, read: AgencyRead): Promise<{ status: number; data: unknown; messageId: string; answer: ExchangeAnswer }> {
  const parts = read.service.split('/');
  if (parts.length !== 5) throw new AppError('INTEROP_UNKNOWN_SERVICE');
  const [instance, memberClass, member, subsystem, service] = parts as [string, string, string, string, string];
  const own = await findSubsystemOfMember(deps.db, read.agencyCode);
  if (!own) throw new AppError('INTEROP_UNKNOWN_CLIENT');
  const client = clientHeader({ instance: instanceOf(deps.country.code), memberClass: MEMBER_CLASS, member: own.memberCode, subsystem: own.code });
  if (!parseClientHeader(client)) throw new AppError('INTEROP_UNKNOWN_CLIENT');
  const queryAt = read.path.indexOf('?');
  const answer = await callThroughExchange(deps, {
    system: { clientId: own.clientId, agencyCode: own.memberCode },
    client,
    userId: read.userId,
    issue: read.issue,
    target: { instance, memberClass, member, subsystem, service },
    method: 'GET',
    path: queryAt >= 0 ? read.path.slice(0, queryAt) : read.path,
    query: queryAt >= 0 ? read.path.slice(queryAt) : '',
    body: Buffer.alloc(0),
    subjectAccountId: read.subjectAccountId,
  });
  // The person sees the read in "Mi actividad" (identity's registry reads), naming the exchange message.
  await recordRegistryRead(deps.db, {
    accountId: read.subjectAccountId,
    registry: `${answer.service.sourceLabel || answer.service.memberCode} · ${answer.service.code}`,
    clientId: own.clientId,
    agencyCode: own.memberCode,
    exchangeMessageId: answer.xroadId,
  });
  let data: unknown = null;
  try {
    data = JSON.parse(answer.body.toString('utf8'));
  } catch {}
  return { status: answer.status, data, messageId: answer.messageId, answer };
}

export const interopPersonalData: PersonalDataDeclaration = {
  titleKey: 'interop.personalData.module',
  legalBasisKey: 'interop.personalData.legalBasis',
  purposeKey: 'interop.personalData.purpose',
  retentionKey: 'interop.personalData.retention',
  fieldKeys: {
    producer: 'interop.personalData.producer',
    service: 'interop.field.service',
    consumer: 'interop.personalData.consumer',
    issue: 'interop.personalData.issue',
    status: 'interop.personalData.status',
    created_at: 'interop.personalData.createdAt',
  },
  find: async (deps, accountId) => [{ titleKey: 'interop.personalData.exchanges', data: await findExchangesAbout(deps.db, accountId), keptKey: 'interop.personalData.kept' }],
};
