// Public pages under /consultas: the list, a consultation, the ballot (signed in; no
// JavaScript needed), the receipt check and change, and the published receipt list.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import {
  alreadyVoted,
  castBallot,
  changeBallot,
  type ConsultationView,
  eligibilityOf,
  findByReceipt,
  getConsultation,
  listConsultations,
  receiptList,
  submitProposal,
} from '../consultations.service.ts';
import { phaseAt, REFUSAL_CODES } from '../consultations.types.ts';
import { pabulibExport, participationByDay, publishedResults } from '../results.service.ts';
import { councilNames, councilOptions } from '../councils.ts';
import { type CouncilOption, EMPTY_PROPOSAL, type ProposalErrors, readProposalForm, validateProposalForm } from '../proposal-form.ts';
import {
  BallotPage,
  DetailPage,
  ListPage,
  type ProposalForm,
  ProposalFormPage,
  ProposalReceivedPage,
  ReceiptCheckPage,
  ReceiptListPage,
  ReceiptPage,
  RefusalPage,
} from '../views/consultations.views.tsx';

const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,80}$' }) });
const REFUSALS = new Set(Object.values(REFUSAL_CODES));
const BALLOT_ERRORS = new Set(['CONSULTATIONS_BALLOT_INVALID', 'CONSULTATIONS_BALLOT_COUNT', 'CONSULTATIONS_BALLOT_OVER_BUDGET']);

function field(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
}

