// Domain types and fixed vocabularies of the open-data catalog: CKAN's default licence list,
// the EU data themes and frequencies that DCAT-AP names, and the shapes the queries return.

export interface License {
  id: string;
  title: string;
  url: string;
  /** Open Definition conformance, as CKAN reports it. */
  odConformance: 'approved' | 'not reviewed' | 'rejected';
  osdConformance: 'approved' | 'not reviewed' | 'rejected';
  isGeneric: boolean;
}

/** CKAN's default licence list (ckan/model/license.py), in its order. */
export const LICENSES: License[] = [
  { id: 'notspecified', title: 'License not specified', url: '', odConformance: 'not reviewed', osdConformance: 'not reviewed', isGeneric: true },
  {
    id: 'odc-pddl',
    title: 'Open Data Commons Public Domain Dedication and License (PDDL)',
    url: 'http://www.opendefinition.org/licenses/odc-pddl',
    odConformance: 'approved',
    osdConformance: 'not reviewed',
    isGeneric: false,
  },
  {
    id: 'odc-odbl',
    title: 'Open Data Commons Open Database License (ODbL)',
    url: 'http://www.opendefinition.org/licenses/odc-odbl',
    odConformance: 'approved',
    osdConformance: 'not reviewed',
    isGeneric: false,
  },
  { id: 'odc-by', title: 'Open Data Commons Attribution License', url: 'http://www.opendefinition.org/licenses/odc-by', odConformance: 'approved', osdConformance: 'not reviewed', isGeneric: false },
  { id: 'cc-zero', title: 'Creative Commons CCZero', url: 'http://www.opendefinition.org/licenses/cc-zero', odConformance: 'approved', osdConformance: 'not reviewed', isGeneric: false },
  { id: 'cc-by', title: 'Creative Commons Attribution', url: 'http://www.opendefinition.org/licenses/cc-by', odConformance: 'approved', osdConformance: 'not reviewed', isGeneric: false },
  {
    id: 'cc-by-sa',
    title: 'Creative Commons Attribution Share-Alike',
    url: 'http://www.opendefinition.org/licenses/cc-by-sa',
    odConformance: 'approved',
    osdConformance: 'not reviewed',
    isGeneric: false,
  },
  { id: 'gfdl', title: 'GNU Free Documentation License', url: 'http://www.opendefinition.org/licenses/gfdl', odConformance: 'approved', osdConformance: 'not reviewed', isGeneric: false },
  { id: 'other-open', title: 'Other (Open)', url: '', odConformance: 'approved', osdConformance: 'not reviewed', isGeneric: true },
  { id: 'other-pd', title: 'Other (Public Domain)', url: '', odConformance: 'approved', osdConformance: 'not reviewed', isGeneric: true },
  { id: 'other-at', title: 'Other (Attribution)', url: '', odConformance: 'approved', osdConformance: 'not reviewed', isGeneric: true },
  {
    id: 'uk-ogl',
    title: 'UK Open Government Licence (OGL)',
    url: 'http://reference.data.gov.uk/id/open-government-licence',
    odConformance: 'approved',
    osdConformance: 'not reviewed',
    isGeneric: false,
  },
  {
    id: 'cc-nc',
    title: 'Creative Commons Non-Commercial (Any)',
    url: 'http://creativecommons.org/licenses/by-nc/2.0/',
    odConformance: 'not reviewed',
    osdConformance: 'not reviewed',
    isGeneric: false,
  },
  { id: 'other-nc', title: 'Other (Non-Commercial)', url: '', odConformance: 'not reviewed', osdConformance: 'not reviewed', isGeneric: true },
  { id: 'other-closed', title: 'Other (Not Open)', url: '', odConformance: 'not reviewed', osdConformance: 'not reviewed', isGeneric: true },
];
export const LICENSE_BY_ID = new Map(LICENSES.map((license) => [license.id, license]));
export const isOpenLicense = (id: string): boolean => LICENSE_BY_ID.get(id)?.odConformance === 'approved';

/** EU data themes (http://publications.europa.eu/resource/authority/data-theme/…). */
export const EU_THEMES = ['AGRI', 'ECON', 'EDUC', 'ENER', 'ENVI', 'GOVE', 'HEAL', 'INTR', 'JUST', 'REGI', 'SOCI', 'TECH', 'TRAN'] as const;
/** EU frequencies (http://publications.europa.eu/resource/authority/frequency/…). */
export const FREQUENCIES = ['UPDATE_CONT', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'ANNUAL', 'IRREG', 'NEVER'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** One column of a data dictionary. */
export interface DictionaryField {
  id: string;
  /** The DataStore type: text, int, numeric, date, timestamp, bool. */
  type: 'text' | 'int' | 'numeric' | 'date' | 'timestamp' | 'bool';
  label: string;
  notes: string;
  unit: string;
}

export interface Organization {
  id: string;
  name: string;
  title: string;
  description: string;
  agencyCode: string | null;
  homepage: string | null;
  created: Date;
  packageCount?: number;
}

export interface Theme {
  id: string;
  name: string;
  title: string;
  description: string;
  euTheme: string;
  created: Date;
  packageCount?: number;
}

export interface Resource {
  id: string;
  datasetId: string;
  position: number;
  name: string;
  description: string;
  format: string;
  mimetype: string | null;
  fileSha256: string | null;
  url: string | null;
  size: number | null;
  dictionary: DictionaryField[];
  datastoreTable: string | null;
  datastoreRows: number | null;
  created: Date;
  lastModified: Date;
}

export interface Dataset {
  id: string;
  name: string;
  title: string;
  notes: string;
  organization: Organization;
  licenseId: string;
  tags: string[];
  themes: string[];
  temporalStart: string | null;
  temporalEnd: string | null;
  spatial: string | null;
  frequency: string;
  contactName: string;
  contactEmail: string;
  version: string;
  provenance: string;
  source: 'agency' | 'platform';
  metadataCreated: Date;
  metadataModified: Date;
  resources: Resource[];
}

/** What a publisher (or the platform's snapshot job) saves. */
export interface DatasetInput {
  name: string;
  title: string;
  notes: string;
  organizationId: string;
  licenseId: string;
  tags: string[];
  themes: string[];
  temporalStart: string | null;
  temporalEnd: string | null;
  spatial: string | null;
  frequency: Frequency;
  contactName: string;
  contactEmail: string;
  provenance: string;
  source: 'agency' | 'platform';
  sourceKey: string | null;
}

export interface ResourceInput {
  name: string;
  description: string;
  format: string;
  mimetype: string | null;
  fileSha256: string | null;
  url: string | null;
  size: number | null;
  dictionary: DictionaryField[];
  datastoreTable: string | null;
  datastoreRows: number | null;
}
