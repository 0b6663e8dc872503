// Transparency (docs/transparency.md): requests for public information answered in legal time,
// every entity's obligatory publications with a monthly compliance index, and personal-data
// breach notices.
import { defineModule } from '../../platform/module.ts';
import { type BreachInput, recordBreach } from './breach.service.ts';
import { onCorrectionDecided } from './correction.service.ts';
import { transparencyPersonalData } from './personal-data.service.ts';
import { recomputeCompliance } from './publications.service.ts';
import { registerTransparencyApi } from './routes/api.ts';
import { registerCorrectionPages } from './routes/correction.tsx';
import { registerTransparencyPages } from './routes/pages.tsx';
import { registerProcessingRegisterPage } from './routes/processing-register.tsx';
import { seedTransparency } from './transparency.seed.ts';
import { listRegister } from './transparency.service.ts';
import { transparencyStats } from './transparency.stats.ts';
import { TRANSPARENCY_OFFICER } from './transparency.types.ts';

export const transparencyModule = defineModule({
  name: 'transparency',
  dependsOn: ['agencies', 'messaging', 'identity', 'mailbox', 'catalog', 'cases'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    TRANSPARENCY_NOT_FOUND: { status: 404, title: 'No such request for public information (or entity)' },
    TRANSPARENCY_FORBIDDEN: { status: 403, title: "Only the entity's transparency officers (appeals: its authority) may do this" },
    TRANSPARENCY_NOT_PENDING: { status: 409, title: 'The request is no longer pending: it was answered or refused' },
    TRANSPARENCY_NO_EXTENSION: { status: 409, title: 'No further extension: the law allows no more, or the legal time has passed' },
    TRANSPARENCY_NO_APPEAL: { status: 409, title: 'No appeal possible: not refused, the period is over, or it was already appealed or resolved' },
    TRANSPARENCY_ALREADY_PUBLISHED: { status: 409, title: 'This publication for that period has already been published' },
    TRANSPARENCY_ALREADY_POSTED: { status: 409, title: 'This notice by post was already recorded as sent (or there is no such notice by post)' },
    TRANSPARENCY_SIGN_IN_REQUIRED: { status: 401, title: 'In this country a request needs an account: sign in' },
  },
  routes: (app, deps) => {
    registerTransparencyApi(app, deps);
    registerTransparencyPages(app, deps);
    registerProcessingRegisterPage(app);
    registerCorrectionPages(app, deps);
  },
  jobs: { 'transparency:recompute_compliance': async (_payload, deps) => void (await recomputeCompliance(deps)) },
  schedule: { 'transparency:recompute_compliance': '15 * * * *' },
  // The CGII comes before transparency (src/modules.ts) and hands a personal-data breach over
  // through the outbox (docs/cgii.md#personal-data-breaches): recorded once per incident.
  eventHandlers: {
    // An approved correction request (correction.service.ts) applies the module's `correct`.
    'cases.decided': { correction: onCorrectionDecided },
    'cgii.personal_data_breach': {
      breach: async (event, deps) => {
        const p = event.payload as { incidentId: string; agencyCode: string; description: string; occurredAt: string; affected: BreachInput['affected'] };
        await recordBreach(deps, {
          agencyCode: p.agencyCode,
          description: p.description,
          occurredAt: new Date(p.occurredAt),
          affected: p.affected,
          source: 'cgii',
          sourceKey: `cgii-${p.incidentId}`,
        });
      },
    },
  },
  seed: (deps) => seedTransparency(deps),
  nav: [{ href: '/transparencia', labelKey: 'transparency.nav' }],
  stats: transparencyStats,
  roles: [{ name: TRANSPARENCY_OFFICER, scope: 'agency', labelKey: 'transparency.role.officer', hintKey: 'transparency.role.officerHint' }],
  personalData: transparencyPersonalData,
  openData: [
    {
      id: 'register',
      titleKey: 'transparency.contract.data.requests',
      descriptionKey: 'transparency.contract.data.requestsText',
      refresh: 'live',
      schema: {
        type: 'object',
        properties: {
          code: { type: 'string' },
          agencyCode: { type: 'string' },
          question: { type: 'string' },
          status: { type: 'string' },
          filedAt: { type: 'string' },
          dueAt: { type: 'string' },
          closedAt: { type: ['string', 'null'] },
          answeredInTime: { type: ['boolean', 'null'] },
          refusalGround: { type: ['string', 'null'] },
        },
      },
      rows: async (deps) =>
        (await listRegister(deps, { limit: 200 })).map((r) => ({
          code: r.code,
          agencyCode: r.agencyCode,
          question: r.question,
          status: r.status,
          filedAt: r.filedAt.toISOString(),
          dueAt: r.dueAt.toISOString(),
          closedAt: r.closedAt?.toISOString() ?? null,
          answeredInTime: r.answeredInTime,
          refusalGround: r.refusalGround,
        })),
    },
  ],
});
