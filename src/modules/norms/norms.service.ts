// Use cases of the public consultation of norms: an agency's system opens a draft by articles;
// signed-in people comment (on an article or the whole) and support comments while it is open;
// after the close the agency answers every comment in public and then publishes the final text.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import {
  answerComment,
  countUnanswered,
  findComment,
  findConsultation,
  insertCommentAudited,
  insertConsultationAudited,
  insertSupportAudited,
  listArticles,
  listComments,
  listConsultations,
  writeFinalText,
} from './norms.queries.ts';
import { type Article, type NormComment, type NormConsultation, type NormKind, type Outcome, phaseOf } from './norms.types.ts';

export interface AgencyClient {
  clientId: string;
  agencyCode: string;
}

const UUID = /^[0-9a-f-]{36}$/i;

export interface NormInput {
  kind: NormKind;
  title: string;
  summary?: string;
  opensAt: string;
  closesAt: string;
  articles: Array<{ heading?: string; text: string }>;
}

export async function openNormConsultation(
  deps: Pick<Deps, 'db'>,
  client: AgencyClient,
  input: NormInput,
  options: { sourceKey?: string; requestId?: string | null } = {},
): Promise<{ consultation: NormConsultation; created: boolean }> {
  if (options.sourceKey) {
    const earlier = await findConsultation(deps.db, { sourceKey: options.sourceKey });
    if (earlier) return { consultation: earlier, created: false };
  }
  const fields: FieldError[] = [];
  const opensAt = new Date(input.opensAt);
  const closesAt = new Date(input.closesAt);
  if (!input.title.trim()) fields.push({ field: '/title', messageKey: 'norms.errors.title' });
  if (Number.isNaN(opensAt.getTime()) || Number.isNaN(closesAt.getTime()) || closesAt <= opensAt) fields.push({ field: '/closesAt', messageKey: 'norms.errors.period' });
  if (input.articles.length === 0 || input.articles.some((a) => !a.text.trim())) fields.push({ field: '/articles', messageKey: 'norms.errors.articles' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const consultation: NormConsultation = {
    id: crypto.randomUUID(),
    agencyCode: client.agencyCode,
    kind: input.kind,
    title: input.title.trim(),
    summary: (input.summary ?? '').trim(),
    opensAt,
    closesAt,
    finalPublishedAt: null,
  };
  const created = await insertConsultationAudited(
    deps.db,
    { ...consultation, sourceKey: options.sourceKey ?? null },
    input.articles.map((a) => ({ heading: (a.heading ?? '').trim(), text: a.text.trim() })),
    {
      audit: {
        actor: { type: 'client', id: client.clientId },
        action: 'norms.consultation_opened',
        subject: { type: 'norm_consultation', id: consultation.id },
        data: { agency: client.agencyCode, articles: input.articles.length },
        requestId: options.requestId,
      },
      events: [{ topic: 'norms.consultation_opened', payload: { consultationId: consultation.id, agencyCode: client.agencyCode, closesAt: closesAt.toISOString() } }],
    },
  );
  if (!created && options.sourceKey) return { consultation: (await findConsultation(deps.db, { sourceKey: options.sourceKey }))!, created: false };
  return { consultation, created };
}

export async function getNorm(deps: Pick<Deps, 'dbRead'>, id: string): Promise<{ consultation: NormConsultation; articles: Article[]; comments: NormComment[] }> {
  const consultation = UUID.test(id) ? await findConsultation(deps.dbRead, { id }) : undefined;
  if (!consultation) throw new AppError('NORMS_NOT_FOUND');
  const [articles, comments] = await Promise.all([listArticles(deps.dbRead, id), listComments(deps.dbRead, id)]);
  return { consultation, articles, comments };
}

export function listNorms(deps: Pick<Deps, 'dbRead'>): Promise<NormConsultation[]> {
  return listConsultations(deps.dbRead);
}

async function openConsultation(deps: Pick<Deps, 'db'>, id: string): Promise<NormConsultation> {
  const consultation = UUID.test(id) ? await findConsultation(deps.db, { id }) : undefined;
  if (!consultation) throw new AppError('NORMS_NOT_FOUND');
  if (phaseOf(consultation) !== 'open') throw new AppError('NORMS_NOT_OPEN');
  return consultation;
}

export async function commentOn(deps: Pick<Deps, 'db'>, accountId: string, id: string, input: { article: number | null; body: string }, requestId?: string): Promise<string> {
  const consultation = await openConsultation(deps, id);
  const fields: FieldError[] = [];
  const body = input.body.trim();
  if (body.length < 10 || body.length > 3000) fields.push({ field: 'comentario', messageKey: 'norms.errors.comment' });
  if (input.article !== null && !(await listArticles(deps.db, id)).some((a) => a.number === input.article && a.draftText !== null))
    fields.push({ field: 'articulo', messageKey: 'norms.errors.article' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const commentId = crypto.randomUUID();
  await insertCommentAudited(
    deps.db,
    { id: commentId, consultationId: id, articleNumber: input.article, accountId, body },
    {
      audit: { actor: { type: 'person', id: accountId }, action: 'norms.comment_filed', subject: { type: 'norm_consultation', id }, data: { commentId, article: input.article }, requestId },
      events: [{ topic: 'norms.comment_filed', payload: { consultationId: id, commentId, agencyCode: consultation.agencyCode } }],
    },
  );
  return commentId;
}

/** One support per person and comment (the database's key): a repeat changes nothing. */
export async function supportComment(deps: Pick<Deps, 'db'>, accountId: string, id: string, commentId: string, requestId?: string): Promise<boolean> {
  await openConsultation(deps, id);
  const comment = UUID.test(commentId) ? await findComment(deps.db, commentId) : undefined;
  if (!comment || comment.consultationId !== id) throw new AppError('NORMS_NOT_FOUND');
  return insertSupportAudited(deps.db, commentId, accountId, {
    audit: { actor: { type: 'person', id: accountId }, action: 'norms.comment_supported', subject: { type: 'norm_consultation', id }, data: { commentId }, requestId },
  });
}

async function closedConsultationOf(deps: Pick<Deps, 'db'>, client: AgencyClient, id: string): Promise<NormConsultation> {
  const consultation = UUID.test(id) ? await findConsultation(deps.db, { id }) : undefined;
  if (!consultation || consultation.agencyCode !== client.agencyCode) throw new AppError('NORMS_NOT_FOUND');
  if (phaseOf(consultation) !== 'closed') throw new AppError('NORMS_NOT_CLOSED');
  return consultation;
}

/** The agency's public answer to a comment, after the close and before the final text: once. */
export async function answerNormComment(
  deps: Pick<Deps, 'db'>,
  client: AgencyClient,
  id: string,
  commentId: string,
  answer: { outcome: Outcome; reason: string },
  requestId?: string | null,
): Promise<void> {
  await closedConsultationOf(deps, client, id);
  const comment = UUID.test(commentId) ? await findComment(deps.db, commentId) : undefined;
  if (!comment || comment.consultationId !== id) throw new AppError('NORMS_NOT_FOUND');
  const reason = answer.reason.trim();
  if (!reason) throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/reason', messageKey: 'norms.errors.reason' }] });
  await deps.db.transaction().execute(async (trx) => {
    if (!(await answerComment(trx, commentId, answer.outcome, reason))) throw new AppError('NORMS_ALREADY_ANSWERED');
    await recordAudit(trx, {
      actor: { type: 'client', id: client.clientId },
      action: 'norms.comment_answered',
      subject: { type: 'norm_consultation', id },
      data: { commentId, outcome: answer.outcome },
      requestId,
    });
  });
}

/** The final text, article by article (text null: the article is removed), once every comment has its answer. */
export async function publishFinalText(
  deps: Pick<Deps, 'db'>,
  client: AgencyClient,
  id: string,
  articles: Array<{ number: number; heading?: string; text: string | null }>,
  requestId?: string | null,
): Promise<void> {
  await closedConsultationOf(deps, client, id);
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await findConsultation(trx, { id }, { forUpdate: true }))!;
    if (locked.finalPublishedAt) throw new AppError('NORMS_NOT_CLOSED');
    if ((await countUnanswered(trx, id)) > 0) throw new AppError('NORMS_UNANSWERED_COMMENTS');
    const draft = await listArticles(trx, id);
    const given = new Map(articles.map((a) => [a.number, a]));
    // An article the final text does not name keeps its draft text.
    const all = [...draft.map((a) => given.get(a.number) ?? { number: a.number, heading: a.heading, text: a.draftText }), ...articles.filter((a) => !draft.some((d) => d.number === a.number))];
    await writeFinalText(
      trx,
      id,
      all.map((a) => ({ number: a.number, heading: (a.heading ?? '').trim(), text: a.text?.trim() ? a.text.trim() : null })),
    );
    await recordAudit(trx, {
      actor: { type: 'client', id: client.clientId },
      action: 'norms.final_text_published',
      subject: { type: 'norm_consultation', id },
      data: { articles: articles.length },
      requestId,
    });
  });
}

/** Every consultation's comments with their answers (open data: nothing about who wrote them). */
export function allComments(deps: Pick<Deps, 'dbRead'>) {
  return listComments(deps.dbRead);
}
