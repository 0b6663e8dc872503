// The `personalData` declaration of signed documents: the documents issued in the person's name.
// They are official records kept for the country profile's period (retain_until on each): no
// erase, and no correction (a wrong document is revoked and issued again by its agency).
import { asPlainJson } from '../../platform/contract/personal-data.ts';
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { findDocumentData } from './personal-data.queries.ts';

export const documentsPersonalData: PersonalDataDeclaration = {
  titleKey: 'documents.personalData.module',
  legalBasisKey: 'documents.personalData.legalBasis',
  purposeKey: 'documents.personalData.purpose',
  retentionKey: 'documents.personalData.retention',
  fieldKeys: {
    number: 'documents.field.number',
    kind: 'documents.personalData.kind',
    title: 'documents.field.title',
    agency_name: 'documents.personalData.agencyName',
    holder_name: 'documents.field.holder',
    holder_document: 'documents.personalData.holderDocument',
    verification_code: 'documents.field.code',
    sha256: 'documents.field.hash',
    issued_at: 'documents.personalData.issuedAt',
    revoked_at: 'documents.personalData.revokedAt',
    retain_until: 'documents.field.retainUntil',
  },
  find: async (deps, accountId) => [{ titleKey: 'documents.personalData.documents', data: asPlainJson(await findDocumentData(deps.db, accountId)), keptKey: 'documents.personalData.kept' }],
};
