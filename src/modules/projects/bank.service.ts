// A communal bank's accounts in the open (docs/projects.md, "Communal banks"): the deposits it
// received (the transfer ledger), its own loans, payments and repayments (append-only; a
// correction is a new entry naming the wrong one), balances that are plain sums, and members'
// observations on any entry, answered in public by the bank's treasurer.
import { recordAudit } from '../../platform/audit/audit.ts';
import { checkFile, safeFilename, storeFile } from '../../platform/files/index.ts';
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import { AppError } from '../../platform/errors.ts';
import { claimIdempotencyKey, type IdempotencyClaim } from '../../platform/idempotency/idempotency.ts';
import type { Deps, RoleGrant } from '../../platform/module.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import { answerBankObservation, insertBankDocument, insertBankEntry, insertBankObservation, listBankDocuments, listBankEntries, listBankObservations } from './bank.queries.ts';
import {
  BANK_DOCUMENT_TYPES,
  BANK_ENTRY_KINDS,
  type BankDocument,
  type BankEntry,
  type BankEntryKind,
  type BankObservation,
  type BankTotals,
  MAX_BANK_DOCUMENT_BYTES,
  PURPOSES,
  type Purpose,
  TREASURER_ROLE,
} from './bank.types.ts';
import { listBankAccounts, listTransfers } from './projects.queries.ts';
import { projectStats } from './projects.stats.ts';
import { type BankAccount, OBSERVATION_ANSWER_DAYS, type Transfer } from './projects.types.ts';

export interface BankLedger {
  bank: BankAccount;
  deposits: Transfer[];
  entries: BankEntry[];
  documents: BankDocument[];
  observations: BankObservation[];
  totals: BankTotals[];
}

