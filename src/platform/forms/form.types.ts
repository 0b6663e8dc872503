// Forms and workflows as data. A publisher writes these documents (JSON); Tambo validates
// them against the published JSON Schemas (form.schema.ts) plus semantic checks, renders
// them and checks answers against them. Conditions are structured data, never code.

/** Text written by a publisher, in both languages, and in the country's other official languages where it has them. */
export interface LocalizedText {
  es: string;
  en: string;
  qu?: string;
  ay?: string;
  gn?: string;
}

export type Scalar = string | number | boolean;

/** Branching and rule conditions: a small boolean algebra over answers. */
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | FieldCondition;

export type FieldCondition =
  | { field: string; equals: Scalar }
  | { field: string; notEquals: Scalar }
  | { field: string; in: Scalar[] }
  | { field: string; includes: string }
  | { field: string; answered: boolean }
  | { field: string; greaterThan: number }
  | { field: string; lessThan: number };

export const conditionOperators = ['equals', 'notEquals', 'in', 'includes', 'answered', 'greaterThan', 'lessThan'] as const;
export type ConditionOperator = (typeof conditionOperators)[number];

/** Facts the State already knows about the signed-in person; a field with `prefill` shows them and is not asked again. */
export const prefillSources = ['fullName', 'givenNames', 'familyNames', 'email', 'phone', 'identityDocument', 'birthDate'] as const;
export type PrefillSource = (typeof prefillSources)[number];

/**
 * A field filled from a registry service through the exchange (once-only; docs/interoperability.md):
 * data, not code — the definition names the service, the path and the field of its answer.
 */
export interface RegistryPrefill {
  /** The exchange service in this instance: `MEMBER/SUBSYSTEM/SERVICE` ('SERECI/demo/personas'). */
  service: string;
  /** The path under the service; `{document}` is the person's document number, `{unit}` the tax id of the unit they act for. */
  path: string;
  /** The field of the producer's JSON answer (dots for nested objects: 'content.birthDate'). */
  field: string;
  /** Whether the person may change the value (default false: shown, not asked, a sent value ignored). */
  editable?: boolean;
}

/** Component types a registry value may fill (scalar answers). */
export const registryPrefillTypes = ['text', 'longText', 'number', 'date', 'select', 'radios', 'email', 'phone'] as const;

/** Media types a file field may accept (checked by content, not by name). */
export const acceptedMediaTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AcceptedMediaType = (typeof acceptedMediaTypes)[number];

export interface Option {
  value: string;
  label: LocalizedText;
}

interface ComponentBase {
  /** Field name: unique in the form, `[a-z][A-Za-z0-9_]*`. */
  id: string;
  label: LocalizedText;
  hint?: LocalizedText;
  /** Fields are required unless marked optional. */
  optional?: boolean;
  showIf?: Condition;
  prefill?: PrefillSource | RegistryPrefill;
}

export interface TextComponent extends ComponentBase {
  type: 'text';
  minLength?: number;
  maxLength?: number;
  /** A regular expression the whole answer must match (data, not code). */
  pattern?: string;
  patternMessage?: LocalizedText;
}
export interface LongTextComponent extends ComponentBase {
  type: 'longText';
  minLength?: number;
  maxLength?: number;
}
export interface NumberComponent extends ComponentBase {
  type: 'number';
  min?: number;
  max?: number;
  integer?: boolean;
}
/** A date bound: a calendar date (YYYY-MM-DD) or `today`. */
export type DateBound = string;
export interface DateComponent extends ComponentBase {
  type: 'date';
  min?: DateBound;
  max?: DateBound;
}
export interface SelectComponent extends ComponentBase {
  type: 'select';
  options: Option[];
}
export interface RadiosComponent extends ComponentBase {
  type: 'radios';
  options: Option[];
}
export interface CheckboxesComponent extends ComponentBase {
  type: 'checkboxes';
  options: Option[];
  minSelected?: number;
  maxSelected?: number;
}
export interface YesNoComponent extends ComponentBase {
  type: 'yesNo';
}
export interface EmailComponent extends ComponentBase {
  type: 'email';
}
export interface PhoneComponent extends ComponentBase {
  type: 'phone';
}
export interface IdentityDocumentComponent extends ComponentBase {
  type: 'identityDocument';
  /** Codes of the country profile's document types; all of them when absent. */
  documentTypes?: string[];
}
export interface TerritoryComponent extends ComponentBase {
  type: 'territory';
  /** A `TerritoryLevel.key` of the country profile: the level the answer must be at. */
  level?: string;
}
export interface AddressComponent extends ComponentBase {
  type: 'address';
}
export interface FileComponent extends ComponentBase {
  type: 'file';
  accept: AcceptedMediaType[];
  /** Largest accepted file in bytes (at most 10 MB). */
  maxBytes: number;
}
export interface GroupComponent extends ComponentBase {
  type: 'group';
  /** Label of one item, e.g. "Hijo o hija". */
  itemLabel: LocalizedText;
  components: FieldComponent[];
  minItems?: number;
  maxItems?: number;
}

