// Documented error codes that clients branch on, each triggered through the API that answers
// it: the problem's `code`, status and the field-free detail an integrator reads. Codes with a
// journey of their own are asserted in that journey's tests (cases' agency API, reports' roles).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CasesHarness } from '../src/modules/cases/cases.test-helpers.ts';
import { demoCitizenToken } from './helpers/demo-token.ts';

const h = new CasesHarness();
let token = '';
before(async () => {
  await h.start();
  token = await demoCitizenToken(h.t.baseUrl, ['cases:read', 'cases:write']);
});
after(h.close);

async function problem(path: string, init: RequestInit = {}): Promise<{ status: number; code: string; type: string; contentType: string }> {
  const response = await fetch(`${h.t.baseUrl}${path}`, init);
  const body = (await response.json()) as { code: string; type: string };
  return { status: response.status, code: body.code, type: body.type, contentType: response.headers.get('content-type') ?? '' };
}

describe('documented error codes', () => {
  it('AGENCY_NOT_FOUND: an agency code nobody has', async () => {
    const p = await problem('/api/v1/agencies/NO-SUCH-AGENCY');
    assert.deepEqual([p.status, p.code], [404, 'AGENCY_NOT_FOUND']);
    assert.match(p.contentType, /^application\/problem\+json/);
  });

  it('REPORT_NOT_FOUND: a report number nobody filed', async () => {
    const p = await problem('/api/v1/reports/987654321');
    assert.deepEqual([p.status, p.code], [404, 'REPORT_NOT_FOUND']);
  });

  it("CASES_NOT_FOUND: a tracking code that is not one of the person's", async () => {
    const mine = await h.applyOnline();
    const headers = { authorization: `Bearer ${token}` };
    assert.equal((await fetch(`${h.t.baseUrl}/api/v1/cases/${mine}`, { headers })).status, 200, 'her own case opens');
    const unknown = await problem('/api/v1/cases/TR-ZZZZ-9999', { headers });
    assert.deepEqual([unknown.status, unknown.code], [404, 'CASES_NOT_FOUND']);
  });

  it('the cases API: no token with a valid body, a procedure not online, a resubmission of a case not observed, an unknown tracking code', async () => {
    const json = (body: unknown, bearer?: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify(body),
    });
    const mine = await h.applyOnline();
    const application = { procedure: 'certificado-prueba', answers: { birthDate: '2020-01-01', copies: 1, purpose: 'work' } };
    for (const [path, body] of [
      ['/api/v1/cases', application],
      [`/api/v1/cases/${mine}/resubmission`, { answers: {} }],
      [`/api/v1/cases/${mine}/transitions`, { transition: 'take' }],
    ] as const) {
      const p = await problem(path, json(body));
      assert.deepEqual([p.status, p.code], [401, 'UNAUTHENTICATED'], path);
    }
    const notOnline = await problem('/api/v1/cases', json({ ...application, procedure: 'no-existe-en-linea' }, token));
    assert.deepEqual([notOnline.status, notOnline.code], [404, 'CASES_PROCEDURE_NOT_ONLINE']);
    const readOnly = await demoCitizenToken(h.t.baseUrl, ['cases:read']);
    const noWrite = await problem(`/api/v1/cases/${mine}/resubmission`, json({ answers: {} }, readOnly));
    assert.deepEqual([noWrite.status, noWrite.code], [403, 'INSUFFICIENT_SCOPE']);
    const unknown = await problem('/api/v1/cases/TR-ZZZZ-9999/resubmission', json({ answers: {} }, token));
    assert.deepEqual([unknown.status, unknown.code], [404, 'CASES_NOT_FOUND']);
    // Submitted, not observed: nothing to correct.
    const notObserved = await problem(`/api/v1/cases/${mine}/resubmission`, json({ answers: {} }, token));
    assert.deepEqual([notObserved.status, notObserved.code], [409, 'CASES_TRANSITION_NOT_ALLOWED']);
    const tracking = await problem('/api/v1/tracking/TR-ZZZZ-9999');
    assert.deepEqual([tracking.status, tracking.code], [404, 'CASES_NOT_FOUND']);
  });
});
