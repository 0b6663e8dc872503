// Office hours as data: a schedule of weekday runs, checked on save and written in the page's
// language from the catalogs (weekday names are the platform's `calendar.weekday.N`).
import type { Translate } from '../../platform/i18n/i18n.ts';
import type { Office, OfficeOpening } from './agency.types.ts';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const weekday = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 6;
/** An opening is valid when its days are weekdays (0–6, `from` ≤ `to`) and it closes after it opens. */
export function validOpening(o: OfficeOpening): boolean {
  return weekday(o.from) && weekday(o.to) && o.from <= o.to && TIME.test(o.opens) && TIME.test(o.closes) && o.opens < o.closes;
}

/**
 * The office's hours in the page's language, from its schedule and the catalogs ("lunes a
 * viernes, de 8:00 a 16:00; sábado, de 8:00 a 12:00"); the published text when it has none.
 */
export function officeHoursText(office: Pick<Office, 'hours' | 'schedule'>, t: Translate): string {
  if (office.schedule.length === 0) return office.hours;
  const time = (hhmm: string) => hhmm.replace(/^0(\d)/, '$1');
  return office.schedule
    .map((o) => {
      const times = { opens: time(o.opens), closes: time(o.closes) };
      const from = t(`calendar.weekday.${o.from}`);
      return o.from === o.to ? t('agencies.offices.openDay', { day: from, ...times }) : t('agencies.offices.openDays', { from, to: t(`calendar.weekday.${o.to}`), ...times });
    })
    .join('; ');
}
