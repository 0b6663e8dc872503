// The communes' Agenda Concreta de Acción: the room's list (overdue first), a territory's whole
// agenda, the spokespeople's form for a new action, and an action's page with its progress log,
// its linked projects and reports, the progress form and the operators' "Instruir".
import { Button, ErrorSummary, Form, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { type AcaAction, type AcaProgress, isAcaOverdue } from '../aca.types.ts';
import type { Instruction } from '../instruction.types.ts';
import { ItemInstructions } from './instruction.views.tsx';
import { ROOM_PATH } from '../room.types.ts';

export const acaPath = (id: string) => `${ROOM_PATH}/aca/${id}`;
export const acaListPath = (code: string) => `${ROOM_PATH}/${encodeURIComponent(code)}/aca`;
export const acaNewPath = (code: string) => `${acaListPath(code)}/nueva`;

/** The action's room with the instruction form filled in: to its responsible agency when it names one, else to the commune. */
export const acaInstructHref = (a: AcaAction) => {
  const commune = a.territoryPath.at(-1)!;
  const to = a.responsibleAgency ? `agency:${a.responsibleAgency}` : `territory:${commune}`;
  return `${ROOM_PATH}/${encodeURIComponent(commune)}?instruir=${encodeURIComponent(`aca_action:${a.id}`)}&para=${encodeURIComponent(to)}#enviar-instruccion`;
};

const day = (value: string) => new Date(`${value}T12:00:00Z`);

function AcaFlags(props: { action: AcaAction; today: string }) {
  const { t } = useView();
  const a = props.action;
  return (
    <>
      {isAcaOverdue(a, props.today) ? <Tag tone="danger">{t('situation_room.aca.overdue')}</Tag> : null}{' '}
      <Tag tone={a.status === 'done' ? 'success' : a.status === 'in_progress' ? 'info' : 'neutral'}>{t(`situation_room.aca.status.${a.status}`)}</Tag>
    </>
  );
}

/** The actions' table (the room's list and the whole agenda). */
export function AcaTable(props: { actions: AcaAction[]; today: string; names: Map<string, string>; operator: boolean; caption: string }) {
  const { t, format } = useView();
  return (
    <Table
      caption={props.caption}
      captionHidden
      rowHeaders
      columns={[
        { label: t('situation_room.aca.action') },
        { label: t('situation_room.aca.territory') },
        { label: t('situation_room.aca.responsible') },
        { label: t('situation_room.aca.dueOn') },
        { label: t('situation_room.aca.progressState') },
      ]}
      rows={props.actions.map((a) => [
        <a href={acaPath(a.id)}>{a.title}</a>,
        props.names.get(a.territoryPath.at(-1)!) ?? a.territoryPath.at(-1),
        a.responsible,
        format.date(day(a.dueOn)),
        <>
          {`${format.number(a.progress)} % `}
          <AcaFlags action={a} today={props.today} />
          {props.operator ? (
            <>
              {' '}
              <a href={acaInstructHref(a)}>{t('situation_room.aca.instruct')}</a>
            </>
          ) : null}
        </>,
      ])}
    />
  );
}

/** The room's section: the actions below it, overdue first (at most 20), with the way to the whole agenda. */
export function AcaList(props: { code: string; actions: AcaAction[]; today: string; names: Map<string, string>; operator: boolean; responder: boolean }) {
  const { t } = useView();
  if (props.actions.length === 0 && !props.responder) return null;
  return (
    <section aria-labelledby="aca">
      <h2 id="aca">{t('situation_room.aca.listTitle')}</h2>
      {props.actions.length > 0 ? <AcaTable {...props} caption={t('situation_room.aca.listTitle')} /> : <p>{t('situation_room.aca.none')}</p>}
      <p>
        <a href={acaListPath(props.code)}>{t('situation_room.aca.all')}</a>
        {props.responder ? (
          <>
            {' · '}
            <a href={acaNewPath(props.code)}>{t('situation_room.aca.new')}</a>
          </>
        ) : null}
      </p>
    </section>
  );
}

/** A territory's whole agenda (public). */
export function AcaAgendaPage(props: { code: string; place: string; actions: AcaAction[]; today: string; names: Map<string, string>; operator: boolean; responder: boolean }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('situation_room.aca.agendaTitle', { place: props.place })}</h1>
      <p class="lead">{t('situation_room.aca.lead')}</p>
      {props.responder ? (
        <p>
          <a href={acaNewPath(props.code)}>{t('situation_room.aca.new')}</a>
        </p>
      ) : null}
      {props.actions.length > 0 ? <AcaTable {...props} caption={t('situation_room.aca.agendaTitle', { place: props.place })} /> : <p>{t('situation_room.aca.none')}</p>}
    </>
  );
}

