// Signed documents (docs/signed-documents.md): issuing a case's certificate when it is
// approved (render → sign → store by SHA-256 → audit with the hash → deliver to the mailbox),
// the person's list, verification by code or by file, and revocation by the agency.
import { randomBytes } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.ts';
import { localDate } from '../../platform/country/business-days.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/outbox.ts';
import { readFile, sha256Hex, storeFile } from '../../platform/files/index.ts';
import { createFormatter } from '../../platform/i18n/format.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import type { Deps } from '../../platform/module.ts';
import { hasRole } from '../../platform/contract/roles.ts';
import { type PdfVerification, signingService } from '../../platform/signing/index.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { getAgency } from '../agencies/index.ts';
import { type Account, findAccount, getRoles, roleGrantsOf } from '../identity/index.ts';
import { deliverMessage } from '../mailbox/index.ts';
import {
  findAccountDocuments,
  findAgencyDocuments,
  findDocumentByCode,
  findDocumentByHash,
  findDocumentByNumber,
  findDocumentBySource,
  findDocumentOfCase,
  findLatestVersion,
  findTemplate,
  insertDocumentAudited,
  nextDocumentNumber,
  revokeDocument,
} from './documents.queries.ts';
import { CODE_PATTERN, type DocumentKind, type DocumentVerification, groupCode, type IssuedDocument, normalizeCode } from './documents.types.ts';
import { pdfLabels, renderDocumentPdf } from './render.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A verification code: 100 random bits, 20 characters of Crockford's base32. */
export function newVerificationCode(): string {
  const bytes = randomBytes(20);
  return [...bytes].map((b) => CROCKFORD[b & 31]).join('');
}

export const verifyUrl = (deps: Pick<Deps, 'config'>, code: string): string => `${deps.config.publicUrl}/verificar/${code}`;

/** A template's text with its `{placeholders}` filled in (unknown ones left as written). */
export const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

export interface CaseDecision {
  caseId: string;
  procedureId: string | null;
  procedureName: string;
  trackingCode: string;
  accountId: string;
  agencyCode: string;
  outcome: 'approved' | 'rejected';
}

/**
 * Issues the document of a decided case once (a retry finds it and writes nothing); answers
 * it, or undefined when the person's account is gone or no template applies.
 */
export async function issueCaseDocument(deps: Deps, decision: CaseDecision, requestId: string | null = null): Promise<IssuedDocument | undefined> {
  const existing = await findDocumentOfCase(deps.db, decision.caseId);
  if (existing) return existing;
  const template = await findTemplate(deps.db, decision.procedureId, decision.outcome);
  if (!template) return undefined;
  return issueSigned(deps, {
    accountId: decision.accountId,
    agencyCode: decision.agencyCode,
    kind: template.kind,
    title: template.title,
    body: template.body,
    values: { procedure: decision.procedureName, tracking: decision.trackingCode },
    caseId: decision.caseId,
    sourceKey: null,
    audit: { caseId: decision.caseId },
    requestId,
    existing: () => findDocumentOfCase(deps.db, decision.caseId),
  });
}

/** A document another module has issued (a payment receipt, a mailbox notice): see issueDocument. */
export type DocumentRequest = DocumentContent &
  (
    | {
        /** The holder's account (its name and identity document are printed; "Mis documentos" lists it). */
        accountId: string;
        holder?: never;
      }
    | {
        accountId?: never;
        /** A holder without an account: printed as given, delivered on paper, in no one's "Mis documentos". */
        holder: { name: string; document: string };
      }
  );

interface DocumentContent {
  kind: 'receipt' | 'notice' | 'certificate';
  /** What the document is of, e.g. `payments:<payment id>`: one document per key (a retry answers the first). */
  sourceKey: string;
  /** The issuing agency (its name, seal and signing certificate). */
  agencyCode: string;
  /** Title and body; `{holder}`, `{document}`, `{agency}`, `{date}` and the given `values` are filled in. */
  title: string;
  body: string;
  values?: Record<string, string>;
}

/**
 * Issues a signed document for another module (payment receipts, mailbox notices), once per
 * `sourceKey`: rendered, signed by the agency (PAdES), stored by hash and audited like a
 * case's certificate, verifiable at /verificar. Answers it, or undefined when the holder's
 * account is gone. Deliver it with `deliverDocument` when it should reach the mailbox.
 */
export async function issueDocument(deps: Deps, request: DocumentRequest, requestId: string | null = null): Promise<IssuedDocument | undefined> {
  const existing = await findDocumentBySource(deps.db, request.sourceKey);
  if (existing) return existing;
  const { holder, accountId, ...rest } = request;
  return issueSigned(deps, {
    ...rest,
    accountId: accountId ?? null,
    unregistered: holder,
    values: request.values ?? {},
    caseId: null,
    audit: { sourceKey: request.sourceKey },
    requestId,
    existing: () => findDocumentBySource(deps.db, request.sourceKey),
  });
}

