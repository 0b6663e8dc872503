// Advisories (docs/cgii.md#advisories): each entity's security contacts declare the products and
// versions it runs; the centre's analysts publish an advisory (affected products and versions,
// recommended actions, severity, TLP) to every entity in the register or to those whose declared
// products match; the entities' contacts get a mailbox notice (outbox event, retried job) and read
// it on their page, the first read of each entity being its read receipt (recorded once). Only
// TLP:CLEAR advisories are public (the bulletin); the others are seen by the centre and the
// entities they went to.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError, isAppError } from '../../platform/errors.ts';
import { emitEvent, type DomainEvent } from '../../platform/events/outbox.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import { claimIdempotencyKey, type IdempotencyClaim } from '../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../platform/module.ts';
import { listAgencies } from '../agencies/index.ts';
import { findAgencyStaff } from '../identity/index.ts';
import { notifyAccount } from '../mailbox/index.ts';
import {
  type Advisory,
  type AdvisoryContent,
  allDeclaredProducts,
  findAdvisory,
  insertAdvisory,
  listAdvisories,
  listProducts,
  listReceipts,
  markFirstRead,
  recipientCodes,
  type Product,
  type Receipt,
  replaceProducts,
} from './advisory.queries.ts';
import { CGII_CONTACT, centreAgency, SEVERITIES, type Severity, TLPS, type Tlp, type Viewer } from './cgii.types.ts';

export type { Advisory, AdvisoryContent, AdvisoryEdit, Product, Receipt } from './advisory.queries.ts';
export const ADVISORY_TOPIC = 'cgii.advisory_published';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CVE = /^CVE-\d{4}-\d{4,7}$/;

type Person = Viewer & { kind: 'person' };

/**
 * Products one a line, `name: version, version` (no colon: any version), e.g.
 * `Apache HTTP Server: 2.4.57, 2.4.58`; null when a line is not one (or too many).
 */
export function parseProductLines(text: string): Product[] | null {
  const products = new Map<string, Product>();
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const at = line.indexOf(':');
    const name = (at < 0 ? line : line.slice(0, at)).trim().replace(/\s+/g, ' ');
    const versions =
      at < 0
        ? []
        : [
            ...new Set(
              line
                .slice(at + 1)
                .split(',')
                .map((v) => v.trim())
                .filter(Boolean),
            ),
          ];
    if (!name || name.length > 200 || versions.length > 50 || versions.some((v) => v.length > 50)) return null;
    const earlier = products.get(name.toLowerCase());
    products.set(name.toLowerCase(), earlier ? { name: earlier.name, versions: [...new Set([...earlier.versions, ...versions])] } : { name, versions });
  }
  return products.size <= 200 ? [...products.values()] : null;
}
export const productLines = (products: Product[]): string => products.map((p) => (p.versions.length > 0 ? `${p.name}: ${p.versions.join(', ')}` : p.name)).join('\n');

/** An entity runs an affected product: the same name (any case) and a common version (no versions on either side: any). */
export function affects(affected: Product[], declared: Product[]): boolean {
  return affected.some((a) =>
    declared.some((d) => d.name.toLowerCase() === a.name.toLowerCase() && (a.versions.length === 0 || d.versions.length === 0 || a.versions.some((v) => d.versions.includes(v)))),
  );
}

function requireContactOf(viewer: Viewer, agencyCode: string): asserts viewer is Person {
  if (viewer.kind !== 'person' || !viewer.contactOf.includes(agencyCode)) throw new AppError('CGII_FORBIDDEN');
}

/** The products an entity declares (its contacts and the centre's analysts may see them). */
export async function declaredProducts(deps: Pick<Deps, 'db'>, viewer: Viewer, agencyCode: string): Promise<Product[]> {
  if (!(viewer.kind === 'person' && viewer.analyst)) requireContactOf(viewer, agencyCode);
  return listProducts(deps.db, agencyCode);
}

/** An entity's contact declares the products it runs (replacing the earlier list); audited. */
export async function declareProducts(deps: Pick<Deps, 'db'>, viewer: Viewer, agencyCode: string, text: string, requestId?: string | null): Promise<Product[]> {
  requireContactOf(viewer, agencyCode);
  const products = parseProductLines(text);
  if (!products) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'productos', messageKey: 'cgii.errors.products' }] });
  await deps.db.transaction().execute(async (trx) => {
    await replaceProducts(trx, agencyCode, products, viewer.accountId);
    await recordAudit(trx, {
      actor: { type: 'person', id: viewer.accountId },
      action: 'cgii.products_declared',
      subject: { type: 'agency', id: agencyCode },
      data: { products: products.length },
      requestId,
    });
  });
  return products;
}

