// CLAP deliveries: the room's list (overdue and disputed first) and a delivery's page, with the
// distributor's report form and the spokespeople's confirmation form.
import { Button, ErrorSummary, Form, Radios, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { type ClapDelivery, hasDiscrepancy, isOverdue } from '../clap.types.ts';
import type { Instruction } from '../instruction.types.ts';
import { ItemInstructions } from './instruction.views.tsx';
import { ROOM_PATH } from '../room.types.ts';

export const clapPath = (id: string) => `${ROOM_PATH}/clap/${id}`;

/** The room of the commune above a council, with the instruction form filled in for this delivery. */
export const instructHref = (d: ClapDelivery) => {
  const commune = d.territoryPath.at(-2) ?? d.territoryPath.at(-1)!;
  return `${ROOM_PATH}/${encodeURIComponent(commune)}?instruir=${encodeURIComponent(`clap_delivery:${d.id}`)}&para=${encodeURIComponent(`territory:${commune}`)}#enviar-instruccion`;
};

function Flags(props: { delivery: ClapDelivery; today: string }) {
  const { t } = useView();
  const d = props.delivery;
  return (
    <>
      {isOverdue(d, props.today) ? <Tag tone="danger">{t('situation_room.clap.overdue')}</Tag> : null}
      {hasDiscrepancy(d) ? <Tag tone="warning">{t('situation_room.clap.discrepancy')}</Tag> : null}
      {d.confirmation === 'confirmed' && !hasDiscrepancy(d) ? <Tag tone="success">{t('situation_room.clap.confirmed')}</Tag> : null}
      {d.deliveredOn && d.confirmation === null ? <Tag tone="info">{t('situation_room.clap.reported')}</Tag> : null}
      {!d.deliveredOn && !isOverdue(d, props.today) ? <Tag tone="neutral">{t('situation_room.clap.scheduled')}</Tag> : null}
    </>
  );
}

const day = (value: string) => new Date(`${value}T12:00:00Z`);

export function ClapList(props: { deliveries: ClapDelivery[]; today: string; names: Map<string, string>; operator: boolean }) {
  const { t, format } = useView();
  if (props.deliveries.length === 0) return null;
  return (
    <section aria-labelledby="clap">
      <h2 id="clap">{t('situation_room.clap.listTitle')}</h2>
      <Table
        caption={t('situation_room.clap.listTitle')}
        captionHidden
        rowHeaders
        columns={[
          { label: t('situation_room.clap.council') },
          { label: t('situation_room.clap.cycle') },
          { label: t('situation_room.clap.scheduledOn') },
          { label: t('situation_room.clap.families'), numeric: true },
          { label: t('situation_room.clap.state') },
        ]}
        rows={props.deliveries.map((d) => [
          <a href={clapPath(d.id)}>{props.names.get(d.territoryPath.at(-1)!) ?? d.territoryPath.at(-1)}</a>,
          d.cycle,
          format.date(day(d.scheduledOn)),
          d.familiesServed === null ? format.number(d.familiesPlanned) : `${format.number(d.familiesServed)} / ${format.number(d.familiesPlanned)}`,
          <>
            <Flags delivery={d} today={props.today} />
            {props.operator && (isOverdue(d, props.today) || hasDiscrepancy(d)) ? (
              <>
                {' '}
                <a href={instructHref(d)}>{t('situation_room.clap.instruct')}</a>
              </>
            ) : null}
          </>,
        ])}
      />
    </section>
  );
}

export function ClapPage(props: {
  delivery: ClapDelivery;
  council: string;
  today: string;
  form: 'report' | 'confirm' | null;
  operator: boolean;
  values: Record<string, string>;
  errors: Record<string, string>;
  /** The room's instructions about this delivery (status only: the public timeline). */
  instructions: Array<{ instruction: Instruction; recipient: string }>;
}) {
  const { t, format } = useView();
  const d = props.delivery;
  const message = (field: string) => (props.errors[field] ? t(props.errors[field]) : undefined);
  return (
    <>
      <ErrorSummary errors={summaryItems(Object.fromEntries(Object.keys(props.errors).map((f) => [f, message(f)])))} />
      <h1>{t('situation_room.clap.title', { council: props.council, cycle: d.cycle })}</h1>
      <p>
        <Flags delivery={d} today={props.today} />
      </p>
      <SummaryList
        rows={[
          { key: t('situation_room.clap.scheduledOn'), value: format.date(day(d.scheduledOn)) },
          { key: t('situation_room.clap.familiesPlanned'), value: format.number(d.familiesPlanned) },
          { key: t('situation_room.clap.deliveredOn'), value: d.deliveredOn ? format.date(day(d.deliveredOn)) : t('situation_room.clap.notYet') },
          { key: t('situation_room.clap.familiesServed'), value: d.familiesServed === null ? t('situation_room.clap.notYet') : format.number(d.familiesServed) },
          { key: t('situation_room.clap.items'), value: d.items ?? t('situation_room.clap.notYet') },
          { key: t('situation_room.clap.familiesCounted'), value: d.familiesCounted === null ? t('situation_room.clap.notYet') : format.number(d.familiesCounted) },
          ...(d.disputeNote ? [{ key: t('situation_room.clap.note'), value: d.disputeNote }] : []),
        ]}
      />
      <ItemInstructions instructions={props.instructions} />
      {props.form === 'report' ? (
        <Form action={`${clapPath(d.id)}#resumen-errores`}>
          <input type="hidden" name="kind" value="report" />
          <h2>{t('situation_room.clap.reportTitle')}</h2>
          <TextField
            name="deliveredOn"
            label={t('situation_room.clap.deliveredOn')}
            hint={t('situation_room.instruction.dueOnHint')}
            value={props.values.deliveredOn ?? ''}
            width="10"
            error={message('deliveredOn')}
          />
          <TextField name="familiesServed" label={t('situation_room.clap.familiesServed')} value={props.values.familiesServed ?? ''} width="5" inputmode="numeric" error={message('familiesServed')} />
          <TextArea name="items" label={t('situation_room.clap.items')} value={props.values.items ?? ''} error={message('items')} />
          <Button type="submit">{t('situation_room.clap.sendReport')}</Button>
        </Form>
      ) : null}
      {props.form === 'confirm' ? (
        <Form action={`${clapPath(d.id)}#resumen-errores`}>
          <input type="hidden" name="kind" value="confirm" />
          <h2>{t('situation_room.clap.confirmTitle')}</h2>
          <Radios
            name="confirmation"
            label={t('situation_room.clap.confirmation')}
            options={[
              { value: 'confirmed', label: t('situation_room.clap.confirm') },
              { value: 'disputed', label: t('situation_room.clap.dispute') },
            ]}
            value={props.values.confirmation}
            error={message('confirmation')}
          />
          <TextField
            name="familiesCounted"
            label={t('situation_room.clap.familiesCounted')}
            value={props.values.familiesCounted ?? ''}
            width="5"
            inputmode="numeric"
            error={message('familiesCounted')}
          />
          <TextArea name="note" label={t('situation_room.clap.note')} optional value={props.values.note ?? ''} error={message('note')} />
          <Button type="submit">{t('situation_room.clap.sendConfirmation')}</Button>
        </Form>
      ) : null}
      {props.operator && (isOverdue(d, props.today) || hasDiscrepancy(d)) ? (
        <p>
          <a href={instructHref(d)}>{t('situation_room.clap.instruct')}</a>
        </p>
      ) : null}
    </>
  );
}