export type FieldComponent =
  | TextComponent
  | LongTextComponent
  | NumberComponent
  | DateComponent
  | SelectComponent
  | RadiosComponent
  | CheckboxesComponent
  | YesNoComponent
  | EmailComponent
  | PhoneComponent
  | IdentityDocumentComponent
  | TerritoryComponent
  | AddressComponent
  | FileComponent;
export type FormComponent = FieldComponent | GroupComponent;
export type ComponentType = FormComponent['type'];

export const componentTypes = [
  'text',
  'longText',
  'number',
  'date',
  'select',
  'radios',
  'checkboxes',
  'yesNo',
  'email',
  'phone',
  'identityDocument',
  'territory',
  'address',
  'file',
  'group',
] as const satisfies readonly ComponentType[];

export interface FormPage {
  /** Unique in the form, `[a-z][a-z0-9-]*` (it appears in addresses). */
  id: string;
  title: LocalizedText;
  intro?: LocalizedText;
  showIf?: Condition;
  components: FormComponent[];
}

/** A cross-field rule: the answers are invalid unless `assert` holds (when `when` holds). */
export interface FormRule {
  /** The field the message is shown on. */
  field: string;
  when?: Condition;
  assert: Condition;
  message: LocalizedText;
}

export interface FormDefinition {
  version: 1;
  pages: FormPage[];
  rules?: FormRule[];
}

// ------------------------------------------------------------------------------------------
// Answers

export interface IdentityDocumentAnswer {
  type: string;
  number: string;
}
export interface AddressAnswer {
  line1: string;
  line2?: string;
  /** A territory code (municipality or below). */
  territory?: string;
}
export interface FileAnswer {
  /** SHA-256 of the content, as stored by platform/files. */
  sha256: string;
  name: string;
  size: number;
  mediaType: string;
}
export type FieldAnswer = string | number | boolean | string[] | IdentityDocumentAnswer | AddressAnswer | FileAnswer;
export type GroupItemAnswers = Record<string, FieldAnswer>;
export type AnswerValue = FieldAnswer | GroupItemAnswers[];
export type Answers = Record<string, AnswerValue>;

/** A problem with an answer. `code` maps to a message (`<prefix>.${code}`); `params` fill it. */
export interface AnswerError {
  /** JSON pointer into the answers: `/birthDate`, `/children/0/name`. */
  path: string;
  /** Name of the HTML form field to link to: `birthDate-day`, `children.0.name`. */
  field: string;
  code: AnswerErrorCode;
  params?: Record<string, string | number>;
  /** Set for rule violations: the publisher's own message. */
  message?: LocalizedText;
}

export type AnswerErrorCode =
  | 'required'
  | 'tooShort'
  | 'tooLong'
  | 'pattern'
  | 'notANumber'
  | 'notAnInteger'
  | 'tooSmall'
  | 'tooLarge'
  | 'invalidDate'
  | 'dateTooEarly'
  | 'dateTooLate'
  | 'invalidOption'
  | 'tooFewSelected'
  | 'tooManySelected'
  | 'invalidEmail'
  | 'invalidPhone'
  | 'invalidDocumentType'
  | 'invalidDocument'
  | 'invalidTerritory'
  | 'fileType'
  | 'fileTooLarge'
  | 'tooFewItems'
  | 'tooManyItems'
  | 'invalidValue'
  | 'unknownField'
  | 'rule';

// ------------------------------------------------------------------------------------------
// Workflows

export type WorkflowActor = 'applicant' | 'official' | 'system';

export interface WorkflowState {
  /** `[a-z][a-z0-9_]*`. */
  id: string;
  label: LocalizedText;
  /** The legal-time clock: running while the agency must act, paused while waiting on the person, stopped once decided. */
  clock: 'running' | 'paused' | 'stopped';
  /** Set on states that carry the decision. */
  outcome?: 'approved' | 'rejected';
  /** No transition leaves a final state. */
  final?: boolean;
  /**
   * A deadline for leaving this state, in business days from entering it. `onExpiry` names
   * the system transition the cases deadline job applies once it has passed, whatever the
   * state's clock (paused or running); without it nothing happens.
   */
  deadline?: { businessDays: number; onExpiry?: string };
}

export interface WorkflowTransition {
  /** The action's name: `[a-z][a-z0-9_]*`, unique in the workflow. */
  id: string;
  from: string[];
  to: string;
  label: LocalizedText;
  actor: WorkflowActor;
  /** For official actions: the roles that may perform it (any agency official when absent). */
  roles?: string[];
  /** Whether a written reason is asked for. */
  reason?: 'required' | 'optional' | 'none';
  /** The applicant changes the answers when performing it (the correction). */
  applicantEdits?: boolean;
  /** A system transition that applies the tacit outcome when the legal time runs out. */
  tacit?: 'approval' | 'denial';
}

export interface WorkflowDefinition {
  version: 1;
  initialState: string;
  states: WorkflowState[];
  transitions: WorkflowTransition[];
}

/** A problem found in a definition: a JSON pointer and an English message for the publisher. */
export interface DefinitionError {
  path: string;
  message: string;
}

export type DefinitionResult<T> = { ok: true; definition: T } | { ok: false; errors: DefinitionError[] };
