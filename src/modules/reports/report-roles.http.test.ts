// Who may handle an agency's reports (issue 8), as a role × action matrix over HTTP: every
// report action of the back office, for a person holding each official role at the agency.
// Only case_handler and agency_admin handle reports; publisher, registrar and auditor are
// refused everything, and moderation stays with platform administrators.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { ensureAccount, type Role } from '../identity/index.ts';
import { createReport } from './index.ts';

const ROLES: Role[] = ['publisher', 'registrar', 'auditor', 'case_handler', 'agency_admin'];
const HANDLERS = new Set<Role>(['case_handler', 'agency_admin']);
const PASSWORD = 'Clave-de-prueba-2026';

let t: TestApp & { baseUrl: string };
let citizenId: string;
const sessions = new Map<Role, { browser: HttpSession; token: string }>();
const deps = () => t.app.tambo.deps;

before(async () => {
  t = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  citizenId = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(deps().db)).rows[0]!.id;
  for (const role of ROLES) {
    const email = `${role.replace('_', '-')}@segip.prueba`;
    await ensureAccount(deps(), {
      country: 'bo',
      documentType: 'CI',
      documentNumber: newDocument(),
      givenName: 'Ana',
      familyName: 'Mamani',
      birthDate: '1981-03-03',
      email,
      emailVerified: true,
      phone: null,
      phoneVerified: false,
      address: null,
      territoryCode: null,
      level: 'sustancial',
      isPlatformAdmin: false,
      password: PASSWORD,
      roles: [{ agencyCode: 'SEGIP', role }],
    });
    const browser = new HttpSession();
    const landed = await signInPortal(t, browser, email, PASSWORD);
    assert.equal(new URL(landed.url).pathname, '/cuenta', `${role} signed in`);
    const token = /name="_csrf" value="([^"]+)"/.exec(landed.html)?.[1];
    assert.ok(token);
    sessions.set(role, { browser, token });
  }
});
after(async () => t.close());

/** A complaint about SEGIP (routed to SEGIP), fresh for each cell of the matrix. */
const complaint = async () =>
  (
    await createReport(
      deps(),
      { categoryCode: 'mala_atencion', description: 'Demora de tres horas', subjectAgencyCode: 'SEGIP', territoryCode: 'BO-L-01-01' },
      { actor: { type: 'person', id: citizenId } },
    )
  ).report;

async function postForm(role: Role, path: string, fields: Record<string, string>): Promise<number> {
  const { browser, token } = sessions.get(role)!;
  const response = await browser.request(`${t.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
  return response.status;
}

async function postEvidence(role: Role, path: string): Promise<number> {
  const { browser, token } = sessions.get(role)!;
  const form = new FormData();
  form.append('_csrf', token);
  form.append('nota', 'Acta de la visita');
  form.append('evidencia', new Blob([Buffer.from('%PDF-1.7\n%acta\n')], { type: 'application/pdf' }), 'acta.pdf');
  const request = new Request('http://local/', { method: 'POST', body: form });
  const response = await browser.request(`${t.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': request.headers.get('content-type')! },
    body: Buffer.from(await request.arrayBuffer()),
  });
  return response.status;
}

/** Every action of the back office on a report: its name, and how to try it (an HTTP status back). */
const ACTIONS: Array<[string, (role: Role) => Promise<number>]> = [
  ['see the queue', async (role) => (await sessions.get(role)!.browser.request(`${t.baseUrl}/reportes/institucion`)).status],
  ['accept', async (role) => postForm(role, `/reportes/${(await complaint()).id}/gestion`, { accion: 'aceptar' })],
  ['reply in public', async (role) => postForm(role, `/reportes/${(await complaint()).id}/gestion`, { accion: 'responder', respuesta: 'Lo revisamos' })],
  ['change the status', async (role) => postForm(role, `/reportes/${(await complaint()).id}/gestion`, { accion: 'estado', estado: 'in_progress', motivo_estado: 'En revisión' })],
  ['reassign', async (role) => postForm(role, `/reportes/${(await complaint()).id}/gestion`, { accion: 'reasignar', institucion: 'SIN', motivo_reasignacion: 'No es nuestro' })],
  [
    'merge',
    async (role) => {
      const into = await complaint();
      return postForm(role, `/reportes/${(await complaint()).id}/gestion`, { accion: 'fusionar', duplicado_de: into.code });
    },
  ],
  ['add evidence', async (role) => postEvidence(role, `/reportes/${(await complaint()).id}/evidencia`)],
];

describe('report handling by role', () => {
  for (const role of ROLES) {
    it(`${role}: ${HANDLERS.has(role) ? 'handles' : 'is refused'} every action on its agency's reports`, async () => {
      const outcome: Record<string, number> = {};
      for (const [name, attempt] of ACTIONS) outcome[name] = await attempt(role);
      const expected = Object.fromEntries(ACTIONS.map(([name]) => [name, HANDLERS.has(role) ? (name === 'see the queue' ? 200 : 303) : 403]));
      assert.deepEqual(outcome, expected);
    });
  }

  it('moderation is for platform administrators only, whatever the agency role', async () => {
    for (const role of ROLES) {
      const status = await postForm(role, `/reportes/${(await complaint()).id}/moderar`, { objeto: 'reporte', motivo_moderacion: 'Lenguaje ofensivo' });
      assert.equal(status, 403, role);
    }
  });

  it('shows the handling forms only to handlers', async () => {
    const report = await complaint();
    for (const role of ROLES) {
      const html = await (await sessions.get(role)!.browser.request(`${t.baseUrl}/reportes/${report.id}`)).text();
      assert.equal(html.includes(`action="/reportes/${report.id}/gestion"`), HANDLERS.has(role), role);
    }
  });
});