export interface AdvisoryInput {
  title: string;
  description: string;
  actions: string;
  products: string;
  cve: string;
  severity: string;
  tlp: string;
  audience: string;
}

/** The fields an advisory's form gives (to publish or edit it), checked; a validation failure names each bad field. */
export function advisoryContent(input: Omit<AdvisoryInput, 'audience'>): AdvisoryContent {
  const fields: FieldError[] = [];
  const title = input.title.trim();
  const description = input.description.trim();
  const actions = input.actions.trim();
  if (!title || title.length > 200) fields.push({ field: 'titulo', messageKey: 'cgii.errors.title' });
  if (!description || description.length > 20000) fields.push({ field: 'descripcion', messageKey: 'cgii.errors.advisoryDescription' });
  if (!actions || actions.length > 20000) fields.push({ field: 'acciones', messageKey: 'cgii.errors.actions' });
  const products = parseProductLines(input.products);
  if (!products) fields.push({ field: 'productos', messageKey: 'cgii.errors.products' });
  const cve = [
    ...new Set(
      input.cve
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((c) => c.toUpperCase()),
    ),
  ];
  if (!validCves(cve)) fields.push({ field: 'cve', messageKey: 'cgii.errors.cve' });
  if (!(SEVERITIES as readonly string[]).includes(input.severity)) fields.push({ field: 'severidad', messageKey: 'cgii.errors.severity' });
  if (!(TLPS as readonly string[]).includes(input.tlp)) fields.push({ field: 'tlp', messageKey: 'cgii.errors.tlp' });
  if (fields.length > 0 || !products) throw new AppError('VALIDATION_FAILED', { fields });
  return { title, description, actions, products, cve, severity: input.severity as Severity, tlp: input.tlp as Tlp };
}
export const validCves = (cve: unknown[]): boolean => cve.length <= 50 && cve.every((c) => typeof c === 'string' && CVE.test(c));

/** An analyst publishes an advisory; answers it with the entities it went to. A form's claim makes a burst publish once. */
export async function publishAdvisory(
  deps: Pick<Deps, 'db' | 'country'>,
  viewer: Viewer,
  input: AdvisoryInput,
  options: { requestId?: string | null; claim?: IdempotencyClaim; at?: Date } = {},
): Promise<{ advisory: Advisory; recipients: string[] }> {
  if (viewer.kind !== 'person' || !viewer.analyst) throw new AppError('CGII_FORBIDDEN');
  const fields: FieldError[] = [];
  let content: AdvisoryContent | undefined;
  try {
    content = advisoryContent(input);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
    fields.push(...error.fields);
  }
  const audience = input.audience === 'productos' ? 'products' : input.audience === 'todas' ? 'all' : null;
  if (audience === 'products' && content?.products.length === 0) fields.push({ field: 'productos', messageKey: 'cgii.errors.products' });
  if (!audience) fields.push({ field: 'destino', messageKey: 'cgii.errors.audience' });
  if (fields.length > 0 || !audience || !content) throw new AppError('VALIDATION_FAILED', { fields });
  const { products } = content;
  const id = crypto.randomUUID();
  const publishedAt = options.at ?? new Date();
  const advisory: Advisory = {
    id,
    code: `CGII-AV-${publishedAt.getUTCFullYear()}-${id.replaceAll('-', '').slice(-6).toUpperCase()}`,
    ...content,
    audience,
    author: viewer.accountId,
    publishedAt,
    version: 1,
    modifiedAt: null,
    withdrawnAt: null,
    withdrawnBy: null,
    withdrawalReason: null,
  };
  const centre = centreAgency(deps.country.code);
  const recipients =
    audience === 'all'
      ? (await listAgencies(deps)).map((a) => a.code).filter((c) => c !== centre)
      : [
          ...new Set(
            (await allDeclaredProducts(deps.db))
              .filter((d) => affects(products, [d]))
              .map((d) => d.agencyCode)
              .filter((c) => c !== centre),
          ),
        ].sort();
  await deps.db.transaction().execute(async (trx) => {
    if (options.claim) await claimIdempotencyKey(trx, options.claim, id);
    await insertAdvisory(trx, advisory, recipients);
    await recordAudit(trx, {
      actor: { type: 'person', id: viewer.accountId },
      action: 'cgii.advisory_published',
      subject: { type: 'cgii_advisory', id },
      data: { tlp: advisory.tlp, severity: advisory.severity, audience, recipients: recipients.length },
      requestId: options.requestId,
    });
    if (recipients.length > 0) await emitEvent(trx, ADVISORY_TOPIC, { advisoryId: id, code: advisory.code, agencies: recipients });
  });
  return { advisory, recipients };
}

