// Demo data (idempotent: each point claims a fixed key): the social map of Comuna Los Bloques
// (ve, VE-A-01-01-01) and of El Alto (bo, BO-L-01-02): services, a risk, productive units.
import { requestFingerprint } from '../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../platform/module.ts';
import { addSocialPoint } from './social-map.service.ts';
import { SOCIAL_MAPPER, type SocialPointInput } from './social-map.types.ts';

/** Who added the demo points (no account: the demo's own organisation). */
const DEMO_MAPPER = '00000000-0000-7000-8000-00000000ca70';

const DEMO: Record<'bo' | 've', { territory: string; points: SocialPointInput[] }> = {
  ve: {
    territory: 'VE-A-01-01-01',
    points: [
      { kind: 'service', subcategory: 'school', name: 'Escuela Bolivariana Los Bloques', description: 'Educación inicial y primaria, dos turnos.', lat: 10.515, lon: -66.94 },
      { kind: 'service', subcategory: 'health_post', name: 'Consultorio popular Barrio Adentro', description: 'Atención de lunes a viernes.', lat: 10.505, lon: -66.935 },
      { kind: 'service', subcategory: 'water_point', name: 'Tanque comunitario de Vista Hermosa', description: 'Recibe agua por cisterna los martes.', lat: 10.513, lon: -66.93 },
      { kind: 'risk', subcategory: 'landslide', name: 'Talud inestable de la calle 3', description: 'Se desliza con las lluvias; ocho viviendas debajo.', lat: 10.518, lon: -66.928 },
      { kind: 'productive_unit', subcategory: 'bakery', name: 'Panadería comunal 4 de Febrero', description: 'Unidad de propiedad social, 12 trabajadores.', lat: 10.503, lon: -66.942 },
    ],
  },
  bo: {
    territory: 'BO-L-01-02',
    points: [
      { kind: 'service', subcategory: 'health_post', name: 'Centro de salud Villa Ingenio', description: 'Primer nivel, atención las 24 horas.', lat: -16.45, lon: -68.2 },
      { kind: 'service', subcategory: 'water_point', name: 'Pileta pública del Distrito 8', description: 'Abastece a unas 300 familias.', lat: -16.5, lon: -68.22 },
      { kind: 'risk', subcategory: 'flood', name: 'Zona inundable del río Seco', description: 'Se desborda en la época de lluvias.', lat: -16.4, lon: -68.25 },
      { kind: 'productive_unit', subcategory: 'textile', name: 'Asociación de tejedoras de Senkata', description: 'Tejido en lana de alpaca, 25 socias.', lat: -16.55, lon: -68.18 },
    ],
  },
};

export async function seedSocialMap(deps: Deps): Promise<void> {
  const demo = DEMO[deps.country.code];
  const mapper = { accountId: DEMO_MAPPER, grants: [{ role: SOCIAL_MAPPER, territory: demo.territory }] };
  for (const [i, point] of demo.points.entries()) {
    const claim = { scope: `cartography.social_point:${DEMO_MAPPER}`, key: `demo-${deps.country.code}-${i + 1}`, requestSha256: requestFingerprint(point) };
    await addSocialPoint(deps, mapper, demo.territory, point, { claim });
  }
}
