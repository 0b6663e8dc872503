// The column types the generated table types (`*.generated.ts`, `npm run db:types`) share,
// written once here rather than repeated in every generated file. They follow what
// kysely-codegen emits for PostgreSQL.
import type { ColumnType } from 'kysely';

/** A column with a default: optional on insert. */
export type Generated<T> = T extends ColumnType<infer S, infer I, infer U> ? ColumnType<S, I | undefined, U> : ColumnType<T, T | undefined, T>;

export type JsonPrimitive = boolean | number | string | null;
export type JsonArray = JsonValue[];
export type JsonObject = { [x: string]: JsonValue | undefined };
export type JsonValue = JsonArray | JsonObject | JsonPrimitive;
/** A json or jsonb column. */
export type Json = JsonValue;

/** numeric: read as a string (exact), written as a number or a string. */
export type Numeric = ColumnType<string, number | string, number | string>;

/** timestamptz: read as a Date, written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