/** Deposits plus entries, per currency: the balance is the plain sum of both ledgers. */
export function bankTotals(deposits: readonly Pick<Transfer, 'currency' | 'amountMinor'>[], entries: readonly Pick<BankEntry, 'currency' | 'amountMinor'>[]): BankTotals[] {
  const by = new Map<string, BankTotals>();
  const line = (currency: string) => by.get(currency) ?? by.set(currency, { currency, depositsMinor: 0, entriesMinor: 0, balanceMinor: 0 }).get(currency)!;
  for (const d of deposits) line(d.currency).depositsMinor += d.amountMinor;
  for (const e of entries) line(e.currency).entriesMinor += e.amountMinor;
  for (const l of by.values()) l.balanceMinor = l.depositsMinor + l.entriesMinor;
  return [...by.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

async function findBank(deps: Pick<Deps, 'db'>, id: string): Promise<BankAccount> {
  const bank = /^[0-9a-f-]{36}$/i.test(id) ? (await listBankAccounts(deps.db)).find((b) => b.id === id) : undefined;
  if (!bank) throw new AppError('PROJECTS_NOT_FOUND');
  return bank;
}

export async function communalBanks(deps: Pick<Deps, 'db'>): Promise<Array<{ bank: BankAccount; totals: BankTotals[] }>> {
  const [banks, deposits, entries] = await Promise.all([listBankAccounts(deps.db), listTransfers(deps.db), listBankEntries(deps.db)]);
  return banks.map((bank) => ({
    bank,
    totals: bankTotals(
      deposits.filter((d) => d.bankAccountId === bank.id),
      entries.filter((e) => e.bankAccountId === bank.id),
    ),
  }));
}

export async function bankLedger(deps: Pick<Deps, 'db'>, id: string): Promise<BankLedger> {
  const bank = await findBank(deps, id);
  const [deposits, entries, documents, observations] = await Promise.all([listTransfers(deps.db), listBankEntries(deps.db, id), listBankDocuments(deps.db, id), listBankObservations(deps.db, id)]);
  const received = deposits.filter((d) => d.bankAccountId === id);
  return { bank, deposits: received, entries, documents, observations, totals: bankTotals(received, entries) };
}

export function bankEntries(deps: Pick<Deps, 'dbRead'>): Promise<BankEntry[]> {
  return listBankEntries(deps.dbRead);
}

export function bankDocuments(deps: Pick<Deps, 'dbRead'>): Promise<BankDocument[]> {
  return listBankDocuments(deps.dbRead);
}

/** Where a bank's supporting document is served (public, only when it belongs to the bank). */
export const bankDocumentPath = (bankId: string, sha256: string) => `/bancos-comunales/${bankId}/documentos/${sha256}`;

/** Whether the stored file is a supporting document of this bank: its download route serves only those. */
export async function isBankDocument(deps: Pick<Deps, 'dbRead'>, bankId: string, sha256: string): Promise<boolean> {
  return /^[0-9a-f-]{36}$/i.test(bankId) && (await listBankDocuments(deps.dbRead, bankId)).some((d) => d.sha256 === sha256);
}

/**
 * The treasurer attaches a supporting document (PDF, PNG or JPEG, read from its content, at most
 * 5 MB) to one of the bank's own entries. Append-only: nothing is replaced; the same file on the
 * same entry is one document (a burst stores one row and audits once). Returns the document's id.
 */
export async function attachBankDocument(
  deps: Pick<Deps, 'db'>,
  person: { id: string; grants: readonly RoleGrant[] },
  bankId: string,
  input: { entrySeq: number; bytes?: Uint8Array | null; filename: string },
  requestId?: string,
): Promise<{ id: string; created: boolean }> {
  const bank = await findBank(deps, bankId);
  if (!isTreasurer(person.grants, bank)) throw new AppError('PROJECTS_FORBIDDEN');
  const entry = (await listBankEntries(deps.db, bank.id)).find((e) => e.seq === input.entrySeq);
  const check = input.bytes && input.bytes.byteLength > 0 ? checkFile(input.bytes, { maxBytes: MAX_BANK_DOCUMENT_BYTES, allowed: BANK_DOCUMENT_TYPES }) : undefined;
  const fields = [
    ...(entry ? [] : [{ field: 'documento-asiento', messageKey: 'projects.errors.documentEntry' }]),
    ...(check?.ok ? [] : [{ field: 'documento', messageKey: check?.reason === 'too_large' ? 'projects.errors.documentTooLarge' : 'projects.errors.documentFile' }]),
  ];
  if (!entry || !check?.ok || !input.bytes) throw new AppError('VALIDATION_FAILED', { fields });
  const bytes = input.bytes;
  const filename = safeFilename(input.filename, check.mediaType);
  return deps.db.transaction().execute(async (trx) => {
    const stored = await storeFile(trx, bytes, check.mediaType);
    const id = crypto.randomUUID();
    const row = await insertBankDocument(trx, {
      id,
      bankAccountId: bank.id,
      entryId: entry.id,
      sha256: stored.sha256,
      mediaType: stored.mediaType,
      sizeBytes: stored.size,
      filename,
      attachedBy: person.id,
    });
    if (!row) return { id: (await listBankDocuments(trx, bank.id)).find((d) => d.entryId === entry.id && d.sha256 === stored.sha256)!.id, created: false };
    await recordAudit(trx, {
      actor: { type: 'person', id: person.id },
      action: 'projects.bank_document_attached',
      subject: { type: 'bank_account', id: bank.id },
      data: { documentId: id, seq: row.seq, entrySeq: entry.seq, sha256: stored.sha256, mediaType: stored.mediaType, size: stored.size },
      requestId,
    });
    return { id, created: true };
  });
}

/** The bank's treasurer: the territory role over the bank's territory or above (or a platform administrator). */
export function isTreasurer(grants: readonly RoleGrant[], bank: Pick<BankAccount, 'territoryPath'>): boolean {
  return hasRole(grants, { role: PLATFORM_ADMIN }) || hasRole(grants, { role: TREASURER_ROLE, territory: bank.territoryPath });
}

export interface BankEntryInput {
  kind: string;
  amountMinor: number;
  valueDate: string;
  purpose: string;
  description: string;
  /** A correction: the seq of the entry it corrects; the amount is then the signed difference. */
  corrects?: number | null;
}

export async function recordBankEntry(
  deps: Pick<Deps, 'db'>,
  person: { id: string; grants: readonly RoleGrant[] },
  bankId: string,
  input: BankEntryInput,
  requestId?: string,
  idempotency?: IdempotencyClaim,
): Promise<BankEntry> {
  const bank = await findBank(deps, bankId);
  if (!isTreasurer(person.grants, bank)) throw new AppError('PROJECTS_FORBIDDEN');
  const fail = (field: string, key: string): never => {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field, messageKey: `projects.errors.${key}` }] });
  };
  const correction = input.corrects !== undefined && input.corrects !== null;
  const kind: BankEntryKind = correction ? 'correction' : (BANK_ENTRY_KINDS as readonly string[]).includes(input.kind) ? (input.kind as BankEntryKind) : fail('tipo', 'entryKind');
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor === 0 || (!correction && input.amountMinor < 0)) fail('monto', 'bankAmount');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.valueDate)) fail('fecha', 'date');
  const description = input.description.trim();
  if (description.length < 2 || description.length > 500) fail('descripcion', 'description');
  const purpose = kind === 'loan' || kind === 'payment' ? ((PURPOSES as readonly string[]).includes(input.purpose) ? (input.purpose as Purpose) : fail('proposito', 'purpose')) : null;
  const id = crypto.randomUUID();
  return deps.db.transaction().execute(async (trx) => {
    // The form's claim first: of a burst of identical posts one records, the others throw `IdempotentReplay`.
    if (idempotency) await claimIdempotencyKey(trx, idempotency, id);
    const existing = await listBankEntries(trx, bank.id);
    const deposits = (await listTransfers(trx)).filter((d) => d.bankAccountId === bank.id);
    const corrected = correction ? (existing.find((e) => e.seq === input.corrects) ?? fail('corrige', 'bankCorrects')) : undefined;
    const currency = corrected?.currency ?? deposits[0]?.currency ?? existing[0]?.currency ?? fail('monto', 'noDeposits');
    // Out is negative: a loan or payment takes money from the balance, a repayment brings it back.
    const amountMinor = kind === 'loan' || kind === 'payment' ? -input.amountMinor : input.amountMinor;
    const entry = await insertBankEntry(trx, {
      id,
      bankAccountId: bank.id,
      kind,
      correctsId: corrected?.id ?? null,
      amountMinor,
      currency,
      valueDate: input.valueDate,
      purpose,
      description,
      recordedBy: person.id,
    });
    await recordAudit(trx, {
      actor: { type: 'person', id: person.id },
      action: `projects.bank_${kind}`,
      subject: { type: 'bank_account', id: bank.id },
      data: { entryId: entry.id, seq: entry.seq, amountMinor, currency, corrects: corrected?.id ?? null },
      requestId,
    });
    if (kind === 'loan') await recordStat(trx, projectStats.loaned, { territory: bank.territoryPath, at: new Date(`${input.valueDate}T12:00:00Z`), purpose: purpose!, currency }, input.amountMinor);
    if (kind === 'loan' || kind === 'payment')
      await recordStat(trx, projectStats.used, { territory: bank.territoryPath, at: new Date(`${input.valueDate}T12:00:00Z`), kind, currency }, input.amountMinor);
    return entry;
  });
}

