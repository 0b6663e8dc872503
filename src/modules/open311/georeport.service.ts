// GeoReport v2 on top of the reports module: services are report categories, service
// requests are reports, expected_datetime is the legal deadline, and the FixMyStreet
// servicerequestupdates extension lists status changes and replies. Only reports' index.ts
// is used; this file maps between the two vocabularies.
import { timingSafeEqual } from 'node:crypto';
import { AppError, isAppError, type FieldError } from '../../platform/errors.ts';
import type { Locale, Translate } from '../../platform/i18n/i18n.ts';
import type { Deps } from '../../platform/module.ts';
import { hmac, purposeKeys, type KeyVersion } from '../../platform/keys/secrets.ts';
import { listAgencies } from '../agencies/index.ts';
import { getTerritory } from '../territories/index.ts';
import { createReport, findReport, listCategories, listReportUpdates, parseReportId, searchReports, type Category, type Report, type ReportStatus, type ReportUpdate } from '../reports/index.ts';
import { verifyApiKey } from './api-key.service.ts';
import { w3cDateTime, type Value } from './open311.format.ts';

type Row = Record<string, Value>;

const DAY_MS = 86_400_000;
/** The specification's defaults: the last 90 days, at most 1000 requests. */
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_REQUESTS = 1000;
const DESCRIPTION_MAX = 4000;

const OPEN_STATUSES: ReportStatus[] = ['received', 'in_progress'];
const CLOSED_STATUSES: ReportStatus[] = ['resolved', 'rejected', 'duplicate'];
const openOrClosed = (status: ReportStatus) => (OPEN_STATUSES.includes(status) ? 'open' : 'closed');

/**
 * Checks a jurisdiction_id: the country code (the whole country) or a territory code (the
 * requests located in it). Returns the territory to filter by, null for the whole country.
 */
export async function resolveJurisdiction(deps: Deps, jurisdictionId: string | undefined): Promise<string | null> {
  if (jurisdictionId === undefined || jurisdictionId === '') return null;
  if (jurisdictionId.toLowerCase() === deps.country.code) return null;
  try {
    return (await getTerritory(deps, jurisdictionId)).code;
  } catch (error) {
    if (isAppError(error)) throw new AppError('OPEN311_JURISDICTION_NOT_FOUND', { params: { id: jurisdictionId } });
    throw error;
  }
}

const text = (value: { es: string; en: string }, locale: Locale) => value[locale] || value.es;

/** How the answers are worded: the request's language and its catalog. */
export interface Wording {
  locale: Locale;
  t: Translate;
}

function serviceRow(category: Category, { locale, t }: Wording): Row {
  return {
    service_code: category.code,
    service_name: text(category.name, locale),
    description: text(category.description, locale) || null,
    metadata: category.questions.length > 0 || category.isAgencyComplaint,
    type: 'realtime',
    keywords: null,
    group: t(category.isAgencyComplaint ? 'open311.group.complaint' : 'open311.group.community'),
  };
}

export async function listServices(deps: Deps, query: { jurisdictionId?: string; wording: Wording }): Promise<Row[]> {
  await resolveJurisdiction(deps, query.jurisdictionId);
  return (await listCategories(deps.db)).map((category) => serviceRow(category, query.wording));
}

async function getCategory(deps: Deps, code: string): Promise<Category> {
  const category = (await listCategories(deps.db)).find((c) => c.code === code);
  if (!category) throw new AppError('OPEN311_SERVICE_NOT_FOUND', { params: { code } });
  return category;
}

