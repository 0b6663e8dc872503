// Holidays declared by decree (/admin/feriados), for platform administrators.
import { Button, DateField, ErrorSummary, Form, Table, TextField, summaryItems, type DateParts } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { DecreedHoliday } from '../admin/holidays.service.ts';
import { Done, type FormErrors } from './admin.views.tsx';

export interface HolidayValues {
  date: DateParts;
  name: string;
  decree: string;
}

export function HolidaysPage(props: { year: number; holidays: DecreedHoliday[]; values: HolidayValues; errors: FormErrors; done?: string }) {
  const { t, format } = useView();
  // A date is a day of the calendar, not an instant: formatted at noon UTC, shown as it is.
  const year = (n: number) => `/admin/feriados?anio=${n}`;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <Done message={props.done} />
      <h1>{t('identity.holidays.heading')}</h1>
      <p class="lead">{t('identity.holidays.lead')}</p>
      <h2>{t('identity.holidays.yearHeading', { year: String(props.year) })}</h2>
      <p>
        <a href={year(props.year - 1)}>{t('identity.holidays.previousYear', { year: String(props.year - 1) })}</a>
        {' · '}
        <a href={year(props.year + 1)}>{t('identity.holidays.nextYear', { year: String(props.year + 1) })}</a>
      </p>
      {props.holidays.length === 0 ? (
        <p>{t('identity.holidays.none', { year: String(props.year) })}</p>
      ) : (
        <Table
          caption={t('identity.holidays.caption', { year: String(props.year) })}
          rowHeaders
          columns={[{ label: t('identity.holidays.field.date') }, { label: t('identity.holidays.field.name') }, { label: t('identity.holidays.field.decree') }]}
          rows={props.holidays.map((holiday) => [<time dateTime={holiday.date}>{format.longDate(holiday.date)}</time>, holiday.name, holiday.decree])}
        />
      )}
      <h2>{t('identity.holidays.addHeading')}</h2>
      <p>{t('identity.holidays.addLead')}</p>
      <Form action="/admin/feriados">
        <DateField name="date" label={t('identity.holidays.field.date')} hint={t('identity.holidays.hint.date')} value={props.values.date} error={props.errors.date} />
        <TextField name="name" label={t('identity.holidays.field.name')} hint={t('identity.holidays.hint.name')} value={props.values.name} error={props.errors.name} />
        <TextField name="decree" label={t('identity.holidays.field.decree')} hint={t('identity.holidays.hint.decree')} value={props.values.decree} error={props.errors.decree} spellcheck={false} />
        <Button preventDoubleClick>{t('identity.holidays.add')}</Button>
      </Form>
    </>
  );
}
