// Instructions: POST /sala/{code}/instrucciones (an operator sends one from the room's form),
// GET /sala/instrucciones/{id} (its page and timeline; a recipient's first look marks it
// received) and POST /sala/instrucciones/{id} (the recipient acts on or answers it).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { getTerritory } from '../../territories/index.ts';
import { instructionErrors, requireOperator, respondToInstruction, sendInstruction, todayIn, viewInstruction } from '../instruction.service.ts';
import type { ItemKind } from '../instruction.types.ts';
import { AppError } from '../../../platform/errors.ts';
import { instructionPath, type InstructionFormState, InstructionPage } from '../views/instruction.views.tsx';
import { actorOf } from './actor.ts';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const SendBody = Type.Object({
  itemKind: Type.Optional(Type.String({ maxLength: 32 })),
  itemRef: Type.Optional(Type.String({ maxLength: 200 })),
  recipient: Type.Optional(Type.String({ maxLength: 200 })),
  body: Type.Optional(Type.String({ maxLength: 5000 })),
  dueOn: Type.Optional(Type.String({ maxLength: 32 })),
  requestKey: Type.Optional(Type.String({ maxLength: 64 })),
});
const AnswerBody = Type.Object({ answer: Type.Optional(Type.String({ maxLength: 5000 })), to: Type.Optional(Type.String({ maxLength: 16 })) });

type RoomPageRenderer = (request: FastifyRequest, reply: FastifyReply, code: string, form: InstructionFormState) => Promise<FastifyReply>;

export function registerInstructionRoutes(app: TamboApp, deps: Deps, views: { roomPage: RoomPageRenderer }): void {
  const signedActor = async (request: FastifyRequest) => {
    requireSignedIn(request);
    return (await actorOf(deps, request)).actor!;
  };

  app.post(`/sala/:code/instrucciones`, { schema: { hide: true, params: CodeParams, body: SendBody } }, async (request, reply) => {
    const actor = await signedActor(request);
    const b = request.body;
    const values = { itemKind: b.itemKind ?? '', itemRef: (b.itemRef ?? '').trim(), recipient: b.recipient ?? '', body: b.body ?? '', dueOn: (b.dueOn ?? '').trim(), requestKey: b.requestKey ?? '' };
    const [kind, target] = values.recipient.split(':', 2) as [string, string | undefined];
    const input = {
      from: request.params.code,
      itemKind: values.itemKind as ItemKind,
      itemRef: values.itemRef,
      ...(kind === 'territory' && target ? { recipientTerritory: target } : {}),
      ...(kind === 'agency' && target ? { recipientAgency: target } : {}),
      body: values.body,
      dueOn: values.dueOn,
      requestKey: /^[\w-]{8,64}$/.test(values.requestKey) ? values.requestKey : '',
    };
    // Only an operator of the room may send: refused before anything else is looked at.
    await requireOperator(deps, actor, request.params.code);
    if (!input.requestKey) throw new AppError('SITUATION_ROOM_INVALID_INSTRUCTION', { params: { fields: 'requestKey' } });
    const errors = instructionErrors(input, todayIn(deps));
    if (Object.keys(errors).length > 0) return views.roomPage(request, reply, request.params.code, { values, errors });
    const instruction = await sendInstruction(deps, actor, input, request.id);
    return reply.redirect(instructionPath(instruction.id), 303);
  });

  const show = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, errors: Record<string, string> = {}, answer = '') => {
    const actor = await signedActor(request);
    const view = await viewInstruction(deps, actor, request.params.id, request.id);
    const i = view.instruction;
    const recipientName = 'agency' in i.recipient ? i.recipient.agency : (await getTerritory(deps, i.recipient.territoryPath.at(-1)!)).name;
    reply.header('cache-control', 'private, no-store');
    const title = request.t('situation_room.instruction.title', { item: `${request.t(`situation_room.instruction.kind.${i.itemKind}`)} ${i.itemRef}` });
    return reply.page({
      title: Object.keys(errors).length > 0 ? request.t('situation_room.instruction.errorTitle', { title }) : title,
      status: Object.keys(errors).length > 0 ? 400 : 200,
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        { href: `/sala/${encodeURIComponent(i.territoryPath.at(-1)!)}`, label: request.t('situation_room.nav') },
      ],
      body: <InstructionPage view={view} recipientName={recipientName} errors={errors} answer={answer} />,
    });
  };

  app.get(`/sala/instrucciones/:id`, { schema: { hide: true, params: IdParams } }, (request, reply) => show(request, reply));
  app.post(`/sala/instrucciones/:id`, { schema: { hide: true, params: IdParams, body: AnswerBody } }, async (request, reply) => {
    const actor = await signedActor(request);
    const to = request.body.to === 'acted' ? 'acted' : 'answered';
    const answer = request.body.answer ?? '';
    if (to === 'answered' && answer.trim().length === 0) return show(request, reply, { answer: 'situation_room.instruction.error.answer' }, answer);
    await respondToInstruction(deps, actor, request.params.id, { to, text: answer }, request.id);
    return reply.redirect(instructionPath(request.params.id), 303);
  });
}
