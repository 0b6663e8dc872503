// xAPI 1.0.3 statement rules (https://github.com/adlnet/xAPI-Spec/blob/1.0.3/xAPI-Data.md#statements):
// pure checks of a statement as sent, and the comparison of two statements with the same id.
// Each problem names the JSON pointer and the rule it breaks.

export const XAPI_VERSION = '1.0.3';
export const VERB = {
  launched: 'http://adlnet.gov/expapi/verbs/launched',
  answered: 'http://adlnet.gov/expapi/verbs/answered',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  voided: 'http://adlnet.gov/expapi/verbs/voided',
} as const;

export interface XapiProblem {
  pointer: string;
  rule: string;
}

type Json = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ISO 8601 date-time with a zone offset (or Z) and optional fractions.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/;
const DURATION = /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An absolute IRI: a scheme, a colon and no spaces (RFC 3987). */
export function isIri(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/.test(value);
}

class Checker {
  readonly problems: XapiProblem[] = [];
  fail(pointer: string, rule: string): void {
    this.problems.push({ pointer, rule });
  }
  only(value: Json, pointer: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) if (!allowed.includes(key)) this.fail(`${pointer}/${key}`, 'not a property of this object');
  }
  languageMap(value: unknown, pointer: string): void {
    if (!isObject(value)) {
      this.fail(pointer, 'must be a language map');
      return;
    }
    for (const [tag, text] of Object.entries(value)) if (!LANGUAGE_TAG.test(tag) || typeof text !== 'string') this.fail(`${pointer}/${tag}`, 'must map a language tag to a string');
  }
  extensions(value: unknown, pointer: string): void {
    if (!isObject(value)) {
      this.fail(pointer, 'extensions must be an object');
      return;
    }
    for (const key of Object.keys(value)) if (!isIri(key)) this.fail(`${pointer}/${key}`, 'extension keys must be IRIs');
  }

  agent(value: unknown, pointer: string, options: { group?: boolean } = {}): void {
    if (!isObject(value)) {
      this.fail(pointer, 'must be an Agent or Group');
      return;
    }
    const type = value.objectType ?? 'Agent';
    if (type === 'Group') {
      if (options.group === false) {
        this.fail(`${pointer}/objectType`, 'a Group member must be an Agent');
        return;
      }
      this.only(value, pointer, ['objectType', 'name', 'member', 'mbox', 'mbox_sha1sum', 'openid', 'account']);
      const ifis = this.ifi(value, pointer);
      if (ifis === 0 && !Array.isArray(value.member)) this.fail(`${pointer}/member`, 'an anonymous Group must list its members');
      if (value.member !== undefined) {
        if (!Array.isArray(value.member)) this.fail(`${pointer}/member`, 'must be an array of Agents');
        else for (const [i, m] of value.member.entries()) this.agent(m, `${pointer}/member/${i}`, { group: false });
      }
    } else if (type === 'Agent') {
      this.only(value, pointer, ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account']);
      if (this.ifi(value, pointer) !== 1) this.fail(pointer, 'an Agent must have exactly one inverse functional identifier');
    } else {
      this.fail(`${pointer}/objectType`, 'must be Agent or Group');
      return;
    }
    if (value.name !== undefined && typeof value.name !== 'string') this.fail(`${pointer}/name`, 'must be a string');
  }

  /** How many inverse functional identifiers the agent has (each checked). */
  private ifi(value: Json, pointer: string): number {
    let count = 0;
    if (value.mbox !== undefined) {
      count++;
      if (typeof value.mbox !== 'string' || !/^mailto:[^\s@]+@[^\s@]+$/.test(value.mbox)) this.fail(`${pointer}/mbox`, 'must be a mailto IRI');
    }
    if (value.mbox_sha1sum !== undefined) {
      count++;
      if (typeof value.mbox_sha1sum !== 'string' || !/^[0-9a-f]{40}$/i.test(value.mbox_sha1sum)) this.fail(`${pointer}/mbox_sha1sum`, 'must be a SHA-1 hex digest');
    }
    if (value.openid !== undefined) {
      count++;
      if (!isIri(value.openid)) this.fail(`${pointer}/openid`, 'must be an IRI');
    }
    if (value.account !== undefined) {
      count++;
      const account = value.account;
      if (!isObject(account)) this.fail(`${pointer}/account`, 'must be an object');
      else {
        this.only(account, `${pointer}/account`, ['homePage', 'name']);
        if (!isIri(account.homePage)) this.fail(`${pointer}/account/homePage`, 'must be an IRI');
        if (typeof account.name !== 'string' || account.name === '') this.fail(`${pointer}/account/name`, 'must be a string');
      }
    }
    return count;
  }

  verb(value: unknown, pointer: string): void {
    if (!isObject(value)) {
      this.fail(pointer, 'a statement must have a verb');
      return;
    }
    this.only(value, pointer, ['id', 'display']);
    if (!isIri(value.id)) this.fail(`${pointer}/id`, 'must be an IRI');
    if (value.display !== undefined) this.languageMap(value.display, `${pointer}/display`);
  }

  activity(value: Json, pointer: string): void {
    this.only(value, pointer, ['objectType', 'id', 'definition']);
    if (!isIri(value.id)) this.fail(`${pointer}/id`, 'an Activity id must be an IRI');
    const definition = value.definition;
    if (definition === undefined) return;
    if (!isObject(definition)) {
      this.fail(`${pointer}/definition`, 'must be an object');
      return;
    }
    const d = `${pointer}/definition`;
    this.only(definition, d, ['name', 'description', 'type', 'moreInfo', 'extensions', 'interactionType', 'correctResponsesPattern', 'choices', 'scale', 'source', 'target', 'steps']);
    if (definition.name !== undefined) this.languageMap(definition.name, `${d}/name`);
    if (definition.description !== undefined) this.languageMap(definition.description, `${d}/description`);
    if (definition.type !== undefined && !isIri(definition.type)) this.fail(`${d}/type`, 'must be an IRI');
    if (definition.moreInfo !== undefined && !isIri(definition.moreInfo)) this.fail(`${d}/moreInfo`, 'must be an IRL');
    if (definition.extensions !== undefined) this.extensions(definition.extensions, `${d}/extensions`);
    const interactions = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'];
    if (definition.interactionType !== undefined && !interactions.includes(definition.interactionType as string)) this.fail(`${d}/interactionType`, 'not an interaction type');
  }

  object(value: unknown, pointer: string, options: { sub: boolean }): void {
    if (!isObject(value)) {
      this.fail(pointer, 'a statement must have an object');
      return;
    }
    const type = value.objectType ?? 'Activity';
    if (type === 'Activity') this.activity(value, pointer);
    else if (type === 'Agent' || type === 'Group') this.agent(value, pointer);
    else if (type === 'StatementRef') {
      this.only(value, pointer, ['objectType', 'id']);
      if (!isUuid(value.id)) this.fail(`${pointer}/id`, 'a StatementRef id must be a UUID');
    } else if (type === 'SubStatement') {
      if (options.sub) {
        this.fail(`${pointer}/objectType`, 'a SubStatement cannot contain a SubStatement');
        return;
      }
      for (const key of ['id', 'stored', 'version', 'authority']) if (value[key] !== undefined) this.fail(`${pointer}/${key}`, 'a SubStatement cannot have this property');
      this.body(value, pointer, { sub: true });
    } else this.fail(`${pointer}/objectType`, 'not an object type');
  }

  result(value: unknown, pointer: string): void {
    if (!isObject(value)) {
      this.fail(pointer, 'must be an object');
      return;
    }
    this.only(value, pointer, ['score', 'success', 'completion', 'response', 'duration', 'extensions']);
    if (value.score !== undefined) {
      const score = value.score;
      if (!isObject(score)) this.fail(`${pointer}/score`, 'must be an object');
      else {
        this.only(score, `${pointer}/score`, ['scaled', 'raw', 'min', 'max']);
        for (const key of ['scaled', 'raw', 'min', 'max']) if (score[key] !== undefined && typeof score[key] !== 'number') this.fail(`${pointer}/score/${key}`, 'must be a number');
        if (typeof score.scaled === 'number' && (score.scaled < -1 || score.scaled > 1)) this.fail(`${pointer}/score/scaled`, 'must be between -1 and 1');
        const { raw, min, max } = score as { raw?: number; min?: number; max?: number };
        if (typeof min === 'number' && typeof max === 'number' && max <= min) this.fail(`${pointer}/score/max`, 'must be greater than min');
        if (typeof raw === 'number' && ((typeof min === 'number' && raw < min) || (typeof max === 'number' && raw > max))) this.fail(`${pointer}/score/raw`, 'must be between min and max');
      }
    }
    for (const key of ['success', 'completion']) if (value[key] !== undefined && typeof value[key] !== 'boolean') this.fail(`${pointer}/${key}`, 'must be a boolean');
    if (value.response !== undefined && typeof value.response !== 'string') this.fail(`${pointer}/response`, 'must be a string');
    if (value.duration !== undefined && (typeof value.duration !== 'string' || !DURATION.test(value.duration))) this.fail(`${pointer}/duration`, 'must be an ISO 8601 duration');
    if (value.extensions !== undefined) this.extensions(value.extensions, `${pointer}/extensions`);
  }

  context(value: unknown, pointer: string, objectIsActivity: boolean): void {
    if (!isObject(value)) {
      this.fail(pointer, 'must be an object');
      return;
    }
    this.only(value, pointer, ['registration', 'instructor', 'team', 'contextActivities', 'revision', 'platform', 'language', 'statement', 'extensions']);
    if (value.registration !== undefined && !isUuid(value.registration)) this.fail(`${pointer}/registration`, 'must be a UUID');
    if (value.instructor !== undefined) this.agent(value.instructor, `${pointer}/instructor`);
    if (value.team !== undefined && (!isObject(value.team) || value.team.objectType !== 'Group')) this.fail(`${pointer}/team`, 'must be a Group');
    for (const key of ['revision', 'platform']) {
      if (value[key] === undefined) continue;
      if (typeof value[key] !== 'string') this.fail(`${pointer}/${key}`, 'must be a string');
      if (!objectIsActivity) this.fail(`${pointer}/${key}`, 'only when the object is an Activity');
    }
    if (value.language !== undefined && (typeof value.language !== 'string' || !LANGUAGE_TAG.test(value.language))) this.fail(`${pointer}/language`, 'must be a language tag');
    if (value.statement !== undefined && (!isObject(value.statement) || value.statement.objectType !== 'StatementRef' || !isUuid(value.statement.id)))
      this.fail(`${pointer}/statement`, 'must be a StatementRef');
    if (value.contextActivities !== undefined) {
      const ca = value.contextActivities;
      if (!isObject(ca)) this.fail(`${pointer}/contextActivities`, 'must be an object');
      else {
        this.only(ca, `${pointer}/contextActivities`, ['parent', 'grouping', 'category', 'other']);
        for (const [key, list] of Object.entries(ca)) {
          const items = Array.isArray(list) ? list : [list];
          for (const [i, item] of items.entries()) {
            if (isObject(item)) this.activity(item, `${pointer}/contextActivities/${key}/${i}`);
            else this.fail(`${pointer}/contextActivities/${key}/${i}`, 'must be an Activity');
          }
        }
      }
    }
    if (value.extensions !== undefined) this.extensions(value.extensions, `${pointer}/extensions`);
  }

  body(value: Json, pointer: string, options: { sub: boolean }): void {
    if (value.actor === undefined) this.fail(`${pointer}/actor`, 'a statement must have an actor');
    else this.agent(value.actor, `${pointer}/actor`);
    this.verb(value.verb, `${pointer}/verb`);
    this.object(value.object, `${pointer}/object`, options);
    if (value.result !== undefined) this.result(value.result, `${pointer}/result`);
    const objectIsActivity = isObject(value.object) && (value.object.objectType ?? 'Activity') === 'Activity';
    if (value.context !== undefined) this.context(value.context, `${pointer}/context`, objectIsActivity);
    if (value.timestamp !== undefined && (typeof value.timestamp !== 'string' || !TIMESTAMP.test(value.timestamp) || Number.isNaN(Date.parse(value.timestamp))))
      this.fail(`${pointer}/timestamp`, 'must be an ISO 8601 timestamp with a zone');
    if (options.sub) this.only(value, pointer, ['objectType', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments']);
  }
}

/** The problems of one statement as sent (empty: valid). */
export function statementProblems(statement: unknown): XapiProblem[] {
  const check = new Checker();
  if (!isObject(statement)) return [{ pointer: '', rule: 'a statement must be a JSON object' }];
  check.only(statement, '', ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments']);
  if (statement.id !== undefined && !isUuid(statement.id)) check.fail('/id', 'must be a UUID');
  if (statement.version !== undefined && (typeof statement.version !== 'string' || !/^1\.0(\.\d+)?$/.test(statement.version))) check.fail('/version', 'must be a 1.0.x version');
  if (statement.attachments !== undefined) check.fail('/attachments', 'attachments are not accepted by this LRS');
  check.body(statement, '', { sub: false });
  // Voiding: the object is a StatementRef to the statement voided.
  const verb = isObject(statement.verb) ? statement.verb.id : undefined;
  if (verb === VERB.voided && !(isObject(statement.object) && statement.object.objectType === 'StatementRef')) check.fail('/object', 'a voiding statement must target a StatementRef');
  return check.problems;
}

export function isVoiding(statement: Json): boolean {
  return isObject(statement.verb) && statement.verb.id === VERB.voided;
}

/** A JSON value with object keys sorted (for comparison and storage). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value))
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical(value[k])]),
    );
  return value;
}

/**
 * Whether two statements with the same id are the same statement (xAPI 1.0.3, "Statement
 * comparison requirements"): what the LRS sets (stored, authority, version) is ignored, and so
 * are the order of keys and timestamps written differently for the same instant.
 */
export function sameStatement(a: Json, b: Json): boolean {
  // A timestamp the sender left out is the LRS's (the time stored): not compared.
  const timed = a.timestamp !== undefined && b.timestamp !== undefined;
  const strip = (s: Json) => {
    const { stored: _s, authority: _a, version: _v, timestamp, ...rest } = s;
    return canonical(timed ? { ...rest, timestamp: new Date(String(timestamp)).getTime() } : rest);
  };
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}