interface IssueSpec {
  accountId: string | null;
  /** The holder when there is no account (accountId null). */
  unregistered?: { name: string; document: string };
  agencyCode: string;
  kind: DocumentKind;
  title: string;
  body: string;
  values: Record<string, string>;
  caseId: string | null;
  sourceKey: string | null;
  audit: Record<string, string>;
  requestId: string | null;
  /** The document already issued for the same case or key (when a parallel issuance won). */
  existing: () => Promise<IssuedDocument | undefined>;
}

/** The last day a document issued now is kept: the country profile's years, from today in the country's calendar. */
export function retainUntil(deps: Pick<Deps, 'country'>, now: Date): string {
  const [year, month, day] = localDate(deps.country, now).split('-').map(Number) as [number, number, number];
  // 29 February of a year without one becomes 1 March (Date.UTC rolls it over).
  return new Date(Date.UTC(year + deps.country.documentRetentionYears, month - 1, day)).toISOString().slice(0, 10);
}

/** Render, sign, store by hash, insert with its audit entry: one issuance. */
async function issueSigned(deps: Deps, spec: IssueSpec): Promise<IssuedDocument | undefined> {
  const [account, agency] = await Promise.all([spec.accountId ? findAccount(deps, spec.accountId) : undefined, getAgency(deps, spec.agencyCode)]);
  const holder = account ? { name: `${account.givenName} ${account.familyName}`, document: `${account.documentType} ${account.documentNumber}` } : spec.unregistered;
  if (!holder) return undefined;
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const now = new Date();
  const id = uuidv7();
  const code = newVerificationCode();
  const number = `${agency.code}-${now.getUTCFullYear()}-${String(await nextDocumentNumber(deps.db)).padStart(6, '0')}`;
  const holderName = holder.name;
  const holderDocument = holder.document;
  const dateText = createFormatter(DEFAULT_LOCALE, deps.catalogs).date(now);
  const values = { ...spec.values, holder: holderName, document: holderDocument, agency: agency.name, date: dateText };
  const title = fill(spec.title, values);
  const pdf = await renderDocumentPdf({
    agencyName: agency.name,
    agencyAcronym: agency.acronym || agency.code,
    title,
    number,
    dateText,
    holderName,
    holderDocument,
    body: fill(spec.body, values),
    codeText: groupCode(code),
    verifyUrl: verifyUrl(deps, code),
    labels: pdfLabels(t, agency.name),
  });
  const signed = await signingService(deps).signPdf(pdf, { code: agency.code, name: agency.name }, { reason: title });
  const sha256 = sha256Hex(signed);
  const inserted = await deps.db.transaction().execute(async (trx) => {
    await storeFile(trx, signed, 'application/pdf');
    return insertDocumentAudited(
      trx,
      {
        id,
        number,
        verificationCode: code,
        caseId: spec.caseId,
        sourceKey: spec.sourceKey,
        accountId: account?.id ?? null,
        agencyCode: agency.code,
        agencyName: agency.name,
        kind: spec.kind,
        title,
        holderName,
        holderDocument,
        sha256,
        retainUntil: retainUntil(deps, now),
      },
      {
        audit: {
          actor: { type: 'system', id: 'documents' },
          action: 'documents.document_issued',
          subject: { type: 'document', id },
          data: { sha256, number, agencyCode: agency.code, kind: spec.kind, ...spec.audit },
          requestId: spec.requestId,
        },
      },
    );
  });
  // Another process issued it first (its row stands; this PDF was never recorded).
  if (!inserted) return spec.existing();
  return (await findDocumentByCode(deps.db, code))!;
}

/** Delivers an issued document to its holder's mailbox, once (the document's id is the key). */
export async function deliverDocument(deps: Deps, document: IssuedDocument, account?: Account): Promise<void> {
  // A holder without an account has no mailbox: their document is handed over on paper.
  const holder = account ?? (document.accountId ? await findAccount(deps, document.accountId) : undefined);
  const file = await readFile(deps.db, document.sha256);
  if (!holder || !file) return;
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const params = { title: document.title, number: document.number, code: groupCode(document.verificationCode), url: verifyUrl(deps, document.verificationCode) };
  await deliverMessage(
    deps,
    { clientId: 'tambo:documents', agencyCode: document.agencyCode, actor: { type: 'system', id: 'documents' } },
    {
      recipient: { documentType: holder.documentType, documentNumber: holder.documentNumber },
      subject: t('documents.notice.subject', params),
      body: t('documents.notice.body', params),
      attachments: [{ filename: `${document.number}.pdf`, content: file.content.toString('base64') }],
    },
    { idempotencyKey: `documents:${document.id}` },
  );
}

/** The `cases.decided` subscriber: an approved case gets its signed certificate in the mailbox. */
export async function onCaseDecided(event: DomainEvent, deps: Deps): Promise<void> {
  const p = event.payload;
  if (p.outcome !== 'approved' || p.expired) return;
  const document = await issueCaseDocument(deps, {
    caseId: String(p.caseId),
    procedureId: typeof p.procedureId === 'string' ? p.procedureId : null,
    procedureName: String(p.procedureName ?? ''),
    trackingCode: String(p.trackingCode ?? ''),
    accountId: String(p.accountId),
    agencyCode: String(p.agencyCode),
    outcome: 'approved',
  });
  if (document) await deliverDocument(deps, document);
}

