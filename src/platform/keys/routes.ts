// GET /api/v1/keys: every key of the platform keyring, retired ones included, with its
// validity, so that a receipt or checkpoint signed years ago still verifies.
import { Type } from 'typebox';
import type { TamboApp } from '../http/app-types.ts';
import type { Keyring } from './keyring.ts';

const PublishedKeySchema = Type.Object(
  {
    kty: Type.String(),
    kid: Type.String(),
    alg: Type.String(),
    use: Type.String(),
    n: Type.String(),
    e: Type.String(),
    not_before: Type.String({ format: 'date-time', description: 'Published from this moment: nothing it signed is older' }),
    not_after: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Retired at this moment: nothing it signed is newer; null while in use' }),
    status: Type.Union([Type.Literal('signing'), Type.Literal('published'), Type.Literal('staged'), Type.Literal('retired')]),
  },
  { $id: 'PublishedKey' },
);

export function registerKeyRoutes(app: TamboApp, keyring: Keyring): void {
  app.addSchema(PublishedKeySchema);
  app.get(
    '/api/v1/keys',
    {
      schema: {
        tags: ['audit'],
        operationId: 'listPlatformKeys',
        summary: 'Every public key the platform ever signed with, with its validity dates',
        description:
          "A JSON Web Key Set (RFC 7517; extra members `not_before`, `not_after`, `status`): the provider's keys (also at /auth/jwks while in use) that sign tokens, mailbox receipts and audit checkpoints. Retired keys stay here for good, so a document signed years ago verifies with the key its `kid` names, if it was signed between `not_before` and `not_after`.",
        response: { 200: Type.Object({ keys: Type.Array(Type.Ref('PublishedKey')) }) },
      },
    },
    async (_request, reply) => {
      const keys = await keyring.publish();
      reply.header('cache-control', 'public, max-age=300');
      return {
        keys: keys.map((key) => ({
          kty: String(key.jwk.kty),
          kid: key.kid,
          alg: String(key.jwk.alg ?? 'RS256'),
          use: String(key.jwk.use ?? 'sig'),
          n: String(key.jwk.n),
          e: String(key.jwk.e),
          not_before: key.notBefore.toISOString(),
          not_after: key.notAfter ? key.notAfter.toISOString() : null,
          status: key.state,
        })),
      };
    },
  );
}
