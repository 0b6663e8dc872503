// Public pages: /territorios (top level and layers), /territorios/{code} (a unit with its
// children and their map), /territorios/capas/{code} (a layer).
import { renderToString } from 'preact-render-to-string';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { listLayers } from '../layer.service.ts';
import { getLayerPage, getTerritoryPage } from '../map.service.ts';
import { listTerritories } from '../territory.service.ts';
import { LayerDetail, PUBLIC_PATH, TerritoryDetail, TerritoryIndex, TerritoryMap } from '../views/territory.views.tsx';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });

export function registerTerritoryPages(app: TamboApp, deps: Deps): void {
  const levelName = (locale: 'es' | 'en') => (key: string) => deps.country.territoryLevels.find((l) => l.key === key)?.name[locale] ?? key;

  app.get(PUBLIC_PATH, { schema: { hide: true } }, async (request, reply) => {
    const [territories, layers] = await Promise.all([listTerritories(deps, null), listLayers(deps)]);
    return reply.page({
      title: request.t('territories.page.indexTitle'),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: <TerritoryIndex territories={territories} layers={layers} />,
    });
  });

  app.get(`${PUBLIC_PATH}/capas/:code`, { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const { layer, features, map } = await getLayerPage(deps, request.params.code, request.locale);
    return reply.page({
      title: layer.name[request.locale],
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        { href: PUBLIC_PATH, label: request.t('territories.page.indexTitle') },
      ],
      body: <LayerDetail layer={layer} features={features} map={map} />,
    });
  });

  // The same map as a standalone SVG document, for other sites and documents to embed.
  app.get(`${PUBLIC_PATH}/:code/mapa.svg`, { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const page = await getTerritoryPage(deps, request.params.code);
    if (!page.map) return reply.code(404).type('text/plain; charset=utf-8').send(request.t('territories.page.noMap'));
    const count = page.children.length;
    const drawn = page.children.filter((c) => c.hasBoundary).length;
    const svg = renderToString(
      <TerritoryMap
        map={page.map}
        id="mapa"
        title={request.t('territories.page.mapTitle', { name: page.territory.name })}
        description={request.t('territories.page.mapDescription', { name: page.territory.name, drawn, count })}
        standalone
      />,
    );
    return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`);
  });

  app.get(`${PUBLIC_PATH}/:code`, { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const page = await getTerritoryPage(deps, request.params.code);
    return reply.page({
      title: page.territory.name,
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        { href: PUBLIC_PATH, label: request.t('territories.page.indexTitle') },
        ...page.ancestors.map((a) => ({ href: `${PUBLIC_PATH}/${a.code}`, label: a.name })),
      ],
      body: <TerritoryDetail page={page} levelName={levelName(request.locale)} />,
    });
  });
}