/** A member's observation on an entry of the bank (a deposit received or its own entry). */
export async function fileBankObservation(deps: Pick<Deps, 'db'>, accountId: string, bankId: string, entry: string, body: string, requestId?: string, idempotency?: IdempotencyClaim): Promise<string> {
  const ledger = await bankLedger(deps, bankId);
  const [type, seqText] = entry.split(':');
  const seq = Number(seqText);
  const exists = type === 'transfer' ? ledger.deposits.some((d) => d.seq === seq) : type === 'entry' && ledger.entries.some((e) => e.seq === seq);
  const text = body.trim();
  const fields = [
    ...(exists ? [] : [{ field: 'asiento', messageKey: 'projects.errors.entry' }]),
    ...(text.length < 10 || text.length > 2000 ? [{ field: 'observacion', messageKey: 'projects.errors.observation' }] : []),
  ];
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const id = crypto.randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    if (idempotency) await claimIdempotencyKey(trx, idempotency, id);
    await insertBankObservation(trx, { id, bankAccountId: bankId, entry, accountId, body: text, dueAt: new Date(Date.now() + OBSERVATION_ANSWER_DAYS * 86_400_000) });
    await recordAudit(trx, {
      actor: { type: 'person', id: accountId },
      action: 'projects.bank_observation_filed',
      subject: { type: 'bank_account', id: bankId },
      data: { observationId: id, entry },
      requestId,
    });
  });
  return id;
}

/** The treasurer's public answer, once. */
export async function answerBankObservationAs(
  deps: Pick<Deps, 'db'>,
  person: { id: string; grants: readonly RoleGrant[] },
  bankId: string,
  observationId: string,
  text: string,
  requestId?: string,
): Promise<void> {
  const bank = await findBank(deps, bankId);
  if (!isTreasurer(person.grants, bank)) throw new AppError('PROJECTS_FORBIDDEN');
  const body = text.trim();
  if (body.length < 2 || body.length > 2000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'respuesta', messageKey: 'projects.errors.answer' }] });
  await deps.db.transaction().execute(async (trx) => {
    const answered = /^[0-9a-f-]{36}$/i.test(observationId) ? await answerBankObservation(trx, observationId, bankId, body, person.id) : undefined;
    if (!answered) throw new AppError('PROJECTS_ALREADY_ANSWERED');
    await recordAudit(trx, {
      actor: { type: 'person', id: person.id },
      action: 'projects.bank_observation_answered',
      subject: { type: 'bank_account', id: bankId },
      data: { observationId },
      requestId,
    });
    if (answered.answeredAt && answered.answeredAt <= answered.dueAt) await recordStat(trx, projectStats.answered_in_time, { territory: bank.territoryPath, at: answered.createdAt });
  });
}
