// Demo data (idempotent; docs/peace-justice.md): the demo official is also the justice of peace of
// a demo territory (Comuna Los Bloques in `ve`, El Alto in `bo`), and the demo citizen has asked
// for two mediations there: one in mediation with a session called, one closed with its act
// sealed and fulfilled. Made through the use cases, so each step is audited as in real use; the
// demo people are identity's (no new account, one password hash at most, on the first run).
import type { Deps } from '../../platform/module.ts';
import { ensureDemoStaff, findAccountByIdentityDocument, getRoles, roleGrantsOf } from '../identity/index.ts';
import { acceptAct, actAsJustice, mediationsOf, type Person, readMediation, requestMediation } from './peace-justice.service.ts';
import { JUSTICE_ROLE } from './peace-justice.types.ts';

const DEMO = {
  bo: {
    citizen: { documentType: 'CI', documentNumber: '4567891 LP' },
    official: { documentType: 'CI', documentNumber: '3456789 LP' },
    territory: 'BO-L-01-02',
    place: 'Sede de la junta vecinal de Villa Dolores, El Alto',
  },
  ve: {
    citizen: { documentType: 'CEDULA', documentNumber: 'V-18765432' },
    official: { documentType: 'CEDULA', documentNumber: 'V-14567890' },
    territory: 'VE-A-01-01-01-01',
    place: 'Casa comunal del Bloque 7, Monte Piedad',
  },
} as const;

const OPEN_CASE = 'El vecino del piso de abajo tiene una filtración de agua que daña mi techo y no la quiere reparar.';
const CLOSED_CASE = 'El vecino construyó una pared que ocupa medio metro del patio que compartimos.';

export async function seedPeaceJustice(deps: Deps): Promise<void> {
  const demo = DEMO[deps.country.code];
  const [citizen, official] = await Promise.all([
    findAccountByIdentityDocument(deps, demo.citizen.documentType, demo.citizen.documentNumber),
    findAccountByIdentityDocument(deps, demo.official.documentType, demo.official.documentNumber),
  ]);
  if (!citizen || !official) return;
  // The justice of peace's territory: the commune in `ve` (it holds below, over its councils), the municipality in `bo`.
  const justiceTerritory = deps.country.code === 've' ? 'VE-A-01-01-01' : demo.territory;
  let roles = await getRoles(deps, official.id);
  if (!roles.some((r) => r.role === JUSTICE_ROLE && 'territoryCode' in r && r.territoryCode === justiceTerritory)) {
    const { id: _id, hasTotp: _t, lockedUntil: _l, passwordChangeRequired: _p, ...fields } = official;
    // The account exists: only the role is added (the password is not changed).
    await ensureDemoStaff(deps, { ...fields, password: crypto.randomUUID(), roles: [{ territoryCode: justiceTerritory, role: JUSTICE_ROLE }] });
    roles = await getRoles(deps, official.id);
  }
  const person: Person = { id: citizen.id, level: citizen.level, grants: roleGrantsOf(citizen, await getRoles(deps, citizen.id)) };
  const justice: Person = { id: official.id, level: official.level, grants: roleGrantsOf(official, roles) };
  const existing = new Set((await mediationsOf(deps, person)).map((m) => m.subject));

  if (!existing.has(OPEN_CASE)) {
    const id = await requestMediation(deps, person, { kind: 'housing', subject: OPEN_CASE, territoryCode: demo.territory, parties: [{ name: 'Julio Mendoza', documentNumber: '' }] });
    await actAsJustice(deps, justice, id, { action: 'accept' });
    await actAsJustice(deps, justice, id, { action: 'schedule', at: new Date(Date.now() + 7 * 86_400_000), place: demo.place });
  }
  if (!existing.has(CLOSED_CASE)) {
    const id = await requestMediation(deps, person, { kind: 'boundaries', subject: CLOSED_CASE, territoryCode: demo.territory, parties: [{ name: 'Rosa Villca', documentNumber: '' }] });
    await actAsJustice(deps, justice, id, { action: 'accept' });
    await actAsJustice(deps, justice, id, { action: 'schedule', at: new Date(Date.now() - 20 * 86_400_000), place: demo.place });
    await actAsJustice(deps, justice, id, { action: 'held', notes: 'Asistieron ambas partes; se midió el patio con la comisión de vivienda.' });
    await actAsJustice(deps, justice, id, { action: 'act', text: 'La pared se retira medio metro antes de fin de mes; el costo se reparte entre ambas partes.' });
    await acceptAct(deps, person, id);
    const { parties } = await readMediation(deps, justice, id);
    for (const party of parties) if (party.acceptedAt === null) await actAsJustice(deps, justice, id, { action: 'attest', partyId: party.id });
    await actAsJustice(deps, justice, id, { action: 'fulfilment', text: 'La pared se retiró; la comisión de vivienda lo verificó.' });
    await actAsJustice(deps, justice, id, { action: 'close', outcome: 'fulfilled' });
  }
}
