// Demo data (both profiles): one draft open for comment, by the agency that would write it.
import type { Deps } from '../../platform/module.ts';
import { openNormConsultation } from './norms.service.ts';

const DRAFT = {
  bo: { agency: 'AGETIC', title: 'Reglamento de datos abiertos de las entidades públicas (borrador)' },
  ve: { agency: 'MPPCOMUNAS', title: 'Reglamento de la contraloría social de los proyectos comunales (borrador)' },
} as const;

export async function seedNorms(deps: Deps): Promise<void> {
  const draft = DRAFT[deps.country.code as keyof typeof DRAFT];
  if (!draft) return;
  const day = 86_400_000;
  const start = Date.UTC(2026, 0, 1);
  await openNormConsultation(
    deps,
    { clientId: 'demo-seed', agencyCode: draft.agency },
    {
      kind: 'regulation',
      title: draft.title,
      summary: 'Texto de demostración. Comente cada artículo o el texto completo, y apoye los comentarios de otras personas.',
      opensAt: new Date(start).toISOString(),
      closesAt: new Date(start + 3 * 365 * day).toISOString(),
      articles: [
        { heading: 'Objeto', text: 'Este reglamento establece cómo las entidades publican sus datos y rinden cuentas de sus proyectos.' },
        { heading: 'Publicación', text: 'Cada entidad publica sus datos en formatos abiertos dentro de los treinta días de producidos.' },
        { heading: 'Observaciones', text: 'Toda persona puede observar un proyecto; la entidad responde en público dentro de quince días.' },
      ],
    },
    { sourceKey: `demo:${deps.country.code}` },
  );
}
