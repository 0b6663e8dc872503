// The communal banks register and the append-only transfer ledger: agencies' systems register
// accounts and record deposits; a mistake is corrected by a new entry naming the wrong one.
import { AppError, type FieldError } from '../../platform/errors.ts';
import { checkFile, decodeBase64, storeFile } from '../../platform/files/index.ts';
import { assertSameRequest, requestFingerprint } from '../../platform/idempotency/idempotency.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/module.ts';
import { getTerritoryWithAncestors } from '../territories/index.ts';
import { findBankAccount, findProject, findTransfer, insertBankAccountAudited, insertTransferAudited, listBankAccounts, listTransfers, sumTransfers } from './projects.queries.ts';
import { projectStats } from './projects.stats.ts';
import type { BankAccount, TotalLine, Transfer } from './projects.types.ts';

export interface AgencyClient {
  clientId: string;
  agencyCode: string;
}

export interface BankAccountInput {
  bankName: string;
  accountReference: string;
  holderName: string;
  territoryCode: string;
}

/** Registers a communal bank account (idempotent by its reference: the same account again answers the first). */
export async function registerBankAccount(deps: Pick<Deps, 'db'>, client: AgencyClient, input: BankAccountInput, requestId?: string | null): Promise<{ account: BankAccount; created: boolean }> {
  const reference = input.accountReference.trim().toUpperCase();
  const existing = await findBankAccount(deps.db, reference);
  if (existing) return { account: existing, created: false };
  let path: string[];
  try {
    path = (await getTerritoryWithAncestors(deps, input.territoryCode)).map((t) => t.code);
  } catch {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/territoryCode', messageKey: 'projects.errors.territory', params: { code: input.territoryCode } }] });
  }
  const account: BankAccount = {
    id: crypto.randomUUID(),
    bankName: input.bankName.trim(),
    accountReference: reference,
    holderName: input.holderName.trim(),
    territoryCode: input.territoryCode,
    territoryPath: path,
    createdByAgency: client.agencyCode,
  };
  const created = await insertBankAccountAudited(deps.db, account, {
    audit: {
      actor: { type: 'client', id: client.clientId },
      action: 'projects.bank_account_registered',
      subject: { type: 'bank_account', id: account.id },
      data: { reference, territory: input.territoryCode },
      requestId,
    },
  });
  return created ? { account, created } : { account: (await findBankAccount(deps.db, reference))!, created: false };
}

export function bankAccounts(deps: Pick<Deps, 'dbRead'>, territory?: string): Promise<BankAccount[]> {
  return listBankAccounts(deps.dbRead, territory);
}

export interface TransferInput {
  projectId: string;
  accountReference: string;
  amountMinor: number;
  currency: string;
  valueDate: string;
  /** A correction: the entry it corrects, and why. The amount is then the signed difference. */
  corrects?: string | null;
  reason?: string | null;
  /** The supporting document (a PDF or image), base64. */
  document?: string | null;
}

/**
 * Appends an entry to the ledger. Idempotent with an `Idempotency-Key`: the key's unique index
 * is the claim, so of 40 identical parallel requests one writes and the others get its entry.
 */