export const listMyDocuments = (deps: Pick<Deps, 'db'>, accountId: string) => findAccountDocuments(deps.db, accountId);

/** A document's newest file: its last archived version (B-LTA, archive.service.ts), else the file it was issued as. */
async function currentFile(deps: Pick<Deps, 'db'>, document: IssuedDocument) {
  const latest = await findLatestVersion(deps.db, document.id);
  return readFile(deps.db, latest?.sha256 ?? document.sha256);
}

/** The document issued for a source key with its newest file, for the module that issued it (e.g. to print it); undefined when none. */
export async function getSourceDocumentFile(deps: Pick<Deps, 'db'>, sourceKey: string): Promise<{ document: IssuedDocument; content: Buffer } | undefined> {
  const document = await findDocumentBySource(deps.db, sourceKey);
  const file = document ? await currentFile(deps, document) : undefined;
  return document && file ? { document, content: file.content } : undefined;
}

/** One of the person's own documents with its bytes, the newest version (anyone else's: not found). */
export async function getMyDocumentFile(deps: Pick<Deps, 'db'>, accountId: string, id: string): Promise<{ document: IssuedDocument; content: Buffer }> {
  const document = (await findAccountDocuments(deps.db, accountId)).find((d) => d.id === id);
  const file = document ? await currentFile(deps, document) : undefined;
  if (!document || !file) throw new AppError('DOCUMENTS_NOT_FOUND');
  return { document, content: file.content };
}

function statusOf(document: IssuedDocument | null, signature: PdfVerification): DocumentVerification['status'] {
  if (document?.revokedAt || signature.problems.includes('certificate_revoked')) return 'revoked';
  return signature.status === 'valid' ? 'valid' : 'invalid';
}

/**
 * Verification by code: the document Tambo issued under it, its newest version (archive
 * timestamps added: B-LTA) checked again. Unknown codes: not found.
 */
export async function verifyByCode(deps: Deps, typed: string): Promise<DocumentVerification & { content: Buffer }> {
  const code = normalizeCode(typed);
  const document = CODE_PATTERN.test(code) ? await findDocumentByCode(deps.db, code) : undefined;
  const file = document ? await currentFile(deps, document) : undefined;
  if (!document || !file) throw new AppError('DOCUMENTS_NOT_FOUND');
  const signature = await signingService(deps).verifyPdf(file.content);
  return { document, status: statusOf(document, signature), signature, content: file.content };
}

/**
 * Verification of a file: whether it is exactly a document Tambo issued (as issued or one of
 * its archived versions), and whether its signature holds (any signer).
 */
export async function verifyFile(deps: Deps, bytes: Buffer): Promise<{ document: IssuedDocument | null; status: DocumentVerification['status'] | 'unsigned'; signature: PdfVerification }> {
  const document = (await findDocumentByHash(deps.db, sha256Hex(bytes))) ?? null;
  const signature = await signingService(deps).verifyPdf(bytes);
  return { document, status: signature.status === 'unsigned' ? 'unsigned' : statusOf(document, signature), signature };
}

async function agencyStaff(deps: Deps, account: Account, agencyCode: string): Promise<boolean> {
  const grants = roleGrantsOf(account, await getRoles(deps, account.id));
  return ['agency_admin', 'case_handler'].some((role) => hasRole(grants, { role, agency: agencyCode }));
}

/** The documents of the agencies where the person is an agency admin or case handler. */
export async function listAgencyDocuments(deps: Deps, account: Account): Promise<IssuedDocument[]> {
  const roles = await getRoles(deps, account.id);
  const agencies = [...new Set(roles.filter((r) => r.agencyCode && ['agency_admin', 'case_handler'].includes(r.role)).map((r) => r.agencyCode!))];
  return findAgencyDocuments(deps.db, agencies);
}

/** Revokes a document of the official's agency with a reason (audited); verification then says revoked. */
export async function revokeIssuedDocument(deps: Deps, account: Account, number: string, reason: string, requestId: string | null): Promise<IssuedDocument> {
  const document = await findDocumentByNumber(deps.db, number);
  if (!document || !(await agencyStaff(deps, account, document.agencyCode))) throw new AppError('DOCUMENTS_NOT_FOUND');
  const text = reason.trim();
  if (text.length < 5 || text.length > 1000) throw new AppError('DOCUMENTS_REASON_REQUIRED', { fields: [{ field: 'reason', messageKey: 'documents.errors.reason' }] });
  await deps.db.transaction().execute(async (trx) => {
    if (!(await revokeDocument(trx, document.id, text, account.id))) throw new AppError('DOCUMENTS_ALREADY_REVOKED');
    await recordAudit(trx, {
      actor: { type: 'official', id: account.id },
      action: 'documents.document_revoked',
      subject: { type: 'document', id: document.id },
      data: { number: document.number, sha256: document.sha256, reason: text },
      requestId,
    });
  });
  return (await findDocumentByNumber(deps.db, number))!;
}
