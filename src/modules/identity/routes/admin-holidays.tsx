// Holidays declared by decree (/admin/feriados), for platform administrators: the list of a
// year and a form to add one. Plain forms: works without JavaScript.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { localDate } from '../../../platform/country/business-days.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import type { Staff } from '../admin/common.ts';
import { addDecreedHoliday, listDecreedHolidays } from '../admin/holidays.service.ts';
import { HolidaysPage, type HolidayValues } from '../views/admin-holidays.views.tsx';
import type { FormErrors } from '../views/admin.views.tsx';
import { Text, attempt, doneMessage, staffOf, titleWithErrors } from './admin-common.ts';

const HOLIDAYS_PATH = '/admin/feriados';

const YearQuery = Type.Object({
  anio: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2999 })),
  hecho: Type.Optional(Type.String({ maxLength: 20 })),
});
const HolidayBody = Type.Object({ 'date-day': Text(4), 'date-month': Text(4), 'date-year': Text(6), name: Text(300), decree: Text(300) });

const EMPTY: HolidayValues = { date: {}, name: '', decree: '' };

export function registerHolidayPages(app: TamboApp, deps: Deps): void {
  const page = async (request: FastifyRequest, reply: FastifyReply, staff: Staff, year: number, form: { values?: HolidayValues; errors?: FormErrors; done?: string } = {}) => {
    const holidays = await listDecreedHolidays(deps, staff, year);
    const errors = form.errors ?? {};
    return reply.page({
      status: Object.keys(errors).length > 0 ? 400 : 200,
      title: titleWithErrors(request, request.t('identity.holidays.heading'), errors),
      breadcrumbs: [{ href: '/admin', label: request.t('identity.admin.home.heading') }],
      body: <HolidaysPage year={year} holidays={holidays} values={form.values ?? EMPTY} errors={errors} done={form.done} />,
    });
  };
  const thisYear = () => Number(localDate(deps.country, new Date()).slice(0, 4));

  app.get(HOLIDAYS_PATH, { schema: { querystring: YearQuery } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    return page(request, reply, staff, request.query.anio ?? thisYear(), { done: doneMessage(request, request.query.hecho) });
  });

  app.post(HOLIDAYS_PATH, { schema: { body: HolidayBody } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    const b = request.body;
    const values: HolidayValues = { date: { day: b['date-day'] ?? '', month: b['date-month'] ?? '', year: b['date-year'] ?? '' }, name: b.name ?? '', decree: b.decree ?? '' };
    const result = await attempt(request, () => addDecreedHoliday(deps, staff, values));
    if (!result.ok) {
      const typedYear = Number(values.date.year);
      return page(request, reply, staff, typedYear >= 1900 && typedYear <= 2999 ? typedYear : thisYear(), { values, errors: result.errors });
    }
    return reply.redirect(`${HOLIDAYS_PATH}?anio=${result.value.date.slice(0, 4)}&hecho=feriado`, 303);
  });
}
