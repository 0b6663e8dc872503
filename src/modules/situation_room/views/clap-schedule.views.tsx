// Scheduling a CLAP cycle: the operator's form (a council, the cycle, the day, the families
// planned) and the link to it from a room.
import { Button, ErrorSummary, Form, Select, summaryItems, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { ROOM_PATH } from '../room.types.ts';

export const schedulePath = (code: string) => `${ROOM_PATH}/${encodeURIComponent(code)}/clap/programar`;

/** The operator's way to the form, on a room of the Venezuelan profile. */
export function ClapScheduleLink(props: { code: string }) {
  const { t } = useView();
  return (
    <p>
      <a href={schedulePath(props.code)}>{t('situation_room.clap.schedule.link')}</a>
    </p>
  );
}

export function ClapScheduleForm(props: {
  code: string;
  place: string;
  /** The councils offered (the room itself when it is one, or its children); empty: a code is typed. */
  councils: Array<{ value: string; label: string }>;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { t } = useView();
  const { values, errors } = props;
  const message = (field: string) => (errors[field] ? t(errors[field]) : undefined);
  return (
    <>
      <h1>{t('situation_room.clap.schedule.title', { place: props.place })}</h1>
      <p class="lead">{t('situation_room.clap.schedule.lead')}</p>
      <ErrorSummary errors={summaryItems(Object.fromEntries(Object.keys(errors).map((f) => [f, message(f)])))} />
      <Form action={`${schedulePath(props.code)}#resumen-errores`}>
        {props.councils.length > 0 ? (
          <Select name="territory" label={t('situation_room.clap.council')} options={props.councils} value={values.territory} error={message('territory')} />
        ) : (
          <TextField name="territory" label={t('situation_room.clap.councilCode')} value={values.territory ?? ''} width="20" error={message('territory')} />
        )}
        <TextField name="cycle" label={t('situation_room.clap.cycle')} hint={t('situation_room.clap.schedule.cycleHint')} value={values.cycle ?? ''} width="10" error={message('cycle')} />
        <TextField
          name="scheduledOn"
          label={t('situation_room.clap.scheduledOn')}
          hint={t('situation_room.clap.schedule.dayHint')}
          value={values.scheduledOn ?? ''}
          width="10"
          inputmode="numeric"
          error={message('scheduledOn')}
        />
        <TextField name="familiesPlanned" label={t('situation_room.clap.schedule.planned')} value={values.familiesPlanned ?? ''} width="5" inputmode="numeric" error={message('familiesPlanned')} />
        <Button type="submit">{t('situation_room.clap.schedule.submit')}</Button>
      </Form>
    </>
  );
}
