// The officials' back office over real HTTP (assignment, filing at the counter, the queue's
// filters) and the legal clock (overdue escalation, tacit outcomes, state deadlines). Each
// test makes the cases it needs (cases.test-helpers.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { formsIn } from '../../../test/helpers/http-client.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { defaultWorkflow } from '../../platform/forms/index.ts';
import { CasesHarness } from './cases.test-helpers.ts';
import { applyLegalDeadlines } from './index.ts';

const h = new CasesHarness();
const { page, post } = h;
before(h.start);
after(h.close);

describe('cases back office', () => {
  it('an official assigns a case to a colleague picked by name from a list, never to someone without the role', async () => {
    const code = await h.applyOnline();
    const official = await h.official();
    const db = h.t.app.tambo.deps.db;
    const path = `/gestion/expedientes/${code}`;
    const ids = await sql<{ email: string; id: string }>`SELECT email, id::text FROM identity.account WHERE email IN ('admin@demo.tambo', 'ciudadana@demo.tambo')`.execute(db);
    const idOf = (email: string) => ids.rows.find((r) => r.email === email)!.id;
    const before = (await page(official, path)).html;
    const assignForm = formsIn(before).findIndex((f) => f.action.endsWith('/asignar'));
    // Not a handler of SEGIP yet: not offered, and a forged id of hers is refused on the field.
    assert.doesNotMatch(before, new RegExp(`value="${idOf('admin@demo.tambo')}"`));
    assert.doesNotMatch(before, /name="assignee-number"/);
    for (const forged of [idOf('ciudadana@demo.tambo'), idOf('admin@demo.tambo'), 'not-an-id']) {
      const refused = await post(official, path, { assignee: forged }, assignForm);
      assert.equal(refused.status, 400);
      assert.match(refused.html, /href="#campo-assignee"[^>]*>Elija a un funcionario de la institución/);
      assert.match(refused.html, /<select[^>]*id="campo-assignee"[^>]*aria-invalid="true"/);
    }
    // A colleague: a second case handler of the same agency, listed by name.
    await sql`INSERT INTO identity.role_assignment (account_id, agency_code, role) SELECT id, 'SEGIP', 'case_handler' FROM identity.account WHERE email = 'admin@demo.tambo'`.execute(db);
    try {
      const names = await sql<{ name: string }>`SELECT given_name || ' ' || family_name AS name FROM identity.account WHERE email = 'admin@demo.tambo'`.execute(db);
      const listed = (await page(official, path)).html;
      assert.match(listed, new RegExp(`<option value="${idOf('admin@demo.tambo')}"[^>]*>${names.rows[0]!.name}</option>`));
      assert.doesNotMatch(listed, new RegExp(`value="${idOf('ciudadana@demo.tambo')}"`));
      assert.equal((await post(official, path, { assignee: idOf('admin@demo.tambo') }, assignForm)).status, 303);
      const row = await sql<{ email: string }>`SELECT a.email FROM cases.case c JOIN identity.account a ON a.id = c.assignee_id WHERE c.tracking_code = ${code}`.execute(db);
      assert.equal(row.rows[0]!.email, 'admin@demo.tambo');
    } finally {
      await sql`DELETE FROM identity.role_assignment WHERE agency_code = 'SEGIP' AND account_id = (SELECT id FROM identity.account WHERE email = 'admin@demo.tambo')`.execute(db);
    }
  });

  it('approve, reject and request-correction each have their own labelled reason field; an error shows on that field only', async () => {
    const code = await h.applyOnline();
    await h.take(code);
    const official = await h.official();
    const path = `/gestion/expedientes/${code}`;
    const shown = (await page(official, path)).html;
    for (const [id, label] of [
      ['approve', 'Aprobar'],
      ['reject', 'Rechazar'],
      ['request_correction', 'Pedir corrección'],
    ]) {
      assert.match(shown, new RegExp(`<label[^>]*for="campo-reason-${id}"[^>]*>Motivo para «${label}»`));
      assert.equal(shown.match(new RegExp(`id="campo-reason-${id}"`, 'g'))?.length, 1);
    }
    const refused = await h.act(code, 'reject', '');
    assert.equal(refused.status, 400);
    assert.match(refused.html, /<textarea[^>]*id="campo-reason-reject"[^>]*aria-invalid="true"/);
    assert.doesNotMatch(refused.html, /<textarea[^>]*id="campo-reason-approve"[^>]*aria-invalid/);
    assert.doesNotMatch(refused.html, /<textarea[^>]*id="campo-reason-request_correction"[^>]*aria-invalid/);
    assert.match(refused.html, /href="#campo-reason-reject"/);
    // The reason typed for one action stays in that action's field only.
    const tooLong = await h.act(code, 'approve', 'x'.repeat(5001));
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.html, /id="campo-reason-approve"[^>]*>x{5001}</);
    assert.doesNotMatch(tooLong.html, /id="campo-reason-reject"[^>]*>x/);
    assert.equal((await h.act(code, 'reject', 'No cumple')).status, 303);
    const row = await sql<{ state: string }>`SELECT state FROM cases.case WHERE tracking_code = ${code}`.execute(h.t.app.tambo.deps.db);
    assert.equal(row.rows[0]!.state, 'rejected');
  });

  it('an official files an application at the counter for a person, recorded as assisted', async () => {
    const citizen = await h.citizen();
    const official = await h.official();
    const path = '/gestion/solicitar?tramite=certificado-prueba';
    const unknown = await post(
      official,
      path,
      { 'person-type': 'CI', 'person-number': '9999999 LP', 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1', purpose: 'work' },
      0,
    );
    assert.equal(unknown.status, 400);
    assert.match(unknown.html, /No hay ninguna cuenta con ese documento/);
    assert.match(unknown.html, /value="9999999 LP"/);
    const filed = await post(
      official,
      path,
      { 'person-type': 'CI', 'person-number': '4567891 LP', 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1', purpose: 'work' },
      0,
    );
    assert.equal(filed.status, 303, filed.html.slice(0, 300));
    const assisted = /TR-[A-Z0-9-]+/.exec(filed.location)![0];
    const row = await sql<{ channel: string; filed_by: string | null; answers: { fullName: string } }>`SELECT channel, filed_by, answers FROM cases.case WHERE tracking_code = ${assisted}`.execute(
      h.t.app.tambo.deps.db,
    );
    assert.equal(row.rows[0]!.channel, 'assisted');
    assert.ok(row.rows[0]!.filed_by);
    assert.equal(row.rows[0]!.answers.fullName, 'María Quispe Mamani');
    assert.match((await page(citizen, '/mis-tramites')).html, new RegExp(assisted));
    assert.equal((await page(citizen, path)).status, 403);
    assert.equal((await page(official, '/gestion/solicitar?tramite=certificado-otra')).status, 403);
  });

  it('at the counter, the procedure is found by its name in the catalog (one match opens it, several are listed, none is an error)', async () => {
    const official = await h.official();
    // One online procedure of the official's agency matches: its form opens (the other agency's is not offered).
    const one = await page(official, `/gestion/solicitar?tramite=${encodeURIComponent('prueba')}`);
    assert.equal(one.status, 200);
    assert.match(one.url, /\?tramite=certificado-prueba$/);
    assert.match(one.html, /name="person-number"/);
    await h.createProcedure('certificado-ventanilla', 'SEGIP');
    const several = await page(official, `/gestion/solicitar?tramite=${encodeURIComponent('Certificado de prueba')}`);
    assert.equal(several.status, 200);
    assert.match(several.html, /href="\/gestion\/solicitar\?tramite=certificado-prueba"/);
    assert.match(several.html, /href="\/gestion\/solicitar\?tramite=certificado-ventanilla"/);
    assert.doesNotMatch(several.html, /certificado-otra/);
    const none = await page(official, `/gestion/solicitar?tramite=${encodeURIComponent('licencia de pesca submarina')}`);
    assert.equal(none.status, 400);
    assert.match(none.html, /href="#campo-tramite"[^>]*>Ningún trámite en línea de su institución se llama así/);
    assert.match(none.html, /value="licencia de pesca submarina"/);
    assert.doesNotMatch(none.html, /no se puede hacer en línea|cannot be done online/i);
  });

  it('at the counter, a registrar creates the account of a person who has none (sustancial, audited), then files for them', async () => {
    const citizen = await h.citizen();
    const official = await h.official();
    const db = h.t.app.tambo.deps.db;
    const path = '/gestion/solicitar/cuenta?tramite=certificado-prueba';
    assert.match((await page(official, '/gestion/solicitar?tramite=certificado-prueba')).html, /href="\/gestion\/solicitar\/cuenta\?tramite=certificado-prueba"/);
    const person = {
      documentType: 'CI',
      documentNumber: '8765432 LP',
      givenName: 'Juana',
      familyName: 'Condori',
      'birthDate-day': '31',
      'birthDate-month': '2',
      'birthDate-year': '1990',
      email: '',
      phone: '',
      office: 'Oficina central',
    };
    const wrong = await post(official, path, person);
    assert.equal(wrong.status, 400);
    assert.match(wrong.html, /href="#campo-birthDate"/);
    assert.match(wrong.html, /href="#campo-documentChecked"/);
    assert.match(wrong.html, /value="Juana"/);
    assert.match(wrong.html, /value="8765432 LP"/);
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity.account WHERE given_name = 'Juana'`.execute(db)).rows[0]!.n, 0);
    const created = await post(official, path, { ...person, 'birthDate-day': '28', documentChecked: 'yes' });
    assert.equal(created.status, 200, created.html.slice(0, 300));
    const shown = /id="campo-temporaryPassword"[^>]*value="([A-Z0-9-]{14})"|value="([A-Z0-9-]{14})"[^>]*id="campo-temporaryPassword"/.exec(created.html);
    assert.ok(shown, 'the temporary password is shown once');
    const account = await sql<{ id: string; level: string }>`SELECT id, level FROM identity.account WHERE document_number = '8765432 LP'`.execute(db);
    assert.equal(account.rows[0]!.level, 'sustancial');
    const audit = await sql<{
      actor_type: string;
      data: { agency: string };
    }>`SELECT actor_type, data FROM audit.entry WHERE action = 'identity.account_created' AND subject_id = ${account.rows[0]!.id}`.execute(db);
    assert.equal(audit.rows[0]!.actor_type, 'official');
    assert.equal(audit.rows[0]!.data.agency, 'SEGIP');
    // The same document twice: a field error, no second account.
    const again = await post(official, path, { ...person, 'birthDate-day': '28', documentChecked: 'yes' });
    assert.equal(again.status, 400);
    assert.match(again.html, /href="#campo-documentNumber"/);
    // Now the application can be filed for her.
    const filed = await post(
      official,
      '/gestion/solicitar?tramite=certificado-prueba',
      { 'person-type': 'CI', 'person-number': '8765432 LP', 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1', purpose: 'work' },
      0,
    );
    assert.equal(filed.status, 303, filed.html.slice(0, 300));
    // Without the registrar role: told to ask a registrar, and a POST creates nothing.
    await sql`DELETE FROM identity.role_assignment WHERE role = 'registrar' AND agency_code = 'SEGIP' AND account_id = (SELECT id FROM identity.account WHERE email = 'funcionario@demo.tambo')`.execute(
      db,
    );
    try {
      const refused = await page(official, path);
      assert.equal(refused.status, 200);
      assert.match(refused.html, /Pida a un registrador/);
      assert.doesNotMatch(refused.html, /name="givenName"/);
      // A POST anyway (with a valid CSRF token from another form) creates nothing.
      const hidden = formsIn((await page(official, '/gestion/solicitar?tramite=certificado-prueba')).html)[0]!.hidden;
      const forced = await official.request(`${h.t.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...hidden, ...person, documentNumber: '8765433 LP', 'birthDate-day': '28', documentChecked: 'yes' }).toString(),
      });
      assert.match(await forced.text(), /Pida a un registrador/);
      assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity.account WHERE document_number = '8765433 LP'`.execute(db)).rows[0]!.n, 0);
    } finally {
      await sql`INSERT INTO identity.role_assignment (account_id, agency_code, role) SELECT id, 'SEGIP', 'registrar' FROM identity.account WHERE email = 'funcionario@demo.tambo'`.execute(db);
    }
    assert.equal((await page(citizen, path)).status, 403);
    assert.equal((await page(official, '/gestion/solicitar/cuenta?tramite=certificado-otra')).status, 403);
  });

  it("the queue filters by procedure with a plain GET form; only the agency's procedures are offered", async () => {
    const official = await h.official();
    const db = h.t.app.tambo.deps.db;
    const { procedureId } = await h.createProcedure('certificado-filtro', 'SEGIP');
    const inside = await h.applyOnline('certificado-filtro');
    const outside = await h.applyOnline('certificado-prueba');
    const otherId = (await sql<{ id: string }>`SELECT id FROM catalog.procedure WHERE slug = 'certificado-otra'`.execute(db)).rows[0]!.id;
    const queue = await page(official, '/gestion/expedientes?filtro=open');
    const form = formsIn(queue.html).find((f) => f.action === '/gestion/expedientes')!;
    assert.deepEqual(form.hidden, { filtro: 'open' }); // GET form: the current list is kept, no CSRF token needed
    assert.match(queue.html, new RegExp(`<option value="${procedureId}"[^>]*>Certificado de prueba certificado-filtro`));
    assert.doesNotMatch(queue.html, new RegExp(otherId)); // another agency's procedure is not offered
    // What the browser sends when the form is submitted with JavaScript off.
    const filtered = await page(official, `/gestion/expedientes?filtro=open&procedimiento=${procedureId}`);
    assert.equal(filtered.status, 200);
    assert.match(filtered.html, new RegExp(inside));
    assert.doesNotMatch(filtered.html, new RegExp(outside)); // open, but of certificado-prueba
    assert.match(filtered.html, new RegExp(`<option value="${procedureId}" selected`));
    assert.match(filtered.html, new RegExp(`filtro=closed&amp;procedimiento=${procedureId}`)); // the list links keep the procedure
    // Another agency's procedure, or garbage, filters nothing (and never fails).
    for (const other of [otherId, 'not-a-uuid']) {
      const all = await page(official, `/gestion/expedientes?filtro=open&procedimiento=${other}`);
      assert.equal(all.status, 200);
      assert.match(all.html, new RegExp(outside));
    }
  });
});

describe('legal time', () => {
  it('legal time: an overdue case is escalated, and the tacit outcome applies where the law says so', async () => {
    const official = await h.official();
    const db = h.t.app.tambo.deps.db;
    await h.createProcedure('certificado-tacito', 'SEGIP', 'approval');
    const plain = await h.applyOnline('certificado-prueba');
    const tacit = await h.applyOnline('certificado-tacito');
    await sql`UPDATE cases.case SET due_date = '2026-01-05' WHERE tracking_code IN (${plain}, ${tacit})`.execute(db);
    const result = await applyLegalDeadlines(h.t.app.tambo.deps, new Date('2026-01-07T12:00:00-04:00'));
    assert.deepEqual(result, { escalated: 1, tacit: 1, expired: 0 });
    const rows = await sql<{
      tracking_code: string;
      state: string;
      is_escalated: boolean;
    }>`SELECT tracking_code, state, is_escalated FROM cases.case WHERE tracking_code IN (${plain}, ${tacit})`.execute(db);
    const byCode = Object.fromEntries(rows.rows.map((r) => [r.tracking_code, r]));
    assert.equal(byCode[plain]!.is_escalated, true);
    assert.equal(byCode[tacit]!.state, 'approved');
    const overdue = await page(official, '/gestion/expedientes?filtro=overdue');
    assert.match(overdue.html, new RegExp(plain));
    // The agency's admins are told in their mailbox (the escalation), once each.
    await h.t.drain();
    const told = await sql<{ recipient_account_id: string; subject: string }>`
      SELECT recipient_account_id, subject FROM mailbox.message WHERE subject LIKE 'Plazo legal vencido:%'`.execute(db);
    assert.deepEqual(
      told.rows.map((r) => [r.recipient_account_id, r.subject.includes(plain)]),
      [[h.agencyAdminId, true]],
    );
  });

  it('correction deadline: a case left observed past 10 business days is closed as abandoned, audited, and the person told', async () => {
    const citizen = await h.citizen();
    const db = h.t.app.tambo.deps.db;
    const apply = async () => {
      await post(citizen, '/solicitar/certificado-prueba/datos', { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1' });
      await post(citizen, '/solicitar/certificado-prueba/motivo', { purpose: 'work' });
      const sent = /TR-[A-Z0-9-]+/.exec((await post(citizen, '/solicitar/certificado-prueba/revisar', {})).location)![0];
      assert.equal((await h.act(sent, 'take')).status, 303);
      assert.equal((await h.act(sent, 'request_correction', 'Falta la firma')).status, 303);
      return sent;
    };
    const late = await apply();
    const recent = await apply();
    // The correction was asked 20 calendar days ago (more than 10 business days) for one, 3 days ago for the other.
    await sql`UPDATE cases.case SET paused_on = paused_on - 20, state_entered_at = state_entered_at - interval '20 days' WHERE tracking_code = ${late}`.execute(db);
    await sql`UPDATE cases.case SET paused_on = paused_on - 3, state_entered_at = state_entered_at - interval '3 days' WHERE tracking_code = ${recent}`.execute(db);
    // Through the scheduled job itself, as its hourly tick runs it.
    assert.ok(h.t.app.tambo.schedule.some((s) => s.job === 'cases:apply_deadlines'));
    await h.t.app.tambo.jobHandlers.get('cases:apply_deadlines')!({}, { jobId: 'test', attempt: 1 });
    const rows = await sql<{ tracking_code: string; state: string; outcome: string | null }>`SELECT tracking_code, state, outcome FROM cases.case WHERE tracking_code IN (${late}, ${recent})`.execute(
      db,
    );
    const byCode = Object.fromEntries(rows.rows.map((r) => [r.tracking_code, r]));
    assert.deepEqual([byCode[late]!.state, byCode[late]!.outcome], ['rejected', 'rejected']);
    assert.deepEqual([byCode[recent]!.state, byCode[recent]!.outcome], ['observed', null]);
    const audit = await sql<{
      data: { transition: string };
    }>`SELECT data FROM audit.entry WHERE action = 'cases.case_transitioned' AND data->>'trackingCode' = ${late} AND data->>'to' = 'rejected'`.execute(db);
    assert.equal(audit.rows[0]!.data.transition, 'abandon');
    // A second run changes nothing; the person can no longer correct the closed case.
    assert.equal((await applyLegalDeadlines(h.t.app.tambo.deps)).expired, 0);
    assert.notEqual((await post(citizen, `/mis-tramites/${late}/corregir`, { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2021', copies: '2', purpose: 'work' })).status, 303);
    await h.t.drain();
    const told = await sql<{ subject: string }>`SELECT m.subject FROM mailbox.message m JOIN identity.account a ON a.id = m.recipient_account_id
      WHERE a.email = 'ciudadana@demo.tambo' AND m.subject LIKE 'Trámite cerrado por falta de corrección:%'`.execute(db);
    assert.deepEqual(
      told.rows.map((r) => r.subject.includes(late)),
      [true],
    );
    assert.match((await page(citizen, `/mis-tramites/${late}`)).html, /Desistimiento: no corrigió en plazo|Rechazado/);
  });

  it('a state deadline with a running clock: past it, the onExpiry system transition applies, audited', async () => {
    const citizen = await h.citizen();
    const db = h.t.app.tambo.deps.db;
    // "in review" must be left within 3 business days; past them the case returns to the queue.
    const workflow = structuredClone(defaultWorkflow);
    workflow.states.find((s) => s.id === 'in_review')!.deadline = { businessDays: 3, onExpiry: 'review_lapsed' };
    workflow.transitions.push({ id: 'review_lapsed', from: ['in_review'], to: 'submitted', label: { es: 'Revisión vencida', en: 'Review lapsed' }, actor: 'system' });
    const { versionId } = await createOnlineProcedure(db, { slug: 'certificado-plazo', agencyCode: 'SEGIP' });
    await sql`UPDATE catalog.procedure_version SET workflow = ${JSON.stringify(workflow)}::jsonb WHERE id = ${versionId}`.execute(db);
    const apply = async () => {
      await post(citizen, '/solicitar/certificado-plazo/datos', { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1' });
      await post(citizen, '/solicitar/certificado-plazo/motivo', { purpose: 'work' });
      const sent = /TR-[A-Z0-9-]+/.exec((await post(citizen, '/solicitar/certificado-plazo/revisar', {})).location)![0];
      assert.equal((await h.act(sent, 'take')).status, 303);
      return sent;
    };
    const late = await apply();
    const recent = await apply();
    await sql`UPDATE cases.case SET state_entered_at = state_entered_at - interval '20 days' WHERE tracking_code = ${late}`.execute(db);
    await sql`UPDATE cases.case SET state_entered_at = state_entered_at - interval '1 day' WHERE tracking_code = ${recent}`.execute(db);
    const states = async () =>
      Object.fromEntries(
        (
          await sql<{ tracking_code: string; state: string; paused_on: string | null }>`SELECT tracking_code, state, paused_on FROM cases.case WHERE tracking_code IN (${late}, ${recent})`.execute(db)
        ).rows.map((r) => [r.tracking_code, [r.state, r.paused_on]]),
      );
    assert.deepEqual(await states(), { [late]: ['in_review', null], [recent]: ['in_review', null] });
    await h.t.app.tambo.jobHandlers.get('cases:apply_deadlines')!({}, { jobId: 'test', attempt: 1 });
    assert.deepEqual(await states(), { [late]: ['submitted', null], [recent]: ['in_review', null] });
    const audit = await sql<{
      actor_type: string;
      data: { transition: string };
    }>`SELECT actor_type, data FROM audit.entry WHERE action = 'cases.case_transitioned' AND data->>'trackingCode' = ${late} AND data->>'to' = 'submitted'`.execute(db);
    assert.deepEqual(
      audit.rows.map((r) => [r.actor_type, r.data.transition]),
      [['system', 'review_lapsed']],
    );
    // A second run changes nothing more.
    await h.t.app.tambo.jobHandlers.get('cases:apply_deadlines')!({}, { jobId: 'test', attempt: 1 });
    assert.deepEqual(await states(), { [late]: ['submitted', null], [recent]: ['in_review', null] });
  });
});
