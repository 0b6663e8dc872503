// situation_room: the Sala de Autogobierno, every module's figures by territory, live
// (docs/situation-room.md).
import { defineModule } from '../../platform/module.ts';
import { ACA_DATASET_SCHEMA, acaActionRows } from './aca.service.ts';
import { CLAP_DATASET_SCHEMA, clapDeliveryRows } from './clap.service.ts';
import { CLAP_DISTRIBUTOR } from './clap.types.ts';
import { seedSituationRoom } from './room.seed.ts';
import { markOverdue, noticeRecipients } from './instruction.service.ts';
import { ROOM_RESPONDER } from './instruction.types.ts';
import { countReportInLayers, rebuildLayerCounts } from './layers.service.ts';
import { announceChange, LIVE_TOPICS } from './live.service.ts';
import { overdueSources } from './overdue.service.ts';
import { mapPointSources } from './points.service.ts';
import { figureRegistry } from './room.service.ts';
import { roomStats } from './room.stats.ts';
import { ROOM_OPERATOR, ROOM_PATH } from './room.types.ts';
import { ACA_SCOPE } from './routes/aca-api.ts';
import { CLAP_SCOPE } from './routes/clap-api.ts';
import { registerRoomPages } from './routes/pages.tsx';

export const situationRoomModule = defineModule({
  name: 'situation_room',
  dependsOn: ['territories', 'identity', 'mailbox', 'reports', 'projects'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    SITUATION_ROOM_FIGURE_NOT_FOUND: { status: 404, title: 'No figure the room may show has this name' },
    SITUATION_ROOM_FORBIDDEN: { status: 403, title: 'Only an operator of this room may do this' },
    SITUATION_ROOM_INVALID_INSTRUCTION: { status: 400, title: 'The instruction is incomplete or not valid' },
    SITUATION_ROOM_INSTRUCTION_NOT_FOUND: { status: 404, title: 'No instruction you may see has this id' },
    SITUATION_ROOM_INSTRUCTION_ANSWERED: { status: 409, title: 'The instruction was already answered' },
    SITUATION_ROOM_CLAP_NOT_FOUND: { status: 404, title: 'No CLAP delivery has this id' },
    SITUATION_ROOM_INVALID_CLAP: { status: 400, title: 'The CLAP report or confirmation is incomplete or not valid' },
    SITUATION_ROOM_CLAP_DONE: { status: 409, title: 'The CLAP delivery was already reported or confirmed' },
    SITUATION_ROOM_CLAP_EXISTS: { status: 409, title: 'This council already has a delivery of this cycle, with another day or number of families' },
    SITUATION_ROOM_ACA_NOT_FOUND: { status: 404, title: 'No ACA action has this id' },
    SITUATION_ROOM_INVALID_ACA: { status: 400, title: 'The ACA action or its progress is incomplete or not valid' },
    SITUATION_ROOM_ACA_DONE: { status: 409, title: 'The ACA action is done: its progress is not updated again' },
    SITUATION_ROOM_ACA_KEY_REUSED: { status: 409, title: 'This request key already created another ACA action' },
  },
  stats: roomStats,
  openData: [
    {
      id: 'clap_deliveries',
      titleKey: 'situation_room.openData.clap',
      descriptionKey: 'situation_room.openData.clapText',
      schema: CLAP_DATASET_SCHEMA,
      refresh: 'live',
      rows: (deps) => clapDeliveryRows(deps),
    },
    {
      id: 'aca_actions',
      titleKey: 'situation_room.openData.aca',
      descriptionKey: 'situation_room.openData.acaText',
      schema: ACA_DATASET_SCHEMA,
      refresh: 'live',
      rows: (deps) => acaActionRows(deps),
    },
  ],
  scopes: [
    { name: CLAP_SCOPE, descriptionKey: 'situation_room.scope.clap' },
    { name: ACA_SCOPE, descriptionKey: 'situation_room.scope.aca' },
  ],
  roles: [
    { name: ROOM_OPERATOR, scope: 'territory', labelKey: 'situation_room.role.operator', hintKey: 'situation_room.role.operatorHint' },
    { name: ROOM_RESPONDER, scope: 'territory', labelKey: 'situation_room.role.responder', hintKey: 'situation_room.role.responderHint' },
    { name: CLAP_DISTRIBUTOR, scope: 'territory', labelKey: 'situation_room.role.distributor', hintKey: 'situation_room.role.distributorHint' },
  ],
  // Every module's declarations, read from the definitions the application was built with.
  routes: (app, deps) => registerRoomPages(app, deps, figureRegistry(app.tambo.modules), overdueSources(app.tambo.modules), mapPointSources(app.tambo.modules)),
  eventHandlers: {
    ...Object.fromEntries(LIVE_TOPICS.map((topic) => [topic, { live: (event, deps) => announceChange(deps, event) }])),
    'reports.submitted': {
      live: (event, deps) => announceChange(deps, event),
      layers: async (event, deps) => void (await countReportInLayers(deps, event)),
    },
    // A layer imported or replaced: its features count the reports filed before it too.
    'territories.layer_imported': {
      layer_counts: async (_event, deps) => void (await rebuildLayerCounts(deps)),
    },
    'situation_room.instruction_sent': {
      live: (event, deps) => announceChange(deps, event),
      notice: (event, deps) => noticeRecipients(deps, String(event.payload.instructionId), event.id),
    },
  },
  jobs: {
    mark_overdue: async (_payload, deps) => void (await markOverdue(deps)),
    // On demand (a platform administrator, after a bulk load or a fix): recount the reports by layer.
    rebuild_layer_counts: async (_payload, deps) => void (await rebuildLayerCounts(deps)),
  },
  // Every hour at :05: a deadline is a day in the country's zone.
  schedule: { mark_overdue: '5 * * * *' },
  seed: (deps) => seedSituationRoom(deps),
  nav: [{ href: ROOM_PATH, labelKey: 'situation_room.nav' }],
});