export async function recordTransfer(
  deps: Pick<Deps, 'db'>,
  client: AgencyClient,
  input: TransferInput,
  options: { idempotencyKey: string | null; requestId?: string | null },
): Promise<{ transfer: Transfer; created: boolean }> {
  const requestSha256 = options.idempotencyKey ? requestFingerprint(input) : null;
  const replay = async () => {
    if (!options.idempotencyKey) return undefined;
    const earlier = await findTransfer(deps.db, { clientId: client.clientId, idempotencyKey: options.idempotencyKey });
    if (earlier && requestSha256) assertSameRequest(earlier.requestSha256, requestSha256);
    return earlier;
  };
  // No look-up first: the key's unique index is the claim, and a conflict answers the first entry.
  const fields: FieldError[] = [];
  const project = /^[0-9a-f-]{36}$/i.test(input.projectId) ? await findProject(deps.db, input.projectId) : undefined;
  if (!project) throw new AppError('PROJECTS_NOT_FOUND');
  const bank = await findBankAccount(deps.db, input.accountReference.trim().toUpperCase());
  if (!bank) fields.push({ field: '/accountReference', messageKey: 'projects.errors.bankAccount' });
  if (input.currency !== project.currency) fields.push({ field: '/currency', messageKey: 'projects.errors.currency', params: { currency: project.currency } });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.valueDate) || Number.isNaN(Date.parse(input.valueDate)) || Date.parse(input.valueDate) > Date.now() + 86_400_000) {
    fields.push({ field: '/valueDate', messageKey: 'projects.errors.date' });
  }
  const reason = input.reason?.trim() || null;
  let corrected: Transfer | undefined;
  if (input.corrects) {
    corrected = /^[0-9a-f-]{36}$/i.test(input.corrects) ? await findTransfer(deps.db, { id: input.corrects }) : undefined;
    if (!corrected || corrected.projectId !== project.id) fields.push({ field: '/corrects', messageKey: 'projects.errors.corrects' });
    else if (corrected.agencyCode !== client.agencyCode) throw new AppError('PROJECTS_FORBIDDEN');
    if (!reason) fields.push({ field: '/reason', messageKey: 'projects.errors.reason' });
    if (input.amountMinor === 0 || !Number.isSafeInteger(input.amountMinor)) fields.push({ field: '/amountMinor', messageKey: 'projects.errors.amount' });
  } else if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) fields.push({ field: '/amountMinor', messageKey: 'projects.errors.amount' });
  let document: Buffer | undefined;
  let mediaType: 'application/pdf' | 'image/png' | 'image/jpeg' | undefined;
  if (input.document) {
    document = decodeBase64(input.document);
    const check = document ? checkFile(document, { maxBytes: 5 * 1024 * 1024, allowed: ['application/pdf', 'image/png', 'image/jpeg'] }) : undefined;
    if (check?.ok) mediaType = check.mediaType;
    else fields.push({ field: '/document', messageKey: 'projects.errors.file' });
  }
  if (fields.length > 0 || !bank) throw new AppError('VALIDATION_FAILED', { fields });

  const id = crypto.randomUUID();
  const entry = {
    id,
    projectId: project.id,
    bankAccountId: bank.id,
    kind: corrected ? ('correction' as const) : ('deposit' as const),
    correctsId: corrected?.id ?? null,
    amountMinor: input.amountMinor,
    currency: input.currency,
    valueDate: input.valueDate,
    reason,
    documentSha256: null as string | null,
    territoryCode: project.territoryCode,
    territoryPath: project.territoryPath,
    circuitCode: project.circuitCode,
    agencyCode: client.agencyCode,
  };
  const write = async (db: Queryable) => {
    if (document && mediaType) entry.documentSha256 = (await storeFile(db, document, mediaType)).sha256;
    return insertTransferAudited(
      db,
      { ...entry, clientId: client.clientId, idempotencyKey: options.idempotencyKey, requestSha256 },
      {
        audit: {
          actor: { type: 'client', id: client.clientId },
          action: `projects.transfer_${entry.kind}`,
          subject: { type: 'project', id: project.id },
          data: { transferId: id, amountMinor: input.amountMinor, currency: input.currency, corrects: entry.correctsId },
          requestId: options.requestId,
        },
        events: [
          {
            topic: 'projects.transfer_recorded',
            payload: {
              transferId: id,
              projectId: project.id,
              kind: entry.kind,
              amountMinor: input.amountMinor,
              currency: input.currency,
              territoryCode: project.territoryCode,
              circuitCode: project.circuitCode,
            },
          },
        ],
        stats: [
          { stat: projectStats.transferred, dims: { territory: project.territoryPath, at: new Date(`${input.valueDate}T12:00:00Z`), currency: input.currency }, value: input.amountMinor },
          {
            stat: projectStats.received_by_circuit,
            dims: { circuit: project.circuitCode ?? 'none', at: new Date(`${input.valueDate}T12:00:00Z`), currency: input.currency },
            value: input.amountMinor,
          },
        ],
      },
    );
  };
  // One statement; a transaction only when a document is stored with the entry.
  const written = document ? await deps.db.transaction().execute(write) : await write(deps.db);
  if (!written) {
    const earlier = await replay();
    if (!earlier) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return { transfer: earlier, created: false };
  }
  return { transfer: { ...entry, ...written, accountReference: bank.accountReference, bankName: bank.bankName }, created: true };
}

export function transfersOf(deps: Pick<Deps, 'dbRead'>, projectId?: string): Promise<Transfer[]> {
  return listTransfers(deps.dbRead, projectId);
}

/** Totals of the ledger by project, territory (every unit above each entry) or communal circuit: plain sums of the entries, so they always add up. */
export function ledgerTotals(deps: Pick<Deps, 'dbRead'>, by: 'project' | 'territory' | 'circuit', within?: string): Promise<TotalLine[]> {
  return sumTransfers(deps.dbRead, by, within);
}
