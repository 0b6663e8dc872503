// situation_room: the Sala de Autogobierno, every module's figures by territory, live
// (docs/situation-room.md).
import { defineModule } from '../../platform/module.ts';
import { announceChange, LIVE_TOPICS } from './live.service.ts';
import { figureRegistry } from './room.service.ts';
import { roomStats } from './room.stats.ts';
import { ROOM_OPERATOR, ROOM_PATH } from './room.types.ts';
import { registerRoomPages } from './routes/pages.tsx';

export const situationRoomModule = defineModule({
  name: 'situation_room',
  dependsOn: ['territories', 'identity'],
  locales: new URL('./locales/', import.meta.url),
  errors: {
    SITUATION_ROOM_FIGURE_NOT_FOUND: { status: 404, title: 'No figure the room may show has this name' },
  },
  stats: roomStats,
  roles: [{ name: ROOM_OPERATOR, scope: 'territory', labelKey: 'situation_room.role.operator', hintKey: 'situation_room.role.operatorHint' }],
  // Every module's declarations, read from the definitions the application was built with.
  routes: (app, deps) => registerRoomPages(app, deps, figureRegistry(app.tambo.modules)),
  eventHandlers: Object.fromEntries(LIVE_TOPICS.map((topic) => [topic, { live: (event, deps) => announceChange(deps, event) }])),
  nav: [{ href: ROOM_PATH, labelKey: 'situation_room.nav' }],
});
