// Demo data (idempotent; docs/transparency.md): the demo citizen's requests for public information
// — one answered in time, one pending, one refused naming its legal ground — and a recorded
// personal-data breach (the citizen notified in the mailbox, a person without an account left for
// the post). Made through the use cases (audited as in real use), answered by the demo platform
// administrator; the demo people are identity's (no new account, no password hash).
import { readFileSync } from 'node:fs';
import { ensureCorrectionProcedure } from './correction.service.ts';
import type { Deps } from '../../platform/module.ts';
import { findAccountByIdentityDocument, getRoles, roleGrantsOf } from '../identity/index.ts';
import { recordBreach } from './breach.service.ts';
import { requestsOf } from './transparency.queries.ts';
import { type Actor, answerRequest, fileRequest, refuseRequest } from './transparency.service.ts';

interface DemoRequest {
  agencyCode: string;
  question: string;
  /** Days ago it was filed. */
  filed: number;
  outcome: { answered: number; answer: string; document: string } | { refused: number; ground: string; reason: string } | null;
}

interface DemoCountry {
  citizen: [string, string];
  admin: [string, string];
  requests: DemoRequest[];
  breach: { agencyCode: string; description: string; withoutAccount: [string, string] };
}

/** The demo data by country (`demo/requests.json`). */
const demoOf = (country: 'bo' | 've'): DemoCountry => (JSON.parse(readFileSync(new URL('./demo/requests.json', import.meta.url), 'utf8')) as Record<'bo' | 've', DemoCountry>)[country];

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

export async function seedTransparency(deps: Deps): Promise<void> {
  // The platform operator's "Corrección de datos personales" (identity's data); other holders' on first use.
  await ensureCorrectionProcedure(deps, deps.country.platformAgency);
  const demo = demoOf(deps.country.code);
  const [citizen, admin] = await Promise.all([findAccountByIdentityDocument(deps, ...demo.citizen), findAccountByIdentityDocument(deps, ...demo.admin)]);
  if (!citizen || !admin) return;
  const person: Actor = { accountId: citizen.id, grants: [] };
  const officer: Actor = { accountId: admin.id, grants: roleGrantsOf(admin, await getRoles(deps, admin.id)) };
  const asked = new Set((await requestsOf(deps.db, citizen.id)).map((r) => r.question));
  for (const r of demo.requests) {
    if (asked.has(r.question)) continue;
    const request = await fileRequest(deps, person, { agencyCode: r.agencyCode, question: r.question, format: 'digital' }, { now: daysAgo(r.filed) });
    if (r.outcome && 'answered' in r.outcome)
      await answerRequest(deps, officer, request.code, { answer: r.outcome.answer, sentDocument: r.outcome.document, publicDocument: r.outcome.document }, { now: daysAgo(r.outcome.answered) });
    if (r.outcome && 'refused' in r.outcome) await refuseRequest(deps, officer, request.code, { ground: r.outcome.ground, reason: r.outcome.reason }, { now: daysAgo(r.outcome.refused) });
  }
  // Once per source key: a second seed records nothing.
  await recordBreach(deps, {
    agencyCode: demo.breach.agencyCode,
    description: demo.breach.description,
    occurredAt: new Date('2026-11-02T12:00:00Z'),
    affected: [
      { documentType: demo.citizen[0], documentNumber: demo.citizen[1] },
      { documentType: demo.breach.withoutAccount[0], documentNumber: demo.breach.withoutAccount[1] },
    ],
    sourceKey: 'demo:breach:1',
  });
}
