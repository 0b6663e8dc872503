// What the HTML pages of reports share: reading the form body, mapping the service's field
// pointers to form fields, and per-request helpers (territory and agency choices, formatting,
// the official acting, breadcrumbs).
import type { FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../../../platform/errors.ts';
import { readMultipartForm, type UploadedFile } from '../../../platform/http/multipart.ts';
import type { Deps } from '../../../platform/module.ts';
import type { ChoiceOption } from '../../../platform/views/components.tsx';
import { listAgencies } from '../../agencies/index.ts';
import { getRoles } from '../../identity/index.ts';
import { listTerritories, type Territory } from '../../territories/index.ts';
import { listCategories } from '../reading.service.ts';
import { officialFrom, type Official } from '../report.policy.ts';
import { textIn } from '../report.types.ts';
import type { FormErrors, Formatting } from '../views/report-common.views.tsx';

export type Body = Record<string, string | string[] | undefined>;
export const str = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();
export const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

/** Form field for each API pointer the service names. */
const FIELD_OF: Record<string, string> = {
  '/categoryCode': 'categoria',
  '/description': 'descripcion',
  '/lat': 'lat',
  '/lon': 'lon',
  '/address': 'direccion',
  '/territoryCode': 'territorio',
  '/isAnonymous': 'anonimo',
  '/subjectAgencyCode': 'institucion',
  '/onBehalfOfTerritory': 'consejo',
  '/photos': 'fotos',
  '/text': 'respuesta',
  '/status': 'estado',
  '/agencyCode': 'institucion',
  '/intoReportId': 'duplicado_de',
  '/files': 'evidencia',
  '/radiusM': 'radio',
};

export function formErrors(request: FastifyRequest, error: unknown, reasonField = 'motivo'): FormErrors {
  if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
  const errors: FormErrors = {};
  for (const f of error.fields) {
    const name =
      f.field === '/reason' ? reasonField : f.field.startsWith('/answers/') ? `respuesta.${f.field.slice(9)}` : f.field.startsWith('/photos') ? 'fotos' : (FIELD_OF[f.field] ?? f.field.slice(1));
    errors[name] ??= request.t(f.messageKey, f.params);
  }
  return errors;
}

/** What the file store's codes mean in the module's messages (`reports.errors.photo.*`, `reports.errors.evidence.*`). */
const FILE_REASONS: Record<string, string> = { FILE_TOO_LARGE: 'too_large', FILE_TYPE_NOT_ALLOWED: 'type_not_allowed', FILE_EMPTY: 'empty' };

/**
 * The files sent in one input of a multipart form (`registerMultipart` scope). A file the
 * platform refused (too large, wrong type, empty, too many) becomes a VALIDATION_FAILED on the
 * service's pointer (`/photos`, `/files`) with the module's message, so the page shows the form
 * again with what was typed; `tooMany` is the message key for too many files.
 */
export function uploadedFiles(request: FastifyRequest, input: string, upload: { pointer: string; messages: string; tooMany: string }): UploadedFile[] {
  try {
    return readMultipartForm(request).files[input] ?? [];
  } catch (error) {
    if (!isAppError(error)) throw error;
    const reason = FILE_REASONS[error.code];
    if (reason) throw new AppError('VALIDATION_FAILED', { fields: [{ field: upload.pointer, messageKey: `${upload.messages}.${reason}` }], cause: error });
    if (error.code === 'TOO_MANY_FILES') throw new AppError('VALIDATION_FAILED', { fields: [{ field: upload.pointer, messageKey: upload.tooMany, params: error.params }], cause: error });
    throw error;
  }
}

export const coordinate = (text: string): number | null => {
  if (!text) return null;
  const n = Number(text.replace(',', '.'));
  return Number.isFinite(n) ? n : 999; // out of range: the service reports it
};

export type PageContext = ReturnType<typeof createPageContext>;

/** Helpers of one registration of the pages (the territory tree is cached a minute). */
export function createPageContext(deps: Deps) {
  // Territories change only when the registry is reloaded: keep the flattened tree a minute.
  let territoryCache: { at: number; all: Territory[] } | undefined;
  const territories = async (): Promise<Territory[]> => {
    if (territoryCache && Date.now() - territoryCache.at < 60_000) return territoryCache.all;
    const all: Territory[] = [];
    const walk = async (parent: string | null) => {
      for (const child of await listTerritories(deps, parent)) {
        all.push(child);
        await walk(child.code);
      }
    };
    await walk(null);
    territoryCache = { at: Date.now(), all };
    return all;
  };
  const territoryOptions = async (): Promise<ChoiceOption[]> => {
    const all = await territories();
    const byCode = new Map(all.map((x) => [x.code, x]));
    return all.map((x) => ({ value: x.code, label: x.path.map((c) => byCode.get(c)?.name ?? c).join(' › ') }));
  };
  const councilOptions = async (): Promise<ChoiceOption[]> => {
    const all = await territories();
    return all.filter((x) => x.level === 'consejo_comunal' || x.level === 'comuna').map((x) => ({ value: x.code, label: x.name }));
  };
  const agencyOptions = async (): Promise<ChoiceOption[]> => (await listAgencies(deps)).map((a) => ({ value: a.code, label: `${a.name} (${a.acronym})` }));
  const formatting = async (request: FastifyRequest): Promise<Formatting> => {
    const all = await territories();
    const names = new Map(all.map((x) => [x.code, x.name]));
    const categories = new Map((await listCategories(deps.db)).map((c) => [c.code, textIn(c.name, request.language)]));
    return {
      dateTime: request.format.dateTime,
      territoryName: (code) => (code ? (names.get(code) ?? code) : '—'),
      categoryName: (code) => categories.get(code) ?? code,
    };
  };
  const officialOf = async (request: FastifyRequest): Promise<Official | undefined> => {
    if (!request.current) return undefined;
    return officialFrom(request.current.account, await getRoles(deps, request.current.account.id));
  };
  const signInHref = (request: FastifyRequest) => `/ingresar?volver=${encodeURIComponent(request.url)}`;
  const home = (request: FastifyRequest) => [{ href: '/', label: request.t('portal.home.breadcrumb') }];
  const crumbs = (request: FastifyRequest) => [...home(request), { href: '/reportes', label: textIn(deps.country.terms.reportsName, request.language) }];
  return { territories, territoryOptions, councilOptions, agencyOptions, formatting, officialOf, signInHref, home, crumbs };
}
