// Empresa digital: the mailbox of an economic unit (mailbox module's messages to the unit),
// open to whoever represents the unit now (the registry, read on every request): a
// representative removed from the unit loses it at once; anyone else gets 404.
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { findAccount, requireSignedIn } from '../../identity/index.ts';
import { listUnitMessages, openUnitMessage, type UnitReader } from '../../mailbox/index.ts';
import { unitsRepresentedBy } from '../registry.service.ts';
import { UnitMailboxPage, UnitMessagePage } from '../views/unit-mailbox.views.tsx';

const UnitParams = Type.Object({ unit: Type.String({ maxLength: 40 }) });
const MessageParams = Type.Object({ unit: Type.String({ maxLength: 40 }), id: Type.String({ format: 'uuid' }) });

export function registerUnitMailboxPages(app: TamboApp, deps: Deps): void {
  /** The signed-in person as a reader of units' mailboxes, and the units they represent now. */
  const readerOf = async (account: { id: string; documentNumber: string }) => {
    const units = await unitsRepresentedBy(deps, account.documentNumber);
    const reader: UnitReader = { accountId: account.id, unitKeys: units.map((u) => u.key) };
    return { reader, nameOf: (key: string) => String(units.find((u) => u.key === key)?.content.name ?? key) };
  };
  const crumbs = (t: (key: string) => string) => [
    { href: '/', label: t('portal.home.breadcrumb') },
    { href: '/empresa', label: t('registries.empresa.heading') },
  ];

  app.get('/empresa/buzon/:unit', { schema: { hide: true, params: UnitParams } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const { reader, nameOf } = await readerOf(account);
    const messages = await listUnitMessages(deps, reader, request.params.unit);
    const unitName = nameOf(request.params.unit);
    return reply.page({
      title: request.t('registries.unitMailbox.heading', { name: unitName }),
      breadcrumbs: crumbs(request.t),
      body: <UnitMailboxPage unitKey={request.params.unit} unitName={unitName} messages={messages} />,
    });
  });

  app.get('/empresa/buzon/:unit/:id', { schema: { hide: true, params: MessageParams } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const { reader, nameOf } = await readerOf(account);
    const { message, readings } = await openUnitMessage(deps, reader, request.params.unit, request.params.id, request.id);
    const named = await Promise.all(
      readings.map(async (r) => {
        const who = await findAccount(deps, r.accountId);
        return { name: who ? `${who.givenName} ${who.familyName}` : r.accountId, readAt: r.readAt };
      }),
    );
    return reply.page({
      title: message.subject,
      breadcrumbs: [
        ...crumbs(request.t),
        { href: `/empresa/buzon/${encodeURIComponent(request.params.unit)}`, label: request.t('registries.unitMailbox.heading', { name: nameOf(request.params.unit) }) },
      ],
      body: <UnitMessagePage unitKey={request.params.unit} message={message} readings={named} />,
    });
  });
}
