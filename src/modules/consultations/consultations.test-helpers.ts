// Shared by the consultations tests, the browser journey and the bench: a consultation with
// viable proposals, voters with a verified territory, and a voter's access token with the
// `consultations:vote` scope (the provider's real authorization-code flow).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { newDocument, TEST_ACCOUNT_PASSWORD, testAccount, userAccessToken } from '../../../test/helpers/identity.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { updateProposalReview } from './consultations.queries.ts';
import { createConsultation, submitProposal } from './consultations.service.ts';
import type { Consultation } from './consultations.types.ts';

const DAY = 86_400_000;

export interface TestConsultation {
  id: string;
  slug: string;
  /** Viable proposals by unit, in order of proposal. */
  proposals: Record<string, Array<{ id: string; title: string; costMinor: number }>>;
}

/** A consultation open for voting (or receiving proposals) in El Alto and La Paz (or the units given), each with viable proposals of these costs. */
export async function makeConsultation(
  deps: Deps,
  options: Partial<Pick<Consultation, 'ballotRule' | 'approvalMin' | 'approvalMax' | 'resultMethod' | 'eligibility' | 'minLevel'>> & {
    units?: Array<{ code: string; name: string; budgetMinor: number; costs: number[] }>;
    phase?: 'proposals' | 'voting';
  } = {},
): Promise<TestConsultation> {
  const id = uuidv7();
  const slug = `prueba-${id.slice(-12)}`;
  const units = options.units ?? [
    { code: 'BO-L-01-02', name: 'El Alto', budgetMinor: 100, costs: [50, 40, 30, 60] },
    { code: 'BO-L-01-01', name: 'La Paz', budgetMinor: 80, costs: [50, 30] },
  ];
  // Receiving proposals: every later phase moves 30 days on.
  const now = Date.now() + (options.phase === 'proposals' ? 30 * DAY - DAY / 2 : 0);
  await createConsultation(
    deps,
    {
      id,
      slug,
      title: `Consulta de prueba ${slug}`,
      description: 'Una consulta de prueba.',
      countryProfile: 'bo',
      currency: 'BOB',
      ballotRule: options.ballotRule ?? 'approval',
      approvalMin: options.approvalMin ?? 1,
      approvalMax: options.approvalMax ?? 3,
      resultMethod: options.resultMethod ?? 'greedy',
      minLevel: options.minLevel ?? 'bajo',
      eligibility: options.eligibility ?? 'both',
      allowRevote: true,
      proposalsOpenAt: new Date(now - 30 * DAY),
      reviewOpenAt: new Date(now - 20 * DAY),
      votingOpenAt: new Date(now - DAY),
      votingCloseAt: new Date(now + 10 * DAY),
      executionOpenAt: new Date(now + 20 * DAY),
      isDemo: false,
      units: units.map((u) => ({ code: u.code, layerCode: null, name: u.name, budgetMinor: u.budgetMinor })),
    },
    { type: 'system' },
  );
  const proposals: TestConsultation['proposals'] = {};
  for (const unit of units) {
    proposals[unit.code] = [];
    for (const [index, costMinor] of unit.costs.entries()) {
      const title = `Proyecto ${index + 1} de ${unit.name}`;
      const proposalId = await submitProposal(deps, { accountId: null, type: 'system' }, id, { unitCode: unit.code, title, description: 'Descripción.', costMinor, lat: null, lon: null });
      await updateProposalReview(deps.db, proposalId, { status: 'viable', reason: 'Viable.', by: null });
      proposals[unit.code]!.push({ id: proposalId, title, costMinor });
    }
  }
  return { id, slug, proposals };
}

/** Closes the voting now (the test moves the dates, as time passing would). */
export async function closeVoting(deps: Deps, consultationId: string): Promise<void> {
  await sql`UPDATE consultations.consultation SET voting_close_at = now() - interval '1 second', voting_open_at = LEAST(voting_open_at, now() - interval '2 seconds') WHERE id = ${consultationId}`.execute(
    deps.db,
  );
}

export interface Voter {
  id: string;
  email: string;
  documentNumber: string;
}

/** A person registered in this territory (verified address), level sustancial. */
export async function makeVoter(deps: Deps, territoryCode: string | null = 'BO-L-01-02', extra: { level?: 'bajo' | 'sustancial' } = {}): Promise<Voter> {
  const email = `votante-${randomUUID().slice(0, 8)}@prueba.bo`;
  const documentNumber = newDocument();
  const id = await testAccount(deps, { documentNumber, givenName: 'Juana', familyName: 'Apaza', email, territoryCode, ...extra });
  return { id, email, documentNumber };
}

const CLIENT = { id: 'consulta-app', secret: 'consulta-app-secret-0123456789', redirectUri: 'http://localhost:8400/callback' };

/** A voter's access token with `consultations:vote`, from a first-party client made for the test. */
export async function voterToken(t: TestApp & { baseUrl: string }, voter: Voter): Promise<string> {
  await sql`
    INSERT INTO identity.client (client_id, client_secret, name, redirect_uris, scopes, is_first_party, purpose, is_active)
    VALUES (${CLIENT.id}, ${CLIENT.secret}, 'Aplicación de la consulta', ${[CLIENT.redirectUri]}::text[], ${['openid', 'consultations:vote']}::text[], true, 'Prueba', true)
    ON CONFLICT (client_id) DO NOTHING`.execute(t.app.tambo.deps.db);
  const { tokens } = await userAccessToken(t.baseUrl, {
    clientId: CLIENT.id,
    secret: CLIENT.secret,
    redirectUri: CLIENT.redirectUri,
    scope: 'openid consultations:vote',
    login: voter.email,
    password: TEST_ACCOUNT_PASSWORD,
  });
  return tokens!.access_token;
}

/** POSTs a ballot to the API, with the voter's token when given. */
export function postBallot(baseUrl: string, token: string | undefined, id: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/consultations/${id}/ballots`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
}

/** How many rows of the consultation a consultations table holds (poll_book, ballot, ballot_inbox…). */
export async function countRows(deps: Pick<Deps, 'db'>, table: string, consultationId: string): Promise<number> {
  return Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(`consultations.${table}`)} WHERE consultation_id = ${consultationId}`.execute(deps.db)).rows[0]!.n);
}
