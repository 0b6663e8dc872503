// Public consultation of norms, plans and policies (docs/projects.md, "Public consultation of
// norms"): an agency opens a draft by articles; people comment and support; the agency answers
// every comment in public and publishes the final text with what changed.
import { defineModule } from '../../platform/module.ts';
import { allComments, listNorms } from './norms.service.ts';
import { normsPersonalData } from './personal-data.service.ts';
import { seedNorms } from './norms.seed.ts';
import { NORMS_WRITE, registerNormsApi } from './routes/api.ts';
import { registerNormsPages } from './routes/pages.tsx';
import { phaseOf } from './norms.types.ts';

export const normsModule = defineModule({
  name: 'norms',
  dependsOn: ['agencies', 'identity'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    NORMS_NOT_FOUND: { status: 404, title: 'No such consultation of a norm (or comment) of yours' },
    NORMS_NOT_OPEN: { status: 409, title: 'The consultation is not open for comments' },
    NORMS_NOT_CLOSED: { status: 409, title: 'Answers and the final text come after the close, once' },
    NORMS_ALREADY_ANSWERED: { status: 409, title: 'This comment has already been answered' },
    NORMS_UNANSWERED_COMMENTS: { status: 409, title: 'Every comment must be answered before the final text is published' },
    NORMS_CLIENT_NOT_ALLOWED: { status: 403, title: 'The client system may not use the norms API (no `norms:write` scope, or no agency)' },
  },
  routes: (app, deps) => {
    registerNormsApi(app, deps);
    registerNormsPages(app, deps);
  },
  seed: seedNorms,
  nav: [{ href: '/normas', labelKey: 'norms.nav' }],
  scopes: [{ name: NORMS_WRITE, descriptionKey: 'norms.contract.scope.write', holders: ['system'] }],
  personalData: normsPersonalData,
  openData: [
    {
      id: 'consultations',
      titleKey: 'norms.contract.data.consultations',
      descriptionKey: 'norms.contract.data.consultationsText',
      refresh: 'live',
      schema: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          agencyCode: { type: 'string' },
          kind: { type: 'string' },
          title: { type: 'string' },
          phase: { type: 'string' },
          opensAt: { type: 'string' },
          closesAt: { type: 'string' },
        },
      },
      rows: async (deps) =>
        (await listNorms(deps)).map((c) => ({
          id: c.id,
          agencyCode: c.agencyCode,
          kind: c.kind,
          title: c.title,
          phase: phaseOf(c),
          opensAt: c.opensAt.toISOString(),
          closesAt: c.closesAt.toISOString(),
        })),
    },
    {
      id: 'comments',
      titleKey: 'norms.contract.data.comments',
      descriptionKey: 'norms.contract.data.commentsText',
      refresh: 'live',
      schema: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          consultationId: { type: 'string' },
          article: { type: ['integer', 'null'] },
          body: { type: 'string' },
          supports: { type: 'integer' },
          outcome: { type: ['string', 'null'] },
          reason: { type: ['string', 'null'] },
        },
      },
      rows: async (deps) =>
        (await allComments(deps)).map((m) => ({
          id: m.id,
          consultationId: m.consultationId,
          article: m.articleNumber,
          body: m.body,
          supports: m.supports,
          outcome: m.outcome,
          reason: m.reason,
          answeredAt: m.answeredAt?.toISOString() ?? null,
        })),
    },
  ],
});
