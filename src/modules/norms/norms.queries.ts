// Every SQL statement on the norms schema.
import { sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';
import type { Article, NormComment, NormConsultation, NormKind, Outcome } from './norms.types.ts';

const rows = rowsInto<Tables>();
type Consequences = Pick<AuditedInsert<unknown>, 'audit' | 'events' | 'stats'>;

interface ConsultationRow {
  id: string;
  agency_code: string;
  kind: string;
  title: string;
  summary: string;
  opens_at: Date;
  closes_at: Date;
  final_published_at: Date | null;
}
const toConsultation = (r: ConsultationRow): NormConsultation => ({
  id: r.id,
  agencyCode: r.agency_code,
  kind: r.kind as NormKind,
  title: r.title,
  summary: r.summary,
  opensAt: r.opens_at,
  closesAt: r.closes_at,
  finalPublishedAt: r.final_published_at,
});
const COLUMNS = sql`id, agency_code, kind, title, summary, opens_at, closes_at, final_published_at`;

export async function insertConsultationAudited(
  db: Queryable,
  c: NormConsultation & { sourceKey: string | null },
  articles: Array<{ heading: string; text: string }>,
  consequences: Consequences,
): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('norms.consultation', { id: c.id, agency_code: c.agencyCode, kind: c.kind, title: c.title, summary: c.summary, opens_at: c.opensAt, closes_at: c.closesAt, source_key: c.sourceKey }),
    onConflictDoNothing: true,
    also: [
      rows(
        'norms.article',
        articles.map((a, index) => ({ consultation_id: c.id, number: index + 1, heading: a.heading, draft_text: a.text })),
      ),
    ],
    ...consequences,
  });
  return row !== undefined;
}

export async function findConsultation(db: Queryable, key: { id: string } | { sourceKey: string }, options: { forUpdate?: boolean } = {}): Promise<NormConsultation | undefined> {
  const where = 'id' in key ? sql`id = ${key.id}` : sql`source_key = ${key.sourceKey}`;
  const { rows: found } = await sql<ConsultationRow>`SELECT ${COLUMNS} FROM norms.consultation WHERE ${where} ${options.forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db);
  return found[0] ? toConsultation(found[0]) : undefined;
}

export async function listConsultations(db: Queryable): Promise<NormConsultation[]> {
  const { rows: found } = await sql<ConsultationRow>`SELECT ${COLUMNS} FROM norms.consultation ORDER BY closes_at DESC, id`.execute(db);
  return found.map(toConsultation);
}

export async function listArticles(db: Queryable, consultationId?: string): Promise<Array<Article & { consultationId: string }>> {
  const where = consultationId ? sql`WHERE consultation_id = ${consultationId}` : sql``;
  const { rows: found } = await sql<{ consultation_id: string; number: number; heading: string; draft_text: string | null; final_text: string | null }>`
    SELECT consultation_id, number, heading, draft_text, final_text FROM norms.article ${where} ORDER BY consultation_id, number`.execute(db);
  return found.map((r) => ({ consultationId: r.consultation_id, number: r.number, heading: r.heading, draftText: r.draft_text, finalText: r.final_text }));
}

interface CommentRow {
  id: string;
  consultation_id: string;
  article_number: number | null;
  body: string;
  created_at: Date;
  outcome: string | null;
  reason: string | null;
  answered_at: Date | null;
  supports: string | number;
}
const toComment = (r: CommentRow): NormComment & { consultationId: string } => ({
  id: r.id,
  consultationId: r.consultation_id,
  articleNumber: r.article_number,
  body: r.body,
  createdAt: r.created_at,
  outcome: r.outcome as Outcome | null,
  reason: r.reason,
  answeredAt: r.answered_at,
  supports: Number(r.supports),
});

export async function listComments(db: Queryable, consultationId?: string): Promise<Array<NormComment & { consultationId: string }>> {
  const where = consultationId ? sql`WHERE c.consultation_id = ${consultationId}` : sql``;
  const { rows: found } = await sql<CommentRow>`
    SELECT c.id, c.consultation_id, c.article_number, c.body, c.created_at, c.outcome, c.reason, c.answered_at,
      (SELECT count(*) FROM norms.support s WHERE s.comment_id = c.id) AS supports
    FROM norms.comment c ${where} ORDER BY c.consultation_id, c.created_at, c.id`.execute(db);
  return found.map(toComment);
}

export async function insertCommentAudited(
  db: Queryable,
  c: { id: string; consultationId: string; articleNumber: number | null; accountId: string; body: string },
  consequences: Consequences,
): Promise<void> {
  await auditedInsert(db, {
    insert: rows('norms.comment', { id: c.id, consultation_id: c.consultationId, article_number: c.articleNumber, account_id: c.accountId, body: c.body }),
    ...consequences,
  });
}

/** One support per person and comment (the primary key): true when it was new. */
export async function insertSupportAudited(db: Queryable, commentId: string, accountId: string, consequences: Consequences): Promise<boolean> {
  const row = await auditedInsert(db, { insert: rows('norms.support', { comment_id: commentId, account_id: accountId }), onConflictDoNothing: true, ...consequences });
  return row !== undefined;
}

export async function findComment(db: Queryable, id: string): Promise<(NormComment & { consultationId: string }) | undefined> {
  const { rows: found } =
    await sql<CommentRow>`SELECT c.id, c.consultation_id, c.article_number, c.body, c.created_at, c.outcome, c.reason, c.answered_at, 0 AS supports FROM norms.comment c WHERE c.id = ${id}`.execute(
      db,
    );
  return found[0] ? toComment(found[0]) : undefined;
}

/** Answers once: undefined when it was already answered. */
export async function answerComment(db: Queryable, id: string, outcome: Outcome, reason: string): Promise<boolean> {
  const result = await sql`UPDATE norms.comment SET outcome = ${outcome}, reason = ${reason}, answered_at = now() WHERE id = ${id} AND outcome IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function countUnanswered(db: Queryable, consultationId: string): Promise<number> {
  const { rows: found } = await sql<{ n: string }>`SELECT count(*) AS n FROM norms.comment WHERE consultation_id = ${consultationId} AND outcome IS NULL`.execute(db);
  return Number(found[0]?.n ?? 0);
}

export async function writeFinalText(db: Queryable, consultationId: string, articles: Array<{ number: number; heading: string; text: string | null }>): Promise<void> {
  for (const a of articles) {
    await sql`INSERT INTO norms.article (consultation_id, number, heading, draft_text, final_text) VALUES (${consultationId}, ${a.number}, ${a.heading}, NULL, ${a.text})
      ON CONFLICT (consultation_id, number) DO UPDATE SET final_text = EXCLUDED.final_text, heading = CASE WHEN EXCLUDED.heading = '' THEN norms.article.heading ELSE EXCLUDED.heading END`.execute(db);
  }
  await sql`UPDATE norms.consultation SET final_published_at = now() WHERE id = ${consultationId}`.execute(db);
}

export async function listCommentsOf(db: Queryable, accountId: string): Promise<Array<{ consultation_id: string; article_number: number | null; body: string; created_at: string }>> {
  const { rows: found } = await sql<{ consultation_id: string; article_number: number | null; body: string; created_at: string }>`
    SELECT consultation_id, article_number, body, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at FROM norms.comment WHERE account_id = ${accountId} ORDER BY created_at`.execute(
    db,
  );
  return found;
}
