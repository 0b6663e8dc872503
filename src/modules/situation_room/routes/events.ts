// Live: /sala/events and /sala/{code}/events stream a Server-Sent Event `changed` whenever a
// figure of that territory (or below it) may have changed, in any process: the room's event
// handlers announce it on the notification bus (LISTEN/NOTIFY), which every process hears.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { getTerritory } from '../../territories/index.ts';
import { ROOM_PATH, ROOM_TOPIC } from '../room.types.ts';

const KEEP_ALIVE_MS = 25_000;
const Params = Type.Object({ code: Type.String({ maxLength: 64 }) });

export function registerRoomEvents(app: TamboApp, deps: Deps): void {
  const open = new Set<ServerResponse>();
  // Streams never go idle: end them before the server closes, or it would wait for them.
  app.addHook('preClose', async () => {
    for (const response of open) response.end();
  });

  const stream = (request: FastifyRequest, reply: FastifyReply, code: string | null) => {
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      // A stream's connection is never reused: when it ends, the socket closes (the server's
      // close would otherwise wait for the keep-alive timeout).
      connection: 'close',
      'x-request-id': request.id,
    });
    response.write('retry: 5000\n\n');
    const send = (data: Record<string, unknown>) => response.write(`event: changed\ndata: ${JSON.stringify(data)}\n\n`);
    const unsubscribe = deps.bus.subscribe(ROOM_TOPIC, {
      onNotify(payload) {
        const path = typeof payload.path === 'string' && payload.path !== '' ? payload.path.split('/') : [];
        if (code === null || path.includes(code)) send({ topic: payload.topic ?? null, territory: path.at(-1) ?? null });
      },
      // Notifications may have been missed while the bus reconnected: say that anything may have changed.
      resync: () => send({ topic: null, territory: null }),
    });
    const ping = setInterval(() => response.write(': ping\n\n'), KEEP_ALIVE_MS);
    open.add(response);
    response.on('close', () => {
      open.delete(response);
      clearInterval(ping);
      unsubscribe();
    });
  };

  app.get(`${ROOM_PATH}/events`, { schema: { hide: true } }, (request, reply) => stream(request, reply, null));
  app.get(`${ROOM_PATH}/:code/events`, { schema: { hide: true, params: Params } }, async (request, reply) => {
    await getTerritory(deps, request.params.code);
    stream(request, reply, request.params.code);
  });
}
