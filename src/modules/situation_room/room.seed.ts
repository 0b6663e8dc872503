// Demo data (idempotent): in the Venezuelan profile, a CLAP cycle for the councils of Comuna
// Los Bloques (one delivery overdue, one reported and disputed, one confirmed), so the room
// shows what it follows. The Bolivian profile has no CLAP; its room shows the modules' figures.
import type { Deps } from '../../platform/module.ts';
import { scheduleClapDelivery } from './clap.service.ts';
import { confirmClapDelivery, findClapDeliveriesIn, reportClapDelivery } from './clap.queries.ts';
import { todayIn } from './instruction.service.ts';

const DEMO_SYSTEM = '00000000-0000-7000-8000-00000000c1a9';

const dayOffset = (deps: Deps, days: number) => todayIn(deps, new Date(Date.now() + days * 86_400_000));

export async function seedSituationRoom(deps: Deps): Promise<void> {
  if (deps.country.code !== 've') return;
  const cycle = dayOffset(deps, -10).slice(0, 7);
  const councils = [
    { code: 'VE-A-01-01-01-01', on: -7, planned: 180 },
    { code: 'VE-A-01-01-01-02', on: -10, planned: 140 },
    { code: 'VE-A-01-01-01-03', on: -9, planned: 120 },
  ];
  for (const c of councils) await scheduleClapDelivery(deps, null, { territory: c.code, cycle, scheduledOn: dayOffset(deps, c.on), familiesPlanned: c.planned });
  const deliveries = await findClapDeliveriesIn(deps.db, 'VE-A-01-01-01', todayIn(deps), 20);
  const of = (code: string) => deliveries.find((d) => d.territoryPath.at(-1) === code && d.cycle === cycle);
  // Los Cerritos: reported 140 families, the spokespeople counted 118 and dispute it.
  const cerritos = of('VE-A-01-01-01-02');
  if (cerritos && !cerritos.deliveredOn) {
    await reportClapDelivery(deps.db, cerritos.id, { deliveredOn: dayOffset(deps, -9), familiesServed: 140, items: 'Arroz, harina de maíz, pasta, aceite, leche en polvo', by: DEMO_SYSTEM });
    await confirmClapDelivery(deps.db, cerritos.id, { confirmation: 'disputed', familiesCounted: 118, note: '22 familias del sector La Cancha no recibieron la bolsa.', by: DEMO_SYSTEM });
  }
  // Vista Hermosa: reported and confirmed. Bloque 7 stays overdue (not reported).
  const vista = of('VE-A-01-01-01-03');
  if (vista && !vista.deliveredOn) {
    await reportClapDelivery(deps.db, vista.id, { deliveredOn: dayOffset(deps, -8), familiesServed: 120, items: 'Arroz, harina de maíz, granos, aceite', by: DEMO_SYSTEM });
    await confirmClapDelivery(deps.db, vista.id, { confirmation: 'confirmed', familiesCounted: 120, note: null, by: DEMO_SYSTEM });
  }
}
