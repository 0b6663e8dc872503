// The back-office editor of translations: the country team's reviewers (`translator`, or a
// platform administrator) rewrite a message of an extra language (Quechua, Aymara, Guaraní);
// the text must be valid ICU with the Spanish message's arguments. The edit is audited, wins
// over the file's draft at once in this process, and in the others through the bus.
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import { AppError } from '../../platform/errors.ts';
import { notify } from '../../platform/events/bus.ts';
import { DEFAULT_LOCALE, type ExtraLanguage, EXTRA_LANGUAGES, type Language, setMessage, translationProblem } from '../../platform/i18n/i18n.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { getRoles, roleGrantsOf, type Account } from '../identity/index.ts';
import { insertEdit, latestEdits } from './translations.queries.ts';

export const TRANSLATOR = 'translator';
export const TRANSLATIONS_TOPIC = 'portal.message_edited';
/** At most this many messages listed at once: the search narrows them. */
export const LIST_LIMIT = 60;

/** The languages the editor offers: the country profile's extra ones (Spanish and English are edited in the files). */
export function editableLanguages(deps: Pick<Deps, 'country'>): ExtraLanguage[] {
  return EXTRA_LANGUAGES.filter((language) => deps.country.languages.includes(language));
}

/** Refuses anyone who is neither a translator (in any agency) nor a platform administrator. */
export async function requireTranslator(deps: Pick<Deps, 'db'>, account: Account): Promise<void> {
  const grants = roleGrantsOf(account, await getRoles(deps, account.id));
  if (!hasRole(grants, { role: TRANSLATOR }) && !hasRole(grants, { role: PLATFORM_ADMIN })) throw new AppError('FORBIDDEN');
}

export interface MessageRow {
  key: string;
  spanish: string;
  /** The text shown in the language now (the file's draft or an edit), or undefined (shown in Spanish). */
  current: string | undefined;
}

/** The messages whose key or Spanish or current text contains what was typed (accents and case ignored), by key. */
export function findMessages(deps: Pick<Deps, 'catalogs'>, language: ExtraLanguage, query: string, untranslatedOnly: boolean): { rows: MessageRow[]; total: number } {
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  const own = deps.catalogs[language];
  const rows: MessageRow[] = [];
  for (const [key, spanish] of deps.catalogs[DEFAULT_LOCALE]) {
    const current = own?.get(key);
    if (untranslatedOnly && current !== undefined) continue;
    const haystack = fold(`${key} ${spanish} ${current ?? ''}`);
    if (words.every((word) => haystack.includes(word))) rows.push({ key, spanish, current });
  }
  rows.sort((a, b) => a.key.localeCompare(b.key));
  return { rows: rows.slice(0, LIST_LIMIT), total: rows.length };
}

/** One message to edit: its Spanish and English texts and the current one; NOT_FOUND for an unknown key or language. */
export function messageToEdit(
  deps: Pick<Deps, 'catalogs' | 'country'>,
  language: string,
  key: string,
): { language: ExtraLanguage; key: string; spanish: string; english: string; current: string | undefined } {
  const editable = editableLanguages(deps).find((l) => l === language);
  const spanish = deps.catalogs[DEFAULT_LOCALE].get(key);
  if (!editable || spanish === undefined) throw new AppError('NOT_FOUND');
  return { language: editable, key, spanish, english: deps.catalogs.en.get(key) ?? '', current: deps.catalogs[editable]?.get(key) };
}

export type EditOutcome = { ok: true; changed: boolean } | { ok: false; error: { key: string; params?: Record<string, string | number> } };

/** Checks and saves a message's new text in a language: audited, applied at once, announced to the other processes. */
export async function editMessage(deps: Pick<Deps, 'db' | 'catalogs' | 'country'>, account: Account, language: string, key: string, typed: string, requestId?: string): Promise<EditOutcome> {
  await requireTranslator(deps, account);
  const message = messageToEdit(deps, language, key);
  const text = typed.trim();
  if (!text) return { ok: false, error: { key: 'portal.translations.errors.empty' } };
  if (text.length > 4000) return { ok: false, error: { key: 'portal.translations.errors.long' } };
  const problem = translationProblem(message.spanish, text, message.language);
  if (problem?.kind === 'syntax') return { ok: false, error: { key: 'portal.translations.errors.syntax' } };
  if (problem?.kind === 'arguments') {
    const list = (names: string[]) => names.map((n) => `{${n}}`).join(', ');
    return {
      ok: false,
      error: {
        key: 'portal.translations.errors.arguments',
        params: { missing: list(problem.missing), missingCount: problem.missing.length, unknown: list(problem.unknown), unknownCount: problem.unknown.length },
      },
    };
  }
  if (text === message.current) return { ok: true, changed: false };
  await insertEdit(
    deps.db,
    { id: uuidv7(), language: message.language, key, text, editedBy: account.id },
    {
      actor: { type: 'official', id: account.id },
      action: 'portal.translation_edited',
      subject: { type: 'message', id: `${message.language}:${key}` },
      data: { language: message.language, key, text, before: message.current ?? null },
      requestId,
    },
  );
  setMessage(deps.catalogs, message.language, key, text);
  await notify(deps.db, TRANSLATIONS_TOPIC, { language: message.language, key });
  return { ok: true, changed: true };
}

/** Applies the latest edits (all of them, or one) over the files' texts: at start, on the bus's resync and on its notices. */
export async function applyEdits(deps: Pick<Deps, 'db' | 'catalogs'>, only?: { language: string; key: string }): Promise<number> {
  const edits = await latestEdits(deps.db, only);
  for (const edit of edits) {
    if ((EXTRA_LANGUAGES as readonly string[]).includes(edit.language) && deps.catalogs[DEFAULT_LOCALE].has(edit.key)) setMessage(deps.catalogs, edit.language as Language, edit.key, edit.text);
  }
  return edits.length;
}
