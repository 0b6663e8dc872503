// The module's open datasets: projects, their budgets by year and source, the whole transfer and
// spending ledgers, observations with their answers, the communal banks' entries.
import type { OpenDatasetDeclaration } from '../../platform/module.ts';
import { bankDocumentPath, bankDocuments, bankEntries } from './bank.service.ts';
import { bankAccounts, transfersOf } from './ledger.service.ts';
import { isOverdue, observationsOf } from './observations.service.ts';
import { toProjectBody, toSpendingBody, toTransferBody } from './projects.schemas.ts';
import { searchProjects } from './projects.service.ts';
import { budgetOf, spendingOf } from './spending.service.ts';

const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;

export const projectsOpenData: OpenDatasetDeclaration[] = [
  {
    id: 'projects',
    titleKey: 'projects.contract.data.projects',
    descriptionKey: 'projects.contract.data.projectsText',
    refresh: 'live',
    schema: {
      type: 'object',
      properties: {
        id: str,
        kind: str,
        title: str,
        territoryCode: str,
        circuitCode: nstr,
        executorTerritoryCode: nstr,
        executorAgencyCode: nstr,
        budgetMinor: int,
        currency: str,
        status: str,
        progress: int,
        planLineId: nstr,
      },
    },
    rows: async (deps) => (await searchProjects(deps, { limit: 100_000, offset: 0 })).projects.map((p) => toProjectBody(p)),
  },
  {
    id: 'transfers',
    titleKey: 'projects.contract.data.transfers',
    descriptionKey: 'projects.contract.data.transfersText',
    refresh: 'live',
    schema: {
      type: 'object',
      properties: { id: str, seq: int, projectId: str, kind: str, corrects: nstr, amountMinor: int, currency: str, valueDate: str, accountReference: str, territoryCode: str, circuitCode: nstr },
    },
    rows: async (deps) => (await transfersOf(deps)).map(toTransferBody),
  },
  {
    id: 'budget_items',
    titleKey: 'projects.contract.data.budgetItems',
    descriptionKey: 'projects.contract.data.budgetItemsText',
    refresh: 'live',
    schema: { type: 'object', properties: { projectId: str, year: int, source: str, amountMinor: int } },
    rows: async (deps) => (await budgetOf(deps)).map((b) => ({ projectId: b.projectId, year: b.year, source: b.source, amountMinor: b.amountMinor })),
  },
  {
    id: 'spending',
    titleKey: 'projects.contract.data.spending',
    descriptionKey: 'projects.contract.data.spendingText',
    refresh: 'live',
    schema: {
      type: 'object',
      properties: { id: str, seq: int, projectId: str, kind: str, corrects: nstr, amountMinor: int, currency: str, valueDate: str, source: str, description: str, agencyCode: str },
    },
    rows: async (deps) => (await spendingOf(deps)).map(toSpendingBody),
  },
  {
    id: 'observations',
    titleKey: 'projects.contract.data.observations',
    descriptionKey: 'projects.contract.data.observationsText',
    refresh: 'live',
    schema: { type: 'object', properties: { id: str, projectId: str, body: str, createdAt: str, dueAt: str, answer: nstr, answeredAt: nstr, overdue: { type: 'boolean' } } },
    rows: async (deps) =>
      (await observationsOf(deps)).map((o) => ({
        id: o.id,
        projectId: o.projectId,
        body: o.body,
        createdAt: o.createdAt.toISOString(),
        dueAt: o.dueAt.toISOString(),
        answer: o.answer,
        answeredAt: o.answeredAt?.toISOString() ?? null,
        overdue: isOverdue(o),
      })),
  },
  {
    id: 'bank_entries',
    titleKey: 'projects.contract.data.bankEntries',
    descriptionKey: 'projects.contract.data.bankEntriesText',
    refresh: 'live',
    schema: {
      type: 'object',
      properties: {
        id: str,
        seq: int,
        accountReference: str,
        kind: str,
        corrects: nstr,
        amountMinor: int,
        currency: str,
        valueDate: str,
        purpose: nstr,
        description: str,
        // The entry's supporting documents, oldest first: their SHA-256 and where each is downloaded.
        documents: { type: 'array', items: str },
        documentPaths: { type: 'array', items: str },
      },
    },
    rows: async (deps) => {
      const [entries, banks, documents] = await Promise.all([bankEntries(deps), bankAccounts(deps), bankDocuments(deps)]);
      const supporting = Map.groupBy(documents, (d) => d.entryId);
      const reference = new Map(banks.map((b) => [b.id, b.accountReference]));
      const seqOf = new Map(entries.map((e) => [e.id, e.seq]));
      return entries.map((e) => ({
        id: e.id,
        seq: e.seq,
        accountReference: reference.get(e.bankAccountId) ?? '',
        kind: e.kind,
        corrects: e.correctsId ? String(seqOf.get(e.correctsId)) : null,
        amountMinor: e.amountMinor,
        currency: e.currency,
        valueDate: e.valueDate,
        purpose: e.purpose,
        description: e.description,
        documents: (supporting.get(e.id) ?? []).map((d) => d.sha256),
        documentPaths: (supporting.get(e.id) ?? []).map((d) => bankDocumentPath(d.bankAccountId, d.sha256)),
      }));
    },
  },
];