/** The advisories a viewer may see: every one for the centre's analysts, those sent to their entities for contacts. */
export function advisoriesFor(deps: Pick<Deps, 'db'>, viewer: Viewer): Promise<Advisory[]> {
  if (viewer.kind === 'person' && viewer.analyst) return listAdvisories(deps.db, { all: true });
  if (viewer.kind === 'person' && viewer.contactOf.length > 0) return listAdvisories(deps.db, { agencies: viewer.contactOf });
  return Promise.resolve([]);
}

/**
 * An advisory as this viewer may see it: the centre's analysts (with the receipts of every entity
 * it went to) or a contact of one of those entities, whose read is its entity's first read if none
 * came before (recorded once, audited). Anyone else: not found, whatever its marking.
 */
export async function readAdvisory(deps: Pick<Deps, 'db'>, viewer: Viewer, id: string, requestId?: string | null): Promise<{ advisory: Advisory; receipts: Receipt[] }> {
  const advisory = UUID.test(id) ? await findAdvisory(deps.db, id) : undefined;
  if (!advisory || viewer.kind !== 'person') throw new AppError('CGII_NOT_FOUND');
  const receipts = await listReceipts(deps.db, id);
  if (viewer.analyst) return { advisory, receipts };
  const mine = receipts.filter((r) => viewer.contactOf.includes(r.agencyCode));
  if (mine.length === 0) throw new AppError('CGII_NOT_FOUND');
  const now = new Date();
  for (const r of mine.filter((m) => !m.firstReadAt)) {
    await deps.db.transaction().execute(async (trx) => {
      if (!(await markFirstRead(trx, id, r.agencyCode, viewer.accountId, now))) return;
      await recordAudit(trx, { actor: { type: 'person', id: viewer.accountId }, action: 'cgii.advisory_read', subject: { type: 'cgii_advisory', id }, data: { agency: r.agencyCode }, requestId });
    });
  }
  return { advisory, receipts: [] };
}

/** The public bulletin's advisories: TLP:CLEAR only. */
export const publicAdvisories = (deps: Pick<Deps, 'db'>): Promise<Advisory[]> => listAdvisories(deps.db, { public: true });

/** One advisory of the bulletin; any other marking is "not found" (as a missing one). */
export async function publicAdvisory(deps: Pick<Deps, 'db'>, id: string): Promise<Advisory> {
  const advisory = UUID.test(id) ? await findAdvisory(deps.db, id) : undefined;
  if (advisory?.tlp !== 'clear') throw new AppError('CGII_NOT_FOUND');
  return advisory;
}

/**
 * The handler of `cgii.advisory_published`: one mailbox notice per security contact of each
 * entity it went to, keyed by the advisory (a retry sends nothing twice). The notice names only
 * the code and the link: the content stays behind the sign-in, where TLP is enforced.
 */
export async function noticeAdvisory(event: DomainEvent, deps: Deps): Promise<void> {
  // An edit's re-notification names its version (a notice of its own, keyed by it).
  const p = event.payload as { advisoryId: string; code: string; agencies: string[]; version?: number };
  const edited = (p.version ?? 1) > 1;
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  for (const agencyCode of p.agencies) {
    for (const contact of await findAgencyStaff(deps, agencyCode, [CGII_CONTACT])) {
      await notifyAccount(deps, {
        accountId: contact.id,
        agencyCode: centreAgency(deps.country.code),
        subject: t(edited ? 'cgii.advisory.notice.editedSubject' : 'cgii.advisory.notice.subject', { code: p.code, version: p.version ?? 1 }),
        body: t(edited ? 'cgii.advisory.notice.editedBody' : 'cgii.advisory.notice.body', { code: p.code, agency: agencyCode, url: `${deps.config.publicUrl}/cgii/avisos/${p.advisoryId}` }),
        source: 'cgii',
        key: edited ? `cgii:advisory:${p.advisoryId}:v${p.version}:${contact.id}` : `cgii:advisory:${p.advisoryId}:${contact.id}`,
      });
    }
  }
}

/** The agency codes an advisory went to. */
export const recipientsOf = (deps: Pick<Deps, 'db'>, id: string): Promise<string[]> => recipientCodes(deps.db, id);