export function registerConsultationPages(app: TamboApp, deps: Deps): void {
  const crumbs = (request: FastifyRequest, c?: { slug: string; title: string }) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    { href: '/consultas', label: request.t('consultations.nav') },
    ...(c ? [{ href: `/consultas/${c.slug}`, label: c.title }] : []),
  ];
  const titles = (view: ConsultationView, ids: readonly string[]) => ids.map((id) => view.proposals.find((p) => p.id === id)?.title ?? id);
  const viableOf = (view: ConsultationView, unitCode: string) => view.proposals.filter((p) => p.unitCode === unitCode && p.reviewStatus === 'viable');

  app.get('/consultas', async (request, reply) => {
    const now = new Date();
    const consultations = (await listConsultations(deps)).map((c) => ({ c, phase: phaseAt(c, now) }));
    return reply.page({ title: request.t('consultations.list.heading'), breadcrumbs: crumbs(request).slice(0, 1), body: <ListPage consultations={consultations} /> });
  });

  app.get('/consultas/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const view = await getConsultation(deps, request.params.slug);
    const [published, participation, names] = await Promise.all([publishedResults(deps, view.consultation.id), participationByDay(deps, view.consultation.id), councilNames(deps, view.proposals)]);
    const c = view.consultation;
    return reply.page({
      title: c.title,
      breadcrumbs: crumbs(request),
      body: <DetailPage c={c} units={view.units} proposals={view.proposals} councilNames={names} phase={phaseAt(c, new Date())} results={published?.results} participation={participation} />,
    });
  });

  const refuseOrBallot = async (request: FastifyRequest, reply: FastifyReply, view: ConsultationView, values?: string[], error?: string) => {
    const { account } = requireSignedIn(request);
    const c = view.consultation;
    const eligibility = await eligibilityOf(deps, view, account);
    if (!eligibility.eligible)
      return reply.page({ status: 403, title: request.t('consultations.refusal.heading'), breadcrumbs: crumbs(request, c), body: <RefusalPage c={c} reason={eligibility.reason} /> });
    if (await alreadyVoted(deps, c.id, account))
      return reply.page({ status: 409, title: request.t('consultations.refusal.heading'), breadcrumbs: crumbs(request, c), body: <RefusalPage c={c} reason="already_voted" /> });
    const unit = view.units.find((u) => u.code === eligibility.unitCode)!;
    const title = `${error ? `${request.t('consultations.errorPrefix')} ` : ''}${request.t('consultations.ballot.heading')}`;
    return reply.page({
      status: error ? 400 : 200,
      title,
      breadcrumbs: crumbs(request, c),
      body: <BallotPage c={c} unit={unit} proposals={viableOf(view, unit.code)} action={`/consultas/${c.slug}/votar`} values={values} error={error} />,
    });
  };

  app.get('/consultas/:slug/votar', { schema: { params: SlugParams } }, async (request, reply) => refuseOrBallot(request, reply, await getConsultation(deps, request.params.slug)));

  app.post('/consultas/:slug/votar', { schema: { params: SlugParams } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const view = await getConsultation(deps, request.params.slug);
    const choices = field(request.body, 'opciones');
    try {
      const outcome = await castBallot(deps, account, view.consultation.id, choices, { requestId: request.id });
      return reply.page({
        title: request.t('consultations.receipt.cast'),
        breadcrumbs: crumbs(request, view.consultation),
        body: <ReceiptPage c={view.consultation} receipt={outcome.receipt!} receiptId={outcome.receiptId!} choices={titles(view, choices)} />,
      });
    } catch (error) {
      if (error instanceof AppError && BALLOT_ERRORS.has(error.code)) return refuseOrBallot(request, reply, view, choices, request.t(`consultations.ballotError.${error.code}`));
      if (error instanceof AppError && (REFUSALS.has(error.code) || error.code === 'CONSULTATIONS_ALREADY_VOTED')) return refuseOrBallot(request, reply, view);
      throw error;
    }
  });

  // A person proposes a project while the proposals phase is open (signed in: the proposal
  // keeps who sent it, shown to nobody; the review and the vote are public).
  const proposalPage = (request: FastifyRequest, reply: FastifyReply, view: ConsultationView, councils: CouncilOption[], form: ProposalForm, errors: ProposalErrors = {}) => {
    const c = view.consultation;
    if (phaseAt(c, new Date()) !== 'proposals')
      return reply.page({ status: 409, title: request.t('consultations.propose.closedHeading'), breadcrumbs: crumbs(request, c), body: <RefusalPage c={c} reason="proposals_closed" /> });
    const failed = Object.keys(errors).length > 0;
    return reply.page({
      status: failed ? 400 : 200,
      title: `${failed ? `${request.t('consultations.errorPrefix')} ` : ''}${request.t('consultations.propose.heading')}`,
      breadcrumbs: crumbs(request, c),
      body: <ProposalFormPage c={c} units={view.units} councils={councils} form={form} errors={errors} />,
    });
  };

  app.get('/consultas/:slug/proponer', { schema: { params: SlugParams } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const view = await getConsultation(deps, request.params.slug);
    return proposalPage(request, reply, view, await councilOptions(deps, account.id, view.units), EMPTY_PROPOSAL);
  });

  app.post('/consultas/:slug/proponer', { schema: { params: SlugParams } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const view = await getConsultation(deps, request.params.slug);
    const form = readProposalForm(request.body);
    const councils = await councilOptions(deps, account.id, view.units);
    const { errors, input } = validateProposalForm(form, view.units, councils, request.t);
    if (!input || phaseAt(view.consultation, new Date()) !== 'proposals') return proposalPage(request, reply, view, councils, form, errors);
    // The form's hidden key, claimed with the proposal: a double submit or a burst of identical
    // posts stores one proposal, and every one of them lands on it.
    // The same form sent again with other content (back, edit, send): another proposal.
    const id = await onceByKey(formClaim(`consultations.propose:${account.id}:${view.consultation.id}`, request.body), (claim) =>
      submitProposal(deps, { accountId: account.id, type: 'person' }, view.consultation.id, input, new Date(), { idempotency: claim }),
    );
    // submitProposal answers a replay with the proposal its key stored, so there is always an id.
    return reply.redirect(`/consultas/${view.consultation.slug}/propuestas/${id}`, 303);
  });

  app.get('/consultas/:slug/propuestas/:proposal', { schema: { params: Type.Object({ slug: SlugParams.properties.slug, proposal: Type.String({ format: 'uuid' }) }) } }, async (request, reply) => {
    const view = await getConsultation(deps, request.params.slug);
    const proposal = view.proposals.find((p) => p.id === request.params.proposal);
    if (!proposal) throw new AppError('CONSULTATIONS_PROPOSAL_NOT_FOUND');
    return reply.page({
      title: request.t('consultations.propose.received', { seq: proposal.seq }),
      breadcrumbs: crumbs(request, view.consultation),
      body: <ProposalReceivedPage c={view.consultation} seq={proposal.seq} title={proposal.title} />,
    });
  });

  const checkPage = async (request: FastifyRequest, reply: FastifyReply, receipt?: string) => {
    const view = await getConsultation(deps, (request.params as { slug: string }).slug);
    const c = view.consultation;
    const now = new Date();
    const canChange = c.allowRevote && now >= c.votingOpenAt && now < c.votingCloseAt;
    if (receipt === undefined) return reply.page({ title: request.t('consultations.check.heading'), breadcrumbs: crumbs(request, c), body: <ReceiptCheckPage c={c} canChange={false} /> });
    try {
      const found = await findByReceipt(deps, c.id, receipt);
      return reply.page({
        title: request.t('consultations.check.heading'),
        breadcrumbs: crumbs(request, c),
        body: <ReceiptCheckPage c={c} receipt={receipt.trim()} found={{ ...found, choices: titles(view, found.choices) }} canChange={canChange} />,
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'CONSULTATIONS_RECEIPT_INVALID') throw error;
      const message = request.t('consultations.check.notFound');
      return reply.page({
        status: 404,
        title: `${request.t('consultations.errorPrefix')} ${request.t('consultations.check.heading')}`,
        breadcrumbs: crumbs(request, c),
        body: <ReceiptCheckPage c={c} receipt={receipt} error={message} canChange={false} />,
      });
    }
  };

  app.get('/consultas/:slug/comprobante', { schema: { params: SlugParams } }, async (request, reply) => checkPage(request, reply));
  app.post('/consultas/:slug/comprobante', { schema: { params: SlugParams } }, async (request, reply) => checkPage(request, reply, field(request.body, 'recibo')[0] ?? ''));

  // Changing a ballot: the receipt alone opens it (nothing stored beside a person leads to it).
  app.post('/consultas/:slug/cambiar', { schema: { params: SlugParams } }, async (request, reply) => {
    const view = await getConsultation(deps, request.params.slug);
    const c = view.consultation;
    const receipt = (field(request.body, 'recibo')[0] ?? '').trim();
    const found = await findByReceipt(deps, c.id, receipt).catch(() => undefined);
    if (!found) return checkPage(request, reply, receipt);
    const unit = view.units.find((u) => u.code === found.unitCode)!;
    const sent = field(request.body, 'enviado').length > 0;
    const ballot = (values: string[], error?: string) =>
      reply.page({
        status: error ? 400 : 200,
        title: `${error ? `${request.t('consultations.errorPrefix')} ` : ''}${request.t('consultations.ballot.changeHeading')}`,
        breadcrumbs: crumbs(request, c),
        body: <BallotPage c={c} unit={unit} proposals={viableOf(view, unit.code)} action={`/consultas/${c.slug}/cambiar`} receipt={receipt} values={values} error={error} />,
      });
    if (!sent) return ballot(found.choices);
    const choices = field(request.body, 'opciones');
    try {
      await changeBallot(deps, c.id, receipt, choices, request.id);
    } catch (error) {
      if (error instanceof AppError && BALLOT_ERRORS.has(error.code)) return ballot(choices, request.t(`consultations.ballotError.${error.code}`));
      throw error;
    }
    return reply.page({
      title: request.t('consultations.receipt.changed'),
      breadcrumbs: crumbs(request, c),
      body: <ReceiptPage c={c} receipt={receipt} receiptId={found.receiptId} choices={titles(view, choices)} changed />,
    });
  });

  app.get('/consultas/:slug/recibos', { schema: { params: SlugParams } }, async (request, reply) => {
    const view = await getConsultation(deps, request.params.slug);
    const receipts = await receiptList(deps, view.consultation.id);
    return reply.page({ title: request.t('consultations.receipts.heading'), breadcrumbs: crumbs(request, view.consultation), body: <ReceiptListPage c={view.consultation} receipts={receipts} /> });
  });

  // A unit's ballots in the Pabulib format, once the voting has closed (docs/consulta-popular.md).
  app.get(
    '/consultas/:slug/pabulib/:unit',
    { schema: { params: Type.Object({ slug: SlugParams.properties.slug, unit: Type.String({ pattern: '^[A-Za-z0-9-]{1,40}$' }) }) } },
    async (request, reply) => {
      const text = await pabulibExport(deps, request.params.slug, request.params.unit);
      return reply.type('text/plain; charset=utf-8').header('content-disposition', `attachment; filename="${request.params.slug}-${request.params.unit}.pb"`).send(text);
    },
  );
}
