// A case's history as its person and its officials read it: in the order things happened, each
// step's label from the workflow, its local time in words (the ISO instant in `datetime` for
// machines) and its text with addresses as links.
import type { WorkflowDefinition } from '../../../platform/forms/index.ts';
import { useView } from '../../../platform/views/context.ts';
import { LinkedText } from '../../../platform/views/linked-text.tsx';
import type { CaseEvent } from '../case.types.ts';
import { localized } from './form.views.tsx';

/**
 * `documentsHref`: where the case's documents are read (`/mis-tramites/CODE` or
 * `/gestion/expedientes/CODE`); each document of a step is at `…/documentos/EVENT/POSITION`.
 */
export function Timeline(props: { events: CaseEvent[]; workflow: WorkflowDefinition; documentsHref: string }) {
  const { t, language, format } = useView();
  const label = (e: CaseEvent) => {
    if (e.kind === 'note') return t('cases.timeline.note');
    if (e.kind === 'assignment') return t('cases.timeline.assignment');
    if (e.kind === 'escalation') return t('cases.timeline.escalation');
    if (e.action === 'submit') return t('cases.timeline.submitted');
    const transition = props.workflow.transitions.find((tr) => tr.id === e.action);
    return transition ? localized(transition.label, language) : e.action;
  };
  return (
    <ol class="list timeline">
      {props.events.map((e) => (
        <li key={e.id}>
          <strong>{label(e)}</strong>{' '}
          <time class="hint" dateTime={e.occurredAt.toISOString()}>
            {format.dateTime(e.occurredAt)}
          </time>
          {e.text ? (
            <p>
              <LinkedText text={e.text} />
            </p>
          ) : null}
          {e.attachments && e.attachments.length > 0 ? (
            <ul class="list">
              {e.attachments.map((file, position) => (
                <li key={file.sha256}>
                  <a href={`${props.documentsHref}/documentos/${e.id}/${position}`}>
                    {t('cases.timeline.document', { name: file.name, size: format.number(Math.max(1, Math.round(file.size / 1024))) })}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
