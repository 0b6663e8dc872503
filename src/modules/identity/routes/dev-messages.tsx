// The demo's messages page (/desarrollo/mensajes): in demo mode nothing is delivered, and the
// codes registration and password reset send stay in messaging's development sink; platform
// administrators read them here. Registered only when DEMO=true (otherwise a 404 like any
// unknown address).
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { RECENT_SINK_MESSAGES, SinkMessagesPage, recentSinkMessages } from '../../messaging/index.ts';
import { isPlatformAdmin } from '../admin.policy.ts';
import { noStore, staffOf } from './admin-common.ts';

export const DEV_MESSAGES_PATH = '/desarrollo/mensajes';

export function registerDevMessagesPage(app: TamboApp, deps: Deps): void {
  if (!deps.config.demo) return;
  app.get(DEV_MESSAGES_PATH, { schema: { hide: true } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    if (!isPlatformAdmin(staff)) throw new AppError('FORBIDDEN');
    const messages = await recentSinkMessages(deps.db, RECENT_SINK_MESSAGES);
    return noStore(reply).page({
      title: request.t('messaging.sink.title'),
      body: <SinkMessagesPage messages={messages} limit={RECENT_SINK_MESSAGES} />,
    });
  });
}
