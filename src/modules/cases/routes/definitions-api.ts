// A procedure's form definition and workflow through the API (issue #9): what an agency's
// system needs to build and check an application without scraping the HTML wizard. The
// definitions are the checked ones a submission follows (catalog's cache of published
// versions); the workflow lists, for each state, the transitions allowed from it.
import { Type } from 'typebox';
import type { WorkflowDefinition } from '../../../platform/forms/index.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { getOnlineProcedure } from '../services/procedures.service.ts';

const Localized = Type.Object({ es: Type.String(), en: Type.String() });
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 100, description: 'Slug of the published online procedure' }) });

const ProcedureFormSchema = Type.Object(
  {
    procedure: Type.String({ description: 'The slug' }),
    versionId: Type.String({ format: 'uuid', description: 'The published version an application made now follows' }),
    form: Type.Unknown({ description: 'The form definition (pages, components, rules, conditions), valid against /api/v1/schemas/form-definition.json' }),
  },
  { $id: 'ProcedureForm', title: 'ProcedureForm' },
);

const TransitionSchema = Type.Object({
  id: Type.String({ description: 'The action, as POST /api/v1/cases/{code}/transitions takes it' }),
  from: Type.Array(Type.String()),
  to: Type.String(),
  label: Localized,
  actor: Type.Union([Type.Literal('applicant'), Type.Literal('official'), Type.Literal('system')]),
  roles: Type.Optional(Type.Array(Type.String(), { description: 'Roles that may perform it (any official of the agency when absent)' })),
  reason: Type.Optional(Type.Union([Type.Literal('required'), Type.Literal('optional'), Type.Literal('none')])),
  applicantEdits: Type.Optional(Type.Boolean({ description: 'The applicant corrects the answers (POST /api/v1/cases/{code}/resubmission)' })),
  tacit: Type.Optional(Type.Union([Type.Literal('approval'), Type.Literal('denial')], { description: 'Applied by the system when the legal time runs out' })),
});

const ProcedureWorkflowSchema = Type.Object(
  {
    procedure: Type.String(),
    versionId: Type.String({ format: 'uuid' }),
    initialState: Type.String(),
    states: Type.Array(
      Type.Object({
        id: Type.String(),
        label: Localized,
        clock: Type.Union([Type.Literal('running'), Type.Literal('paused'), Type.Literal('stopped')], { description: 'The legal-time clock in this state' }),
        outcome: Type.Optional(Type.Union([Type.Literal('approved'), Type.Literal('rejected')])),
        final: Type.Optional(Type.Boolean()),
        deadline: Type.Optional(Type.Object({ businessDays: Type.Integer(), onExpiry: Type.Optional(Type.String()) })),
        allowedTransitions: Type.Array(Type.String(), { description: 'Ids of the transitions allowed from this state' }),
      }),
    ),
    transitions: Type.Array(TransitionSchema),
  },
  { $id: 'ProcedureWorkflow', title: 'ProcedureWorkflow' },
);

/** The workflow with, on each state, the transitions that leave it. */
export function workflowAnswer(workflow: WorkflowDefinition) {
  return {
    initialState: workflow.initialState,
    states: workflow.states.map((state) => ({ ...state, allowedTransitions: workflow.transitions.filter((t) => t.from.includes(state.id)).map((t) => t.id) })),
    transitions: workflow.transitions,
  };
}

export function registerDefinitionsApi(app: TamboApp, deps: Deps): void {
  app.addSchema(ProcedureFormSchema);
  app.addSchema(ProcedureWorkflowSchema);
  app.get(
    '/api/v1/procedures/:slug/form',
    {
      schema: {
        tags: ['cases'],
        operationId: 'getProcedureForm',
        summary: "An online procedure's form definition",
        description:
          'The pages, fields, rules and conditions an application to this procedure must satisfy: `POST /api/v1/cases` checks the answers against this very definition. Public. Valid against /api/v1/schemas/form-definition.json.',
        'x-errors': ['CASES_PROCEDURE_NOT_ONLINE'],
        'x-example': { params: { slug: 'certificado-de-nacimiento' } },
        params: SlugParams,
        response: { 200: Type.Ref('ProcedureForm') },
      },
    },
    async (request) => {
      const procedure = await getOnlineProcedure(deps, request.params.slug);
      return { procedure: request.params.slug, versionId: procedure.ref.versionId, form: procedure.form };
    },
  );
  app.get(
    '/api/v1/procedures/:slug/workflow',
    {
      schema: {
        tags: ['cases'],
        operationId: 'getProcedureWorkflow',
        summary: "An online procedure's workflow: its states and the transitions allowed from each",
        description:
          'The states a case of this procedure goes through (with the legal-time clock of each) and the transitions: who performs each (applicant, official, system), from which states, to which. Public. Valid against /api/v1/schemas/workflow-definition.json, with `allowedTransitions` added to each state.',
        'x-errors': ['CASES_PROCEDURE_NOT_ONLINE'],
        'x-example': { params: { slug: 'certificado-de-nacimiento' } },
        params: SlugParams,
        response: { 200: Type.Ref('ProcedureWorkflow') },
      },
    },
    async (request) => {
      const procedure = await getOnlineProcedure(deps, request.params.slug);
      return { procedure: request.params.slug, versionId: procedure.ref.versionId, ...workflowAnswer(procedure.workflow) };
    },
  );
}
