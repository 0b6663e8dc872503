import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import type { Deps } from '../../../platform/module.ts';
import { personWithGrants } from '../../identity/index.ts';
import { editLine, lineDetail } from '../plan-editing.service.ts';

export const PLANS_SCOPE = 'observatory:plans';

const LineSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    position: Type.Integer({ minimum: 1, description: "The line's place in the plan, 1..n" }),
    axis: Type.String(),
    title: Type.String(),
  },
  { $id: 'ObservatoryLine' },
);

export function registerStructureApi(app: TamboApp, deps: Deps): void {
  const person = personWithGrants(app, deps, PLANS_SCOPE, 'OBSERVATORY_FORBIDDEN');
  app.addSchema(LineSchema);

  app.patch(
    '/api/v1/plans/:id/lines/:line',
    {
      config: { csrf: false },
      onRequest: person.hook(),
      schema: {
        tags: ['observatory'],
        operationId: 'editPlanLine',
        summary: "Rename a plan's strategic line and set its axis (the plan's administrators)",
        description: `A person's access token with the scope \`${PLANS_SCOPE}\`; a token without it, or a person who is not a \`plan_admin\` of the plan's owner agency (nor a platform administrator), answers 403 \`OBSERVATORY_FORBIDDEN\`. The title is unique in the plan (3 to 300 characters): a bad one answers 400 \`VALIDATION_FAILED\`. The same values again change nothing. Unknown or retired line: 404 \`OBSERVATORY_NOT_FOUND\`.`,
        security: bearer(PLANS_SCOPE),
        params: Type.Object({ id: Type.String({ format: 'uuid', description: "The plan's id" }), line: Type.String({ format: 'uuid', description: "The line's id" }) }),
        body: Type.Object({ axis: Type.String({ maxLength: 300 }), title: Type.String({ maxLength: 400 }) }),
        'x-errors': ['VALIDATION_FAILED', 'OBSERVATORY_FORBIDDEN', 'OBSERVATORY_NOT_FOUND'],
        response: { 200: Type.Ref('ObservatoryLine') },
      },
    },
    async (request) => {
      const actor = { ...person.of(request), requestId: request.id };
      await editLine(deps, actor, request.params.id, request.params.line, request.body);
      const { line } = await lineDetail(deps, actor, request.params.id, request.params.line);
      return { id: line.id, position: line.position, axis: line.axis, title: line.title };
    },
  );
}
