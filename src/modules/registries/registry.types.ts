// The general data model of public registries (docs/registries.md): a registry is declared
// here with its name, version number, owner agency per country profile and field schema; its
// records are versioned in the `registries` schema (territorios: a view over territories).
import type { CountryProfile } from '../../platform/country/index.ts';

export type FieldType = 'string' | 'date' | 'enum' | 'list' | 'boolean';

export interface FieldSpec {
  type: FieldType;
  required?: boolean;
  maxLength?: number;
  values?: readonly string[];
  /** A list's item pattern (e.g. activity codes). */
  itemPattern?: RegExp;
  /** Published in open data (economic units only; never persons). */
  public?: boolean;
}

export type RegistryName = 'personas' | 'unidades_economicas' | 'territorios';

export interface RegistryDefinition {
  name: RegistryName;
  /** The specification's `versionNumber` in the address: `/govstack/registries/data/personas/1.0`. */
  version: string;
  /** The owner agency by country profile (null: maintained by its own module, read-only here). */
  owner: Record<'bo' | 've', string | null>;
  /** The identity document type of the key in the country profile (the key's check and normal form). */
  keyDocument: Record<'bo' | 've', string> | null;
  /** Whether records are about a person (their reads go to "Mi actividad"). */
  personal: boolean;
  /** Field schema of `content` (`id` is the key). */
  fields: Record<string, FieldSpec>;
}

export const CIVIL_STATUSES = ['soltero', 'casado', 'divorciado', 'viudo', 'union_libre'] as const;
export const LEGAL_FORMS = ['unipersonal', 'srl', 'sa', 'cooperativa', 'asociacion', 'otra'] as const;
export const UNIT_STATUSES = ['activa', 'suspendida', 'cancelada'] as const;

export const REGISTRIES: Record<RegistryName, RegistryDefinition> = {
  personas: {
    name: 'personas',
    version: '1.0',
    owner: { bo: 'SEGIP', ve: 'SAIME' },
    keyDocument: { bo: 'CI', ve: 'CEDULA' },
    personal: true,
    fields: {
      id: { type: 'string', required: true, maxLength: 20 },
      firstName: { type: 'string', required: true, maxLength: 100 },
      lastName: { type: 'string', required: true, maxLength: 100 },
      birthDate: { type: 'date', required: true },
      birthPlace: { type: 'string', maxLength: 200 },
      sex: { type: 'enum', required: true, values: ['F', 'M'] },
      civilStatus: { type: 'enum', required: true, values: CIVIL_STATUSES },
      fatherName: { type: 'string', maxLength: 200 },
      motherName: { type: 'string', maxLength: 200 },
      deathDate: { type: 'date' },
      // The postal address official mail goes to (docs/postal.md, "Official mail").
      address: { type: 'string', maxLength: 300 },
      territoryCode: { type: 'string', maxLength: 40 },
    },
  },
  unidades_economicas: {
    name: 'unidades_economicas',
    version: '1.0',
    owner: { bo: 'SIN', ve: 'SENIAT' },
    keyDocument: { bo: 'NIT', ve: 'RIF' },
    personal: false,
    fields: {
      id: { type: 'string', required: true, maxLength: 20, public: true },
      name: { type: 'string', required: true, maxLength: 200, public: true },
      legalForm: { type: 'enum', required: true, values: LEGAL_FORMS, public: true },
      activityCodes: { type: 'list', required: true, itemPattern: /^\d{4,6}$/, public: true },
      address: { type: 'string', maxLength: 300 },
      territoryCode: { type: 'string', maxLength: 40, public: true },
      representatives: { type: 'list', itemPattern: /^[\w .-]{3,20}$/ },
      status: { type: 'enum', required: true, values: UNIT_STATUSES, public: true },
    },
  },
  territorios: {
    name: 'territorios',
    version: '1.0',
    owner: { bo: null, ve: null },
    keyDocument: null,
    personal: false,
    fields: {
      id: { type: 'string', required: true },
      name: { type: 'string', required: true },
      level: { type: 'string', required: true },
      parentCode: { type: 'string' },
      path: { type: 'list' },
      isCapital: { type: 'boolean' },
    },
  },
};

export const registryNames = Object.keys(REGISTRIES) as RegistryName[];

export const findRegistry = (name: string, version?: string): RegistryDefinition | undefined => {
  const found = (REGISTRIES as Record<string, RegistryDefinition>)[name];
  return found && (version === undefined || found.version === version) ? found : undefined;
};

export const ownerOf = (registry: RegistryDefinition, country: Pick<CountryProfile, 'code'>): string | null => registry.owner[country.code as 'bo' | 've'] ?? null;

export type Content = Record<string, unknown>;

/** A record as read: its content at a version, with the record's identity and times. */
export interface RegistryRecord {
  uuid: string;
  registry: string;
  key: string;
  version: number;
  content: Content;
  createdAt: Date;
  modifiedAt: Date;
  deleted: boolean;
}

export interface RecordVersion {
  version: number;
  content: Content;
  deleted: boolean;
  validFrom: Date;
  validTo: Date | null;
  actorType: string;
  actorId: string;
  agencyCode: string | null;
  reason: string;
}

/** Who is asking: an agency's system (client credentials), an owner official on a page, or the person. */
export type Reader =
  | { kind: 'client'; clientId: string; agencyCode: string | null; scopes: string[]; xroadClient?: string | null; xroadId?: string | null }
  | { kind: 'official'; accountId: string; agencyCodes: string[] }
  | { kind: 'person'; accountId: string; documentNumber: string };

export interface UsageEntry {
  id: string;
  registry: string;
  recordKey: string;
  operation: string;
  readerType: string;
  readerId: string;
  readerAgency: string | null;
  readerName: string | null;
  xroadClient: string | null;
  xroadId: string | null;
  occurredAt: Date;
}

export const REGISTRIES_READ = 'registries:read';
export const REGISTRIES_WRITE = 'registries:write';
