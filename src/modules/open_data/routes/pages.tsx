// The public pages: /datos (search with facets) and /datos/{name} (a dataset).
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { browseCatalog, FACETS, PAGE_SIZE, previewDataset } from '../browse.service.ts';
import { datasetHistory, getDataset, themesByName } from '../catalog.service.ts';
import { CatalogSearch, DatasetPage } from '../views/open-data.views.tsx';

export function registerOpenDataPages(app: TamboApp, deps: Deps): void {
  app.get('/datos', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const q = typeof query.q === 'string' ? query.q.slice(0, 200) : '';
    const selected = Object.fromEntries(FACETS.flatMap((f) => (typeof query[f.param] === 'string' && query[f.param] ? [[f.param, query[f.param]!.slice(0, 100)]] : [])));
    const page = Math.min(10_000, Math.max(1, Number.parseInt(query.pagina ?? '1', 10) || 1));
    const found = await browseCatalog(deps, { q, selected, page });
    return reply.page({
      title: request.t('open_data.search.title'),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: <CatalogSearch q={q} selected={selected} count={found.count} page={page} pages={Math.ceil(found.count / PAGE_SIZE)} datasets={found.datasets} facets={found.facets} />,
    });
  });

  app.get('/datos/:name', async (request, reply) => {
    const { name } = request.params as { name: string };
    const dataset = /^[a-z0-9][a-z0-9_-]{1,99}$/.test(name) ? await getDataset(deps, name) : undefined;
    if (!dataset) throw new AppError('OPEN_DATA_NOT_FOUND');
    const [themes, preview, versions] = await Promise.all([themesByName(deps), previewDataset(deps, dataset), datasetHistory(deps, dataset.id)]);
    return reply.page({
      title: dataset.title,
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        { href: '/datos', label: request.t('open_data.search.title') },
      ],
      body: <DatasetPage dataset={dataset} themes={themes} preview={preview} base={deps.config.publicUrl} versions={versions} />,
    });
  });
}