/** The category's questions as GeoReport attributes. */
export async function getServiceDefinition(deps: Deps, query: { serviceCode: string; jurisdictionId?: string; wording: Wording }): Promise<Row> {
  const { locale, t } = query.wording;
  await resolveJurisdiction(deps, query.jurisdictionId);
  const category = await getCategory(deps, query.serviceCode);
  const subjectAgency: Row[] = category.isAgencyComplaint
    ? [
        {
          variable: true,
          code: SUBJECT_AGENCY_ATTRIBUTE,
          datatype: 'singlevaluelist',
          required: true,
          datatype_description: null,
          order: 0,
          description: t('open311.subjectAgency'),
          values: (await listAgencies(deps)).map((agency) => ({ key: agency.code, name: agency.name })),
        },
      ]
    : [];
  return {
    service_code: category.code,
    attributes: [
      ...subjectAgency,
      ...[...category.questions]
        .sort((a, b) => a.order - b.order)
        .map((question) => ({
          variable: true,
          code: question.code,
          datatype: question.datatype,
          required: question.required,
          datatype_description: null,
          order: question.order,
          description: text(question.description, locale),
          ...(question.values.length > 0 ? { values: question.values.map((v) => ({ key: v.key, name: text(v.name, locale) })) } : {}),
        })),
    ],
  };
}

/** What a request's service says: its name, and the legal time to answer. */
type Services = Map<string, { name: string; notice: string }>;

function serviceNotice(category: Category, { t }: Wording): string {
  return t('open311.serviceNotice', { days: category.legalResponseDays });
}

async function servicesFor(deps: Deps, wording: Wording): Promise<Services> {
  return new Map((await listCategories(deps.db)).map((c) => [c.code, { name: text(c.name, wording.locale), notice: serviceNotice(c, wording) }]));
}

function requestRow(deps: Deps, report: Report, services: Services): Row {
  const photo = report.photos[0];
  const service = services.get(report.categoryCode);
  return {
    service_request_id: String(report.id),
    status: openOrClosed(report.status),
    status_notes: report.statusReason,
    service_name: service?.name ?? null,
    service_code: report.categoryCode,
    description: report.description.slice(0, DESCRIPTION_MAX),
    agency_responsible: report.agencyName,
    service_notice: service?.notice ?? null,
    requested_datetime: w3cDateTime(report.createdAt),
    updated_datetime: w3cDateTime(report.updatedAt),
    expected_datetime: w3cDateTime(report.dueAt),
    address: report.address,
    address_id: null,
    zipcode: null,
    lat: report.lat,
    long: report.lon,
    media_url: photo ? `${deps.config.publicUrl}${photo.url}` : null,
  };
}

function parseDate(raw: string | undefined, field: string): Date | undefined {
  if (raw === undefined || raw === '') return undefined;
  // An unencoded `+01:00` in a query string arrives as ` 01:00`.
  const value = raw.replace(/(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$/, '$1+$2');
  const date = new Date(value);
  // W3C date-time (or a plain date); anything Date.parse accepts loosely is refused.
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) || Number.isNaN(date.getTime())) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field, messageKey: 'open311.errors.date' }] });
  }
  return date;
}

const commaList = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export interface RequestsQuery {
  jurisdictionId?: string;
  serviceRequestId?: string;
  serviceCode?: string;
  startDate?: string;
  endDate?: string;
  status?: string;
  /** FixMyStreet's extension: fewer than 1000. */
  maxRequests?: number;
  wording: Wording;
  now?: Date;
}

/** GET requests: by ids (other filters ignored, as the specification says) or by filters. */
export async function findServiceRequests(deps: Deps, query: RequestsQuery): Promise<Row[]> {
  const territoryCode = await resolveJurisdiction(deps, query.jurisdictionId);
  const services = await servicesFor(deps, query.wording);
  const limit = Math.min(MAX_REQUESTS, query.maxRequests ?? MAX_REQUESTS);
  if (query.serviceRequestId !== undefined && query.serviceRequestId !== '') {
    const ids = commaList(query.serviceRequestId)
      .map(parseReportId)
      .filter((id): id is number => id !== undefined);
    if (ids.length === 0) return [];
    const reports = await searchReports(deps.db, { ids: ids.slice(0, MAX_REQUESTS), limit: MAX_REQUESTS });
    return reports.map((report) => requestRow(deps, report, services));
  }
  const statuses = [...new Set(commaList(query.status).map((s) => s.toLowerCase()))];
  for (const status of statuses) {
    if (status !== 'open' && status !== 'closed') throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'status', messageKey: 'open311.errors.status' }] });
  }
  const now = query.now ?? new Date();
  let startDate = parseDate(query.startDate, 'start_date');
  const endDate = parseDate(query.endDate, 'end_date');
  if (!startDate && !endDate) startDate = new Date(now.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  else if (!startDate && endDate) startDate = new Date(endDate.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  if (startDate && endDate && startDate > endDate) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'end_date', messageKey: 'open311.errors.dateOrder' }] });
  }
  const serviceCodes = commaList(query.serviceCode);
  const reports = await searchReports(deps.db, {
    categoryCodes: serviceCodes.length > 0 ? serviceCodes : undefined,
    status: statuses.length === 0 || statuses.length === 2 ? undefined : statuses[0] === 'open' ? OPEN_STATUSES : CLOSED_STATUSES,
    startDate,
    endDate,
    territoryCode: territoryCode ?? undefined,
    limit,
  });
  return reports.map((report) => requestRow(deps, report, services));
}

