// The portal's own pages: the front door (home, search across the portal), help (contact,
// frequently asked questions), the accessibility statement and the source code.
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { LANGUAGE_NAMES, catalogCompleteness, siteLanguages } from '../../../platform/i18n/i18n.ts';
import type { Deps } from '../../../platform/module.ts';
import { homeData, searchEverything } from '../front-door.service.ts';
import { frequentQuestions, portalContact } from '../help.service.ts';
import { staffStart } from '../staff.service.ts';
import { StaffStartPage } from '../views/staff.views.tsx';
import { requireSignedIn } from '../../identity/index.ts';
import { ContactPage, FaqPage, HelpPage } from '../views/help.views.tsx';
import { AccessibilityPage, HomePage, SearchPage, SourceCodePage } from '../views/portal.views.tsx';

/** When the accessibility statement was last reviewed (a calendar date: change it with the statement). */
export const ACCESSIBILITY_REVIEWED_ON = '2026-12-06';

export function registerPortalPages(app: TamboApp, deps: Deps): void {
  const home = (request: { t: (key: string) => string }) => [{ href: '/', label: request.t('portal.home.breadcrumb') }];
  const help = (request: { t: (key: string) => string }) => [...home(request), { href: '/ayuda', label: request.t('portal.help.title') }];

  app.get('/', async (request, reply) => reply.page({ title: request.t('portal.home.title'), description: request.t('portal.home.description'), body: <HomePage {...(await homeData(deps))} /> }));

  app.get('/buscar', { schema: { hide: true, querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }) } }, async (request, reply) => {
    const q = (request.query.q ?? '').trim();
    const answer = q ? await searchEverything(deps, q, request.locale) : null;
    return reply.page({
      title: q ? request.t('portal.search.headingFor', { query: q }) : request.t('portal.search.heading'),
      description: request.t('portal.search.description'),
      breadcrumbs: home(request),
      body: <SearchPage q={q} answer={answer} />,
    });
  });

  // The staff start page: signed-in people with a role (or platform administrators); others are refused.
  app.get('/trabajo', async (request, reply) => {
    const { account } = requireSignedIn(request);
    const start = await staffStart(
      deps,
      account,
      app.tambo.modules.flatMap((m) => m.adminLinks ?? []),
    );
    return reply.page({ title: request.t('portal.staff.title'), description: request.t('portal.staff.description'), breadcrumbs: home(request), body: <StaffStartPage {...start} /> });
  });

  app.get('/ayuda', async (request, reply) => reply.page({ title: request.t('portal.help.title'), description: request.t('portal.help.lead'), breadcrumbs: home(request), body: <HelpPage /> }));
  app.get('/ayuda/contacto', async (request, reply) =>
    reply.page({
      title: request.t('portal.contact.title'),
      description: request.t('portal.contact.description'),
      breadcrumbs: help(request),
      body: <ContactPage contact={await portalContact(deps, request.t)} />,
    }),
  );
  app.get('/ayuda/preguntas', async (request, reply) =>
    reply.page({
      title: request.t('portal.faq.title'),
      description: request.t('portal.faq.lead'),
      breadcrumbs: help(request),
      body: <FaqPage groups={await frequentQuestions(deps, request.locale)} />,
    }),
  );

  app.get('/accesibilidad', async (request, reply) =>
    reply.page({
      title: request.t('portal.accessibility.title'),
      description: request.t('portal.accessibility.description'),
      breadcrumbs: help(request),
      // How complete each extra language is: what it lacks is shown in Spanish.
      body: (
        <AccessibilityPage
          reviewedOn={request.format.date(ACCESSIBILITY_REVIEWED_ON)}
          languages={catalogCompleteness(app.tambo.deps.catalogs, siteLanguages(app.tambo.deps.country.languages)).map((c) => ({
            language: c.language,
            name: LANGUAGE_NAMES[c.language],
            share: c.total === 0 ? 0 : c.translated / c.total,
            missing: c.missing.length,
          }))}
        />
      ),
    }),
  );
  app.get('/codigo-fuente', async (request, reply) =>
    reply.page({
      title: request.t('portal.source.title'),
      description: request.t('portal.source.licence'),
      breadcrumbs: home(request),
      body: <SourceCodePage />,
    }),
  );
}
