// "Buzón": the signed-in person's mailbox. Reading a message records when it was opened;
// archiving is a POST form; attachments and receipts download only from one's own messages
// (anyone else's answer "not found", exactly like a message that does not exist).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { AttachmentParamsSchema, ListQuerySchema, MessageParamsSchema } from '../mailbox.schemas.ts';
import { archiveMessage, getAttachment, issueReceipt, listMessages, openMessage, RECEIPT_TYPE } from '../mailbox.service.ts';
import type { ListStateFilter } from '../mailbox.types.ts';
import { formatsFor, MailboxListPage, MessagePage, type Notice } from '../views/mailbox.views.tsx';

const ListQuery = Type.Object({ ...ListQuerySchema.properties, hecho: Type.Optional(Type.String({ maxLength: 20 })) });

/** `attachment; filename=…` with an ASCII fallback and the exact UTF-8 name (RFC 6266). */
function contentDisposition(filename: string): string {
  const ascii = filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function registerMailboxPages(app: TamboApp, deps: Deps): void {
  const breadcrumbs = (request: FastifyRequest, withMailbox = false) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    ...(withMailbox ? [{ href: '/buzon', label: request.t('mailbox.nav') }] : []),
  ];
  const formats = (request: FastifyRequest) => formatsFor(request.format);

  async function list(request: FastifyRequest<{ Querystring: { q?: string; pagina?: number; estado?: ListStateFilter; hecho?: string } }>, reply: FastifyReply, archived: boolean) {
    const { account } = requireSignedIn(request);
    const search = (request.query.q ?? '').trim();
    const state = request.query.estado ?? 'todos';
    const result = await listMessages(deps, account, { archived, search, state, page: request.query.pagina ?? 1 });
    const notice: Notice | undefined = request.query.hecho === 'archivado' ? 'archived' : request.query.hecho === 'desarchivado' ? 'unarchived' : undefined;
    return reply.page({
      title: request.t(archived ? 'mailbox.list.archiveHeading' : 'mailbox.list.heading'),
      breadcrumbs: breadcrumbs(request, archived),
      body: <MailboxListPage list={result} archived={archived} search={search} state={state} notice={notice} formats={formats(request)} />,
    });
  }

  app.get('/buzon', { schema: { querystring: ListQuery } }, (request, reply) => list(request, reply, false));
  app.get('/buzon/archivados', { schema: { querystring: ListQuery } }, (request, reply) => list(request, reply, true));

  app.get('/buzon/:id', { schema: { params: MessageParamsSchema } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const message = await openMessage(deps, account.id, request.params.id, request.id);
    return reply.page({
      title: message.subject,
      breadcrumbs: [...breadcrumbs(request, true), ...(message.archivedAt ? [{ href: '/buzon/archivados', label: request.t('mailbox.list.archiveHeading') }] : [])],
      body: <MessagePage message={message} formats={formats(request)} />,
    });
  });

  app.post('/buzon/:id/archivar', { schema: { params: MessageParamsSchema } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    await archiveMessage(deps, account.id, request.params.id, true, request.id);
    return reply.redirect('/buzon?hecho=archivado', 303);
  });

  app.post('/buzon/:id/desarchivar', { schema: { params: MessageParamsSchema } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    await archiveMessage(deps, account.id, request.params.id, false, request.id);
    return reply.redirect('/buzon/archivados?hecho=desarchivado', 303);
  });

  app.get('/buzon/:id/adjuntos/:attachmentId', { schema: { params: AttachmentParamsSchema } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const { attachment, bytes } = await getAttachment(deps, account.id, request.params.id, request.params.attachmentId);
    return reply.header('content-type', attachment.mediaType).header('content-disposition', contentDisposition(attachment.filename)).header('cache-control', 'private, no-store').send(bytes);
  });

  app.get('/buzon/:id/constancia', { schema: { params: MessageParamsSchema } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const { message, jws } = await issueReceipt(deps, account.id, request.params.id, (payload) => deps.keyring.sign(payload, RECEIPT_TYPE));
    return reply
      .header('content-type', 'application/jose')
      .header('content-disposition', contentDisposition(`constancia-${message.id}.jws`))
      .header('cache-control', 'private, no-store')
      .send(jws);
  });
}