export async function getServiceRequest(deps: Deps, query: { id: string; jurisdictionId?: string; wording: Wording }): Promise<Row> {
  await resolveJurisdiction(deps, query.jurisdictionId);
  const id = parseReportId(query.id);
  const report = id === undefined ? undefined : await findReport(deps.db, id);
  if (!report) throw new AppError('OPEN311_REQUEST_NOT_FOUND', { params: { id: query.id } });
  return requestRow(deps, report, await servicesFor(deps, query.wording));
}

/**
 * The token of a request: its id and a MAC of it under a version of the `open311-tokens` key
 * (the current one by default), so that tokens/{token} needs no table and a POST writes
 * nothing besides the report itself.
 */
function tokenFor(deps: Deps, reportId: string, key: KeyVersion = purposeKeys(deps.config, 'open311-tokens').current): string {
  return `${reportId}-${hmac(key, `open311-token:${reportId}`, 'base64url').slice(0, 16)}`;
}

export async function getRequestToken(deps: Deps, token: string): Promise<Row> {
  const id = /^(\d{1,15})-[\w-]{16}$/.exec(token)?.[1];
  const given = Buffer.from(token);
  // A token is kept by whoever filed the request: it stays valid under every version of the key.
  const valid =
    id !== undefined &&
    purposeKeys(deps.config, 'open311-tokens').versions.some((key) => {
      const expected = Buffer.from(tokenFor(deps, id, key));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  if (!valid || !(await findReport(deps.db, Number(id)))) throw new AppError('OPEN311_TOKEN_NOT_FOUND', { params: { token } });
  return { service_request_id: id!, token };
}

export interface NewServiceRequest {
  apiKey?: string;
  jurisdictionId?: string;
  serviceCode?: string;
  lat?: string;
  long?: string;
  addressString?: string;
  addressId?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  description?: string;
  /** attribute[code] → value(s). */
  attributes: Record<string, string | string[]>;
  /** The Idempotency-Key header: a retry with it (same application key) gives the first request back. */
  idempotencyKey?: string;
}

const field = (name: string, messageKey: string): FieldError => ({ field: name, messageKey });

/** Complaint categories ask which agency the complaint is about through this attribute. */
export const SUBJECT_AGENCY_ATTRIBUTE = 'subject_agency';

/** Reports' field pointers in GeoReport's names. */
function toOpen311Field(error: FieldError): FieldError {
  const names: Record<string, string> = {
    '/categoryCode': 'service_code',
    '/description': 'description',
    '/lat': 'lat',
    '/lon': 'long',
    '/address': 'address_string',
    '/territoryCode': 'jurisdiction_id',
    '/subjectAgencyCode': `attribute[${SUBJECT_AGENCY_ATTRIBUTE}]`,
  };
  const answer = /^\/answers\/(.+)$/.exec(error.field);
  return { ...error, field: answer ? `attribute[${answer[1]}]` : (names[error.field] ?? error.field.replace(/^\//, '')) };
}

function parseCoordinate(value: string | undefined, name: string, limit: number, problems: FieldError[]): number | null {
  if (value === undefined || value.trim() === '') return null;
  const number = Number(value);
  if (!Number.isFinite(number) || Math.abs(number) > limit) {
    problems.push(field(name, 'open311.errors.coordinate'));
    return null;
  }
  return number;
}

/**
 * POST requests: the application's key, then the specification's required fields, then the
 * report itself (reports validates the category's questions). Returns the new request's id
 * and a token for tokens/{token}.
 */
export async function submitServiceRequest(deps: Deps, input: NewServiceRequest, wording: Wording, requestId?: string): Promise<Row> {
  const apiKey = input.apiKey ? await verifyApiKey(deps, input.apiKey) : undefined;
  if (!apiKey) throw new AppError('OPEN311_INVALID_API_KEY');
  const territoryCode = await resolveJurisdiction(deps, input.jurisdictionId);
  if (!input.serviceCode) throw new AppError('VALIDATION_FAILED', { fields: [field('service_code', 'open311.errors.required')] });
  const category = await getCategory(deps, input.serviceCode);
  const problems: FieldError[] = [];
  const lat = parseCoordinate(input.lat, 'lat', 90, problems);
  const lon = parseCoordinate(input.long, 'long', 180, problems);
  if ((lat === null) !== (lon === null) && problems.length === 0) problems.push(field(lat === null ? 'lat' : 'long', 'open311.errors.required'));
  const address = input.addressString?.trim() || null;
  const addressId = input.addressId?.trim() || null;
  if (lat === null && lon === null && !address && !addressId && problems.length === 0) problems.push(field('lat', 'open311.errors.location'));
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const name = [input.firstName, input.lastName]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(' ');
  const contact = { ...(name ? { name } : {}), ...(input.email?.trim() ? { email: input.email.trim() } : {}), ...(input.phone?.trim() ? { phone: input.phone.trim() } : {}) };
  const { [SUBJECT_AGENCY_ATTRIBUTE]: subjectAgency, ...answers } = input.attributes;
  const { report } = await createReport(
    deps,
    {
      categoryCode: input.serviceCode,
      // The specification makes description optional; a report needs one: the service's name.
      description: input.description?.trim() || category.name.es,
      answers,
      subjectAgencyCode: typeof subjectAgency === 'string' ? subjectAgency : null,
      lat,
      lon,
      address: address ?? (addressId ? `address_id ${addressId}` : null),
      territoryCode,
      contact: Object.keys(contact).length > 0 ? contact : null,
      source: 'open311',
    },
    { actor: { type: 'client', id: apiKey.id }, requestId, idempotencyKey: input.idempotencyKey },
  ).catch((error: unknown) => {
    throw isAppError(error) && error.code === 'VALIDATION_FAILED' ? new AppError('VALIDATION_FAILED', { fields: error.fields.map(toOpen311Field) }) : error;
  });
  return { service_request_id: String(report.id), token: tokenFor(deps, String(report.id)), service_notice: serviceNotice(category, wording), account_id: null };
}

export interface UpdatesQuery {
  jurisdictionId?: string;
  startDate?: string;
  endDate?: string;
  maxUpdates?: number;
  now?: Date;
}

const FMS_STATUS: Record<ReportStatus, string> = {
  received: 'OPEN',
  in_progress: 'IN_PROGRESS',
  resolved: 'FIXED',
  rejected: 'NO_FURTHER_ACTION',
  duplicate: 'DUPLICATE',
};

/** FixMyStreet's servicerequestupdates: status changes and replies in a time window. */
export async function listServiceRequestUpdates(deps: Deps, query: UpdatesQuery): Promise<Row[]> {
  await resolveJurisdiction(deps, query.jurisdictionId);
  const now = query.now ?? new Date();
  const until = parseDate(query.endDate, 'end_date') ?? now;
  const since = parseDate(query.startDate, 'start_date') ?? new Date(until.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  if (since > until) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'end_date', messageKey: 'open311.errors.dateOrder' }] });
  const updates = await listReportUpdates(deps.db, { since, until, limit: Math.min(MAX_REQUESTS, query.maxUpdates ?? MAX_REQUESTS) });
  return updates.map((update: ReportUpdate) => ({
    update_id: String(update.id),
    service_request_id: String(update.reportId),
    status: FMS_STATUS[update.status],
    updated_datetime: w3cDateTime(update.at),
    description: update.text ?? '',
    media_url: null,
  }));
}
