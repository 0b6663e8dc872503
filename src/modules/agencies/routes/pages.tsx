import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { listTerritories } from '../../territories/index.ts';
import { listAgencies } from '../agency.service.ts';
import { AGENCY_LEVELS, LEVEL_GROUPS } from '../agency.types.ts';
import { listOffices } from '../office.service.ts';
import { AgencyDirectory } from '../views/agency.views.tsx';
import { OfficeDirectory } from '../views/office.views.tsx';

export function registerAgencyPages(app: TamboApp, deps: Deps): void {
  app.get('/instituciones', { schema: { hide: true, querystring: Type.Object({ nivel: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (request, reply) => {
    const all = await listAgencies(deps);
    const chosen = request.query.nivel ?? '';
    const levels: readonly string[] | undefined = (LEVEL_GROUPS as Record<string, readonly string[]>)[chosen] ?? ((AGENCY_LEVELS as readonly string[]).includes(chosen) ? [chosen] : undefined);
    const agencies = levels ? all.filter((a) => levels.includes(a.level)) : all;
    return reply.page({
      title: request.t('agencies.directory.title'),
      description: request.t('agencies.directory.description'),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: <AgencyDirectory agencies={agencies} names={new Map(all.map((a) => [a.code, a.name]))} chosen={levels ? chosen : ''} />,
    });
  });

  // Offices by territory: the top-level units as a filter (a plain GET form), grouped under them.
  app.get('/oficinas', { schema: { hide: true, querystring: Type.Object({ territorio: Type.Optional(Type.String({ maxLength: 64 })) }) } }, async (request, reply) => {
    const [regions, agencies] = await Promise.all([listTerritories(deps, null), listAgencies(deps)]);
    const chosen = regions.find((r) => r.code === request.query.territorio);
    const offices = await listOffices(deps, { territoryCode: chosen?.code });
    const title = chosen ? request.t('agencies.offices.titleIn', { territory: chosen.name }) : request.t('agencies.offices.title');
    return reply.page({
      title,
      description: request.t('agencies.offices.description'),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: (
        <OfficeDirectory
          title={title}
          regions={regions.map((r) => ({ code: r.code, name: r.name }))}
          chosen={chosen?.code ?? ''}
          offices={offices}
          agencies={new Map(agencies.map((a) => [a.code, a.name]))}
        />
      ),
    });
  });
}
