import { defineModule } from '../../platform/module.ts';
import { consultationsOpenData, consultationsPersonalData } from './contract.service.ts';
import { VOTE_SCOPE } from './consultations.schemas.ts';
import { mixBallots, OFFICER } from './consultations.service.ts';
import { seedConsultations } from './consultations.seed.ts';
import { consultationStats } from './consultations.stats.ts';
import { registerConsultationsApi } from './routes/api.ts';
import { registerConsultationPages } from './routes/pages.tsx';
import { registerOfficialPages } from './routes/officials.tsx';
import { NEW_CONSULTATION_PATH, registerCreationPages } from './routes/create.tsx';

export const MIX_JOB = 'mix';

// Consulta Popular (docs/consulta-popular.md): communities choose, by secret ballot, which of
// their proposals the State funds; one person one ballot, enforced by the database.
export const consultationsModule = defineModule({
  name: 'consultations',
  dependsOn: ['territories', 'identity'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: [new URL('./locales/', import.meta.url)],
  errors: {
    CONSULTATIONS_NOT_FOUND: { status: 404, title: 'No consultation has this id or slug' },
    CONSULTATIONS_UNIT_NOT_FOUND: { status: 404, title: 'This territory is not in the consultation’s scope' },
    CONSULTATIONS_PROPOSAL_NOT_FOUND: { status: 404, title: 'No proposal has this id' },
    CONSULTATIONS_INVALID: { status: 400, title: 'A consultation breaks a rule: a title, at least one territory with a budget, the choices’ bounds, the phases’ dates in order' },
    CONSULTATIONS_FORBIDDEN: { status: 403, title: 'Only officials of the consultation’s territory may do this' },
    CONSULTATIONS_WRONG_PHASE: { status: 409, title: 'The consultation is not in the phase that allows this' },
    CONSULTATIONS_NOT_OPEN: { status: 409, title: 'The voting has not started yet' },
    CONSULTATIONS_CLOSED: { status: 409, title: 'The voting has closed' },
    CONSULTATIONS_LEVEL_TOO_LOW: { status: 403, title: 'This consultation asks for an identity verified in person (level sustancial)' },
    CONSULTATIONS_NOT_IN_CENSUS: { status: 403, title: 'This person is not in the consultation’s territorial census' },
    CONSULTATIONS_NO_TERRITORY: { status: 403, title: 'This person has no verified territory and is not in the census' },
    CONSULTATIONS_OUTSIDE_SCOPE: { status: 403, title: 'This person’s territory is not in the consultation’s scope' },
    CONSULTATIONS_ALREADY_VOTED: { status: 409, title: 'This person has already voted in this consultation (online or at an assembly)' },
    CONSULTATIONS_BALLOT_INVALID: { status: 422, title: 'A choice is not a viable proposal of the voter’s territory, or is repeated' },
    CONSULTATIONS_BALLOT_COUNT: { status: 422, title: 'The number of choices is outside what the rules allow' },
    CONSULTATIONS_BALLOT_OVER_BUDGET: { status: 422, title: 'The chosen proposals cost more than the territory’s budget' },
    CONSULTATIONS_RECEIPT_INVALID: { status: 404, title: 'No ballot of this consultation has this receipt' },
    CONSULTATIONS_RESULTS_NOT_PUBLISHED: { status: 409, title: 'The results are not published yet' },
    CONSULTATIONS_ALREADY_PUBLISHED: { status: 409, title: 'The results are already published' },
    CONSULTATIONS_ASSEMBLY_INVALID: { status: 422, title: 'An assembly cannot have more ballots than attendees' },
  },
  routes: (app, deps) => {
    registerConsultationsApi(app, deps);
    registerConsultationPages(app, deps);
    registerOfficialPages(app, deps);
    registerCreationPages(app, deps);
  },
  jobs: {
    [MIX_JOB]: async (_payload, deps) => {
      await mixBallots(deps);
    },
  },
  schedule: { [MIX_JOB]: '* * * * *' },
  seed: seedConsultations,
  nav: [{ href: '/consultas', labelKey: 'consultations.nav' }],
  adminLinks: [{ href: NEW_CONSULTATION_PATH, labelKey: 'consultations.create.adminLink', textKey: 'consultations.create.adminText', audience: 'platformAdmin' }],
  stats: consultationStats,
  openData: consultationsOpenData,
  personalData: consultationsPersonalData,
  roles: [{ name: OFFICER, scope: 'territory', labelKey: 'consultations.role.officer', hintKey: 'consultations.role.officerHint' }],
  scopes: [{ name: VOTE_SCOPE, descriptionKey: 'consultations.contract.scope.vote' }],
});