/** The spokespeople's form for a new action of the territory; `requestKey` makes it create once. */
export function AcaForm(props: { code: string; place: string; values: Record<string, string>; errors: Record<string, string>; requestKey: string }) {
  const { t } = useView();
  const { values, errors } = props;
  const message = (field: string) => (errors[field] ? t(errors[field]) : undefined);
  return (
    <>
      <ErrorSummary errors={summaryItems(Object.fromEntries(Object.keys(errors).map((f) => [f, message(f)])))} />
      <h1>{t('situation_room.aca.newTitle', { place: props.place })}</h1>
      <p class="lead">{t('situation_room.aca.newLead')}</p>
      <Form action={`${acaNewPath(props.code)}#resumen-errores`}>
        <input type="hidden" name="requestKey" value={props.requestKey} />
        <TextField name="title" label={t('situation_room.aca.title')} value={values.title ?? ''} error={message('title')} />
        <TextArea name="description" label={t('situation_room.aca.description')} optional value={values.description ?? ''} error={message('description')} />
        <TextField name="responsible" label={t('situation_room.aca.responsible')} hint={t('situation_room.aca.responsibleHint')} value={values.responsible ?? ''} error={message('responsible')} />
        <TextField
          name="responsibleAgency"
          label={t('situation_room.aca.responsibleAgency')}
          hint={t('situation_room.aca.responsibleAgencyHint')}
          optional
          value={values.responsibleAgency ?? ''}
          width="10"
          error={message('responsibleAgency')}
        />
        <TextField name="dueOn" label={t('situation_room.aca.dueOn')} hint={t('situation_room.aca.dueOnHint')} value={values.dueOn ?? ''} width="10" error={message('dueOn')} />
        <TextField name="projects" label={t('situation_room.aca.projects')} hint={t('situation_room.aca.projectsHint')} optional value={values.projects ?? ''} error={message('projects')} />
        <TextField name="reports" label={t('situation_room.aca.reports')} hint={t('situation_room.aca.reportsHint')} optional value={values.reports ?? ''} error={message('reports')} />
        <Button type="submit" preventDoubleClick>
          {t('situation_room.aca.create')}
        </Button>
      </Form>
    </>
  );
}

export function AcaPage(props: {
  action: AcaAction;
  place: string;
  today: string;
  log: AcaProgress[];
  projects: Array<{ id: string; title: string }>;
  /** The spokespeople's progress form (not once done). */
  form: boolean;
  operator: boolean;
  values: Record<string, string>;
  errors: Record<string, string>;
  /** The room's instructions about this action (status only: the public timeline). */
  instructions: Array<{ instruction: Instruction; recipient: string }>;
}) {
  const { t, format } = useView();
  const a = props.action;
  const message = (field: string) => (props.errors[field] ? t(props.errors[field]) : undefined);
  return (
    <>
      <ErrorSummary errors={summaryItems(Object.fromEntries(Object.keys(props.errors).map((f) => [f, message(f)])))} />
      <h1>{a.title}</h1>
      <p>
        <AcaFlags action={a} today={props.today} />
      </p>
      <SummaryList
        rows={[
          { key: t('situation_room.aca.territory'), value: <a href={acaListPath(a.territoryPath.at(-1)!)}>{props.place}</a> },
          ...(a.description ? [{ key: t('situation_room.aca.description'), value: a.description }] : []),
          { key: t('situation_room.aca.responsible'), value: a.responsibleAgency ? `${a.responsible} (${a.responsibleAgency})` : a.responsible },
          { key: t('situation_room.aca.dueOn'), value: format.date(day(a.dueOn)) },
          { key: t('situation_room.aca.progress'), value: `${format.number(a.progress)} %` },
          {
            key: t('situation_room.aca.projects'),
            value:
              props.projects.length > 0 ? (
                <ul class="list">
                  {props.projects.map((p) => (
                    <li key={p.id}>
                      <a href={`/proyectos/${p.id}`}>{p.title}</a>
                    </li>
                  ))}
                </ul>
              ) : (
                t('situation_room.aca.noLinks')
              ),
          },
          {
            key: t('situation_room.aca.reports'),
            value:
              a.reportCodes.length > 0 ? (
                <ul class="list">
                  {a.reportCodes.map((code) => (
                    <li key={code}>
                      <a href={`/reportes/${code.replace(/^R-/, '')}`}>{code}</a>
                    </li>
                  ))}
                </ul>
              ) : (
                t('situation_room.aca.noLinks')
              ),
          },
        ]}
      />
      <h2>{t('situation_room.aca.log')}</h2>
      {props.log.length > 0 ? (
        <ol class="list">
          {props.log.map((p, n) => (
            <li key={n}>
              <time datetime={p.createdAt.toISOString()}>{format.dateTime(p.createdAt)}</time>: {`${format.number(p.percent)} %`}
              {p.note ? ` — ${p.note}` : ''}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('situation_room.aca.noLog')}</p>
      )}
      <ItemInstructions instructions={props.instructions} />
      {props.form ? (
        <Form action={`${acaPath(a.id)}#resumen-errores`}>
          <h2>{t('situation_room.aca.progressTitle')}</h2>
          <TextField
            name="percent"
            label={t('situation_room.aca.percent')}
            hint={t('situation_room.aca.percentHint')}
            value={props.values.percent ?? ''}
            width="3"
            inputmode="numeric"
            error={message('percent')}
          />
          <TextArea name="note" label={t('situation_room.aca.note')} optional value={props.values.note ?? ''} error={message('note')} />
          <Button type="submit">{t('situation_room.aca.sendProgress')}</Button>
        </Form>
      ) : null}
      {props.operator ? (
        <p>
          <a href={acaInstructHref(a)}>{t('situation_room.aca.instruct')}</a>
        </p>
      ) : null}
    </>
  );
}
