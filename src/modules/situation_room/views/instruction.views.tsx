// The room's instructions: the operator's form on a room, the list of a room's instructions,
// and an instruction's page with its timeline and, for its recipient, the answer form.
import { Button, ErrorSummary, Form, Select, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { InstructionView } from '../instruction.service.ts';
import { type Instruction, ITEM_KINDS } from '../instruction.types.ts';
import { ROOM_PATH } from '../room.types.ts';

export const instructionPath = (id: string) => `${ROOM_PATH}/instrucciones/${id}`;

/** An item's public timeline of the instructions about it (a CLAP delivery, an ACA action): to whom, when, the status; not their text. */
export function ItemInstructions(props: { instructions: Array<{ instruction: Instruction; recipient: string }> }) {
  const { t, format } = useView();
  if (props.instructions.length === 0) return null;
  return (
    <>
      <h2>{t('situation_room.clap.timeline')}</h2>
      <ol class="list">
        {props.instructions.map(({ instruction: i, recipient }) => (
          <li key={i.id}>
            {t('situation_room.clap.instructed', { recipient, when: format.dateTime(i.createdAt), status: t(`situation_room.instruction.status.${i.status}`) })}
            {i.overdue ? ` ${t('situation_room.instruction.overdue')}` : ''}
          </li>
        ))}
      </ol>
    </>
  );
}

export interface InstructionFormState {
  values: Record<string, string>;
  /** Field → message key. */
  errors: Record<string, string>;
}

function StatusTag(props: { instruction: Instruction }) {
  const { t } = useView();
  const i = props.instruction;
  return (
    <>
      <Tag tone={i.status === 'answered' ? 'success' : 'info'}>{t(`situation_room.instruction.status.${i.status}`)}</Tag>
      {i.overdue ? (
        <>
          {' '}
          <Tag tone="danger">{t('situation_room.instruction.overdue')}</Tag>
        </>
      ) : null}
    </>
  );
}

export function InstructionForm(props: { code: string; recipients: Array<{ value: string; label: string }>; state: InstructionFormState; requestKey: string }) {
  const { t } = useView();
  const { values, errors } = props.state;
  const message = (field: string) => (errors[field] ? t(errors[field]) : undefined);
  return (
    <section aria-labelledby="enviar-instruccion">
      <h2 id="enviar-instruccion">{t('situation_room.instruction.formTitle')}</h2>
      <ErrorSummary errors={summaryItems(Object.fromEntries(Object.keys(errors).map((f) => [f, message(f)])))} />
      <Form action={`${ROOM_PATH}/${encodeURIComponent(props.code)}/instrucciones#resumen-errores`}>
        <input type="hidden" name="requestKey" value={values.requestKey ?? props.requestKey} />
        <Select
          name="itemKind"
          label={t('situation_room.instruction.itemKind')}
          options={ITEM_KINDS.map((k) => ({ value: k, label: t(`situation_room.instruction.kind.${k}`) }))}
          value={values.itemKind ?? 'territory'}
          error={message('itemKind')}
        />
        <TextField
          name="itemRef"
          label={t('situation_room.instruction.itemRef')}
          hint={t('situation_room.instruction.itemRefHint')}
          value={values.itemRef ?? ''}
          width="20"
          error={message('itemRef')}
        />
        <Select name="recipient" label={t('situation_room.instruction.recipient')} options={props.recipients} value={values.recipient} error={message('recipient')} />
        <TextArea name="body" label={t('situation_room.instruction.body')} value={values.body ?? ''} error={message('body')} />
        <TextField
          name="dueOn"
          label={t('situation_room.instruction.dueOn')}
          hint={t('situation_room.instruction.dueOnHint')}
          value={values.dueOn ?? ''}
          width="10"
          inputmode="numeric"
          error={message('dueOn')}
        />
        <Button type="submit">{t('situation_room.instruction.send')}</Button>
      </Form>
    </section>
  );
}

export function InstructionList(props: { instructions: Instruction[]; recipientName: (i: Instruction) => string }) {
  const { t, format } = useView();
  if (props.instructions.length === 0) return null;
  return (
    <section aria-labelledby="instrucciones">
      <h2 id="instrucciones">{t('situation_room.instruction.listTitle')}</h2>
      <Table
        caption={t('situation_room.instruction.listTitle')}
        captionHidden
        rowHeaders
        columns={[
          { label: t('situation_room.instruction.item') },
          { label: t('situation_room.instruction.recipient') },
          { label: t('situation_room.instruction.dueOn') },
          { label: t('situation_room.instruction.state') },
        ]}
        rows={props.instructions.map((i) => [
          <a href={instructionPath(i.id)}>{`${t(`situation_room.instruction.kind.${i.itemKind}`)} ${i.itemRef}`}</a>,
          props.recipientName(i),
          format.date(new Date(`${i.dueOn}T12:00:00Z`)),
          <StatusTag instruction={i} />,
        ])}
      />
    </section>
  );
}

export function InstructionPage(props: { view: InstructionView; recipientName: string; errors: Record<string, string>; answer: string }) {
  const { t, format } = useView();
  const { instruction: i, events } = props.view;
  const error = props.errors.answer ? t(props.errors.answer) : undefined;
  return (
    <>
      <ErrorSummary errors={summaryItems({ answer: error })} />
      <h1>{t('situation_room.instruction.title', { item: `${t(`situation_room.instruction.kind.${i.itemKind}`)} ${i.itemRef}` })}</h1>
      <p>
        <StatusTag instruction={i} />
      </p>
      <SummaryList
        rows={[
          ...(i.itemKind === 'clap_delivery' || i.itemKind === 'aca_action'
            ? [
                {
                  key: t('situation_room.instruction.item'),
                  value: <a href={`${ROOM_PATH}/${i.itemKind === 'clap_delivery' ? 'clap' : 'aca'}/${i.itemRef}`}>{t(`situation_room.instruction.kind.${i.itemKind}`)}</a>,
                },
              ]
            : []),
          { key: t('situation_room.instruction.recipient'), value: props.recipientName },
          { key: t('situation_room.instruction.dueOn'), value: format.date(new Date(`${i.dueOn}T12:00:00Z`)) },
          { key: t('situation_room.instruction.body'), value: i.body },
          ...(i.answer ? [{ key: t('situation_room.instruction.answer'), value: i.answer }] : []),
        ]}
      />
      <h2>{t('situation_room.instruction.timeline')}</h2>
      <ol class="list">
        {events.map((e, n) => (
          <li key={n}>
            <time datetime={e.createdAt.toISOString()}>{format.dateTime(e.createdAt)}</time>: {t(`situation_room.instruction.step.${e.kind}`)}
          </li>
        ))}
      </ol>
      {props.view.recipient && i.status !== 'answered' ? (
        <Form action={`${instructionPath(i.id)}#resumen-errores`}>
          <TextArea name="answer" label={t('situation_room.instruction.answer')} hint={t('situation_room.instruction.answerHint')} value={props.answer} error={error} />
          <Button type="submit" name="to" value="answered">
            {t('situation_room.instruction.sendAnswer')}
          </Button>{' '}
          <Button type="submit" name="to" value="acted" variant="secondary">
            {t('situation_room.instruction.markActed')}
          </Button>
        </Form>
      ) : null}
      <p>
        <a href={`${ROOM_PATH}/${encodeURIComponent(i.territoryPath.at(-1)!)}`}>{t('situation_room.instruction.backToRoom')}</a>
      </p>
    </>
  );
}
