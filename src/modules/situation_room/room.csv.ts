// The room's view as CSV (RFC 4180): one line per figure, month, child territory and agency.
import type { Translate } from '../../platform/i18n/i18n.ts';
import { csvDocument } from '../../shared/csv.ts';
import type { FigureValue, RoomView } from './room.service.ts';

export function roomCsv(view: RoomView, t: Translate, levelName: (key: string) => string): string {
  const place = view.territory?.code ?? '';
  const lines: Array<Array<string | FigureValue>> = [['view', 'territory', 'agency', 'figure', 'figure_name', 'key', 'key_name', 'value', 'suppressed']];
  const agency = view.agency ?? '';
  for (const f of view.figures) lines.push(['figures', place, agency, f.id, t(f.stat.labelKey), '', '', f.value, f.value === null ? 'true' : 'false']);
  const chosen = view.chosen;
  if (chosen) {
    const name = t(chosen.stat.labelKey);
    for (const p of view.trend) lines.push(['trend', place, agency, chosen.id, name, p.month, p.month, p.value, p.value === null ? 'true' : 'false']);
    for (const c of view.byChild) {
      lines.push(['territory', place, agency, chosen.id, name, c.territory.code, `${c.territory.name} (${levelName(c.territory.level)})`, c.value, c.value === null ? 'true' : 'false']);
    }
    for (const a of view.byAgency) lines.push(['agency', place, a.agency, chosen.id, name, a.agency, a.agency, a.value, a.value === null ? 'true' : 'false']);
  }
  return csvDocument(lines);
}
