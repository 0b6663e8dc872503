// The back-office editor of translations (/admin/traducciones): translators and platform
// administrators review the draft catalogs of the country's extra languages, one message at a
// time. Edits are applied at start and whenever another process announces one on the bus.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { LANGUAGE_NAMES } from '../../../platform/i18n/i18n.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { applyEdits, editableLanguages, editMessage, findMessages, messageToEdit, requireTranslator, TRANSLATIONS_TOPIC } from '../translations.service.ts';
import { TranslationEditPage, TranslationListPage } from '../views/translations.views.tsx';

const EditParams = Type.Object({ language: Type.String({ maxLength: 3 }), key: Type.String({ maxLength: 200 }) });

export async function registerTranslationPages(app: TamboApp, deps: Deps): Promise<void> {
  await applyEdits(deps);
  deps.bus.subscribe(TRANSLATIONS_TOPIC, {
    onNotify: (payload) => {
      if (typeof payload.language === 'string' && typeof payload.key === 'string')
        void applyEdits(deps, { language: payload.language, key: payload.key }).catch((error) => deps.log.error({ err: error }, 'translation edit not applied'));
    },
    resync: () => void applyEdits(deps).catch((error) => deps.log.error({ err: error }, 'translation edits not applied')),
  });

  const breadcrumbs = (request: { t: (key: string) => string }) => [
    { href: '/trabajo', label: request.t('portal.staff.title') },
    { href: '/admin/traducciones', label: request.t('portal.translations.title') },
  ];

  app.get(
    '/admin/traducciones',
    {
      schema: {
        hide: true,
        querystring: Type.Object({
          idioma: Type.Optional(Type.String({ maxLength: 3 })),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          pendientes: Type.Optional(Type.String({ maxLength: 2 })),
          guardado: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    async (request, reply) => {
      const { account } = requireSignedIn(request);
      await requireTranslator(deps, account);
      const languages = editableLanguages(deps);
      const language = languages.find((l) => l === request.query.idioma) ?? languages[0];
      const q = (request.query.q ?? '').trim();
      const untranslated = request.query.pendientes === 'si';
      const found = language ? findMessages(deps, language, q, untranslated) : { rows: [], total: 0 };
      return reply.page({
        title: request.t('portal.translations.title'),
        description: request.t('portal.translations.lead'),
        breadcrumbs: breadcrumbs(request).slice(0, 1),
        body: (
          <TranslationListPage
            languages={languages.map((code) => ({ code, name: LANGUAGE_NAMES[code] }))}
            language={language ?? ''}
            q={q}
            untranslated={untranslated}
            rows={found.rows}
            total={found.total}
            saved={request.query.guardado}
          />
        ),
      });
    },
  );

  const editPage = (request: FastifyRequest, message: ReturnType<typeof messageToEdit>, value: string, error?: string) => {
    const title = request.t('portal.translations.editTitle', { key: message.key, language: LANGUAGE_NAMES[message.language] });
    return {
      status: error ? 400 : 200,
      title: error ? request.t('portal.translations.errorTitle', { title }) : title,
      breadcrumbs: breadcrumbs(request),
      body: (
        <TranslationEditPage
          language={message.language}
          languageName={LANGUAGE_NAMES[message.language]}
          messageKey={message.key}
          spanish={message.spanish}
          english={message.english}
          current={message.current}
          value={value}
          error={error}
        />
      ),
    };
  };

  app.get('/admin/traducciones/:language/:key', { schema: { hide: true, params: EditParams } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    await requireTranslator(deps, account);
    const message = messageToEdit(deps, request.params.language, request.params.key);
    return reply.page(editPage(request, message, message.current ?? ''));
  });

  app.post(
    '/admin/traducciones/:language/:key',
    { schema: { hide: true, params: EditParams, body: Type.Object({ text: Type.Optional(Type.String({ maxLength: 8000 })) }) } },
    async (request, reply) => {
      const { account } = requireSignedIn(request);
      const typed = request.body.text ?? '';
      const outcome = await editMessage(deps, account, request.params.language, request.params.key, typed, request.id);
      if (!outcome.ok) return reply.page(editPage(request, messageToEdit(deps, request.params.language, request.params.key), typed, request.t(outcome.error.key, outcome.error.params)));
      return reply.redirect(`/admin/traducciones?idioma=${request.params.language}&q=${encodeURIComponent(request.params.key)}&guardado=${encodeURIComponent(request.params.key)}`, 303);
    },
  );
}
