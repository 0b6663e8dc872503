// Route schemas compiled on first use, not at start.
//
// Fastify compiles every route's validators (Ajv) and response serializers (fast-json-stringify)
// when the application becomes ready: with several hundred routes that was about 2 s of CPU per
// start, paid again by every test file that builds an application, although a file calls a few
// dozen routes. These compilers defer each route's compilation to its first request; the
// compiled function is kept, so later requests pay nothing. `compileAll` compiles every one at
// once, so that a malformed schema is still found by a test (`test/schemas.test.ts`) rather than
// by the first person who calls the route.
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Compiled = ((...args: unknown[]) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type RouteSchema = { schema: unknown; httpPart?: string; [key: string]: unknown };
type Builder = (externalSchemas: unknown, options: unknown) => (routeSchema: RouteSchema) => Compiled;

/** Header names are case-insensitive and Node gives them in lower case: so must the schema. */
function lowerCaseHeaders(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object') return schema;
  const { properties, required } = schema as { properties?: Record<string, unknown>; required?: string[] };
  return {
    ...schema,
    ...(properties ? { properties: Object.fromEntries(Object.entries(properties).map(([name, value]) => [name.toLowerCase(), value])) } : {}),
    ...(required ? { required: required.map((name) => name.toLowerCase()) } : {}),
  };
}

export interface LazySchemaCompilers {
  compilersFactory: NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
  /** Compiles every schema not compiled yet; throws what the first malformed one throws. */
  compileAll(): void;
}

export function lazySchemaCompilers(): LazySchemaCompilers {
  const pending = new Set<() => Compiled>();

  /** A function that compiles on its first call; `errors` and `schemaEnv` read through to it. */
  function lazy(compile: () => Compiled): Compiled {
    let compiled: Compiled | undefined;
    const get = (): Compiled => {
      if (!compiled) {
        compiled = compile();
        pending.delete(get);
      }
      return compiled;
    };
    pending.add(get);
    const wrapper = ((...args: unknown[]) => get()(...args)) as Compiled;
    Object.defineProperty(wrapper, 'errors', { get: () => get().errors });
    Object.defineProperty(wrapper, 'schemaEnv', { get: () => get().schemaEnv });
    return wrapper;
  }

  /** The default builder, itself called only when a route first needs it. */
  function deferred(build: Builder, prepare: (routeSchema: RouteSchema) => RouteSchema = (routeSchema) => routeSchema): Builder {
    return (externalSchemas, options) => {
      let compiler: ((routeSchema: RouteSchema) => Compiled) | undefined;
      return (routeSchema) =>
        lazy(() => {
          compiler ??= build(externalSchemas, options);
          return compiler(prepare(routeSchema));
        });
    };
  }

  return {
    compilersFactory: {
      // Fastify's types describe Ajv's own functions; these stand in for them (the same call, `errors`, `schemaEnv`).
      buildValidator: deferred(AjvCompiler() as unknown as Builder, (routeSchema) =>
        routeSchema.httpPart === 'headers' ? { ...routeSchema, schema: lowerCaseHeaders(routeSchema.schema) } : routeSchema,
      ),
      buildSerializer: deferred(SerializerSelector() as unknown as Builder),
    } as unknown as LazySchemaCompilers['compilersFactory'],
    compileAll() {
      for (const get of [...pending]) get();
    },
  };
}
