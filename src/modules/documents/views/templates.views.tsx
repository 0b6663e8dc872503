// The publishers' document templates: the list (defaults for platform administrators, the
// procedures they publish) and the editor of one template, with its sample preview (a form
// button that answers the PDF, so it works without JavaScript) and "back to the default".
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import { useView } from '../../../platform/views/context.ts';
import { Button, ButtonGroup, ErrorSummary, Form, InsetText, Notice, Panel, Radios, summaryItems, Table, TextArea, TextField } from '../../../platform/views/components.tsx';
import type { ProcedureTemplates, StoredTemplate, TemplateTarget } from '../templates.service.ts';
import { PLACEHOLDERS, TEMPLATE_KINDS, TEMPLATE_OUTCOMES, type TemplateOutcome } from '../templates.types.ts';

/** The address of one template's editor: a procedure's, or the default (`predeterminada`). */
export const OUTCOME_SEGMENT: Record<TemplateOutcome, string> = { approved: 'aprobado', rejected: 'denegado' };
export const templateHref = (procedureId: string | null, outcome: TemplateOutcome) => `/gestion/documentos/plantillas/${procedureId ?? 'predeterminada'}/${OUTCOME_SEGMENT[outcome]}`;

export function TemplatesPage(props: { canEditDefaults: boolean; defaults: StoredTemplate[]; procedures: ProcedureTemplates[] }) {
  const { t } = useView();
  const outcome = (o: TemplateOutcome) => t(`documents.templates.outcome.${o}`);
  return (
    <>
      <h1>{t('documents.templates.heading')}</h1>
      <p>{t('documents.templates.lead')}</p>
      <InsetText>{t('documents.templates.issuedUnchanged')}</InsetText>
      {props.canEditDefaults ? (
        <Table
          caption={t('documents.templates.defaultsCaption')}
          columns={[{ label: t('documents.templates.outcomeLabel') }, { label: t('documents.templates.titleLabel') }, { label: t('documents.templates.actions') }]}
          rows={props.defaults.map((d) => [
            outcome(d.outcome),
            d.title,
            <a key="e" href={templateHref(null, d.outcome)}>
              {t('documents.templates.editDefault', { outcome: outcome(d.outcome) })}
            </a>,
          ])}
        />
      ) : null}
      {props.procedures.length === 0 ? (
        <p>{t('documents.templates.noProcedures')}</p>
      ) : (
        <Table
          caption={t('documents.templates.proceduresCaption')}
          columns={[{ label: t('documents.templates.procedure') }, ...TEMPLATE_OUTCOMES.map((o) => ({ label: outcome(o) }))]}
          rows={props.procedures.map((p) => [
            `${p.name} (${p.agencyCode})`,
            ...TEMPLATE_OUTCOMES.map((o) => (
              <span key={o}>
                {p.own[o] ? t('documents.templates.own') : t('documents.templates.usesDefault')}{' '}
                <a href={templateHref(p.id, o)}>{t('documents.templates.edit', { procedure: p.name, outcome: outcome(o) })}</a>
              </span>
            )),
          ])}
        />
      )}
    </>
  );
}

export interface TemplateFormValues {
  kind: string;
  title: string;
  body: string;
  clave?: string;
}

export function TemplateEditPage(props: { target: TemplateTarget; values: TemplateFormValues; errors?: Record<string, string>; saved?: boolean; restored?: boolean }) {
  const { t } = useView();
  const { target } = props;
  const errors = props.errors ?? {};
  const items = summaryItems(errors);
  const href = templateHref(target.procedure?.id ?? null, target.outcome);
  const outcome = t(`documents.templates.outcome.${target.outcome}`);
  return (
    <>
      {items.length > 0 ? <ErrorSummary errors={items} /> : null}
      {props.saved ? (
        <Panel tone="success">
          <p>{t('documents.templates.saved')}</p>
        </Panel>
      ) : null}
      {props.restored ? (
        <Panel tone="success">
          <p>{t('documents.templates.restored')}</p>
        </Panel>
      ) : null}
      <h1>{target.procedure ? t('documents.templates.editHeading', { procedure: target.procedure.name, outcome }) : t('documents.templates.defaultHeading', { outcome })}</h1>
      <p>{target.procedure ? (target.own ? t('documents.templates.ownNow') : t('documents.templates.defaultNow')) : t('documents.templates.defaultLead')}</p>
      <Notice>{t('documents.templates.issuedUnchanged')}</Notice>
      <p>{t('documents.templates.placeholders', { list: PLACEHOLDERS.map((p) => `{${p}}`).join(', ') })}</p>
      <ul>
        {PLACEHOLDERS.map((p) => (
          <li key={p}>
            <code>{`{${p}}`}</code>: {t(`documents.templates.placeholder.${p}`)}
          </li>
        ))}
      </ul>
      <Form action={href}>
        <FormKey value={props.values.clave} />
        <Radios
          name="kind"
          label={t('documents.templates.kindLabel')}
          value={props.values.kind}
          error={errors.kind}
          options={TEMPLATE_KINDS.map((k) => ({ value: k, label: t(`documents.templates.kind.${k}`) }))}
          inline
        />
        <TextField name="title" label={t('documents.templates.titleLabel')} hint={t('documents.templates.titleHint')} value={props.values.title} error={errors.title} spellcheck />
        <TextArea name="body" label={t('documents.templates.bodyLabel')} hint={t('documents.templates.bodyHint')} value={props.values.body} error={errors.body} rows={8} spellcheck />
        <ButtonGroup>
          <Button type="submit" name="accion" value="guardar">
            {t('documents.templates.save')}
          </Button>
          <Button type="submit" name="accion" value="muestra" variant="secondary">
            {t('documents.templates.preview')}
          </Button>
        </ButtonGroup>
        <p class="hint">{t('documents.templates.previewHint')}</p>
      </Form>
      {target.procedure && target.own ? (
        <Form action={`${href}/predeterminada`}>
          <h2>{t('documents.templates.restoreHeading')}</h2>
          <p>{t('documents.templates.restoreLead')}</p>
          <Button type="submit" variant="warning">
            {t('documents.templates.restore')}
          </Button>
        </Form>
      ) : null}
      <p>
        <a href="/gestion/documentos/plantillas">{t('documents.templates.back')}</a>
      </p>
    </>
  );
}
