// cartography: the administration of territorial boundaries and layers (a page under /admin and
// an API for platform administrators), and the cartografía social: the points a commune (any
// territory) keeps about itself on its map, kept by its social mappers (docs/social-map.md).
// It is a module of its own because the territories module comes before identity (which needs
// territories through agencies) and so cannot ask who is signed in; the rules and the import
// itself are the territories module's (`importBoundaries`, `importLayer`), and so is the geometry
// a social-map point is checked against (`locateTerritory`).
import { defineModule } from '../../platform/module.ts';
import { registerTerritoriesAdminPage } from './routes/admin.tsx';
import { registerTerritoriesAdminApi } from './routes/api.ts';
import { registerSocialMapApi } from './routes/social-map-api.ts';
import { registerSocialMapPages } from './routes/social-map.tsx';
import { socialMapOpenData, socialMapPoints } from './social-map.service.ts';
import { seedSocialMap } from './social-map.seed.ts';
import { SOCIAL_MAP_SCOPE, SOCIAL_MAPPER } from './social-map.types.ts';
import { ADMIN_PATH } from './views/admin.views.tsx';

export const cartographyModule = defineModule({
  name: 'cartography',
  dependsOn: ['territories', 'identity'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    CARTOGRAPHY_NOT_FOUND: { status: 404, title: 'No such territory, or no such point on its social map' },
    CARTOGRAPHY_FORBIDDEN: { status: 403, title: "Only the territory's social mappers may do this (or the token lacks cartography:social_map)" },
    CARTOGRAPHY_INVALID_POINT: { status: 400, title: 'The point is not valid: see the fields' },
    CARTOGRAPHY_POINT_OUTSIDE: { status: 400, title: "The point falls outside the territory's boundary (or the territory has none)" },
    CARTOGRAPHY_POINT_RETIRED: { status: 409, title: 'The point was retired: it can no longer be changed' },
  },
  routes: (app, deps) => {
    registerTerritoriesAdminApi(app, deps);
    registerTerritoriesAdminPage(app, deps);
    registerSocialMapApi(app, deps);
    registerSocialMapPages(app, deps);
  },
  seed: seedSocialMap,
  adminLinks: [{ href: ADMIN_PATH, labelKey: 'cartography.title', textKey: 'cartography.homeText', audience: 'platformAdmin' }],
  roles: [{ name: SOCIAL_MAPPER, scope: 'territory', labelKey: 'cartography.role.socialMapper', hintKey: 'cartography.role.socialMapperHint' }],
  scopes: [{ name: SOCIAL_MAP_SCOPE, descriptionKey: 'cartography.contract.scope.socialMap' }],
  mapPoints: socialMapPoints,
  openData: socialMapOpenData,
});
