// The Observatorio by level of the State (/observatorio/entidades): the national plan's goals
// written per level, computed from the register of public entities, and every entity's
// figures added up by level of the State and by level (docs/entities.md).
import { Table, Tag } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { LevelRow, LevelsView } from '../levels.service.ts';
import { useFigure } from './observatory.views.tsx';

export function LevelsPage(props: { view: LevelsView }) {
  const { t } = useView();
  const figure = useFigure();
  const { view } = props;
  const row = (label: string, r: LevelRow) => [label, String(r.entities), String(r.withPlan), String(r.reporting), String(r.offeringOnline), String(r.online), String(r.published)];
  return (
    <>
      <h1>{t('observatory.levels.title')}</h1>
      <p class="lead">{t('observatory.levels.lead')}</p>
      <Table
        caption={t('observatory.levels.goalsCaption', { year: String(view.year) })}
        rowHeaders
        columns={[
          { label: t('observatory.levels.goal') },
          { label: t('observatory.levels.measured'), numeric: true },
          { label: t('observatory.column.value', { year: String(view.year) }), numeric: true },
          { label: t('observatory.column.target'), numeric: true },
          { label: t('observatory.levels.status') },
        ]}
        rows={view.goals.map((g) => [
          t(`observatory.levels.goalName.${g.code}`, { line: String(g.line) }),
          t('observatory.levels.ofTotal', { numerator: g.numerator, denominator: g.denominator }),
          figure(g.value, 'percent'),
          t('observatory.target.inYear', { value: figure(g.target, 'percent'), year: String(g.targetYear) }),
          <Tag key="s" tone={g.met ? 'success' : 'neutral'}>
            {t(g.met ? 'observatory.levels.met' : 'observatory.levels.notMet')}
          </Tag>,
        ])}
      />
      <Table
        caption={t('observatory.levels.byLevelCaption', { year: String(view.year) })}
        rowHeaders
        columns={[
          { label: t('observatory.levels.level') },
          { label: t('observatory.levels.entities'), numeric: true },
          { label: t('observatory.levels.withPlan'), numeric: true },
          { label: t('observatory.levels.reporting'), numeric: true },
          { label: t('observatory.levels.offeringOnline'), numeric: true },
          { label: t('observatory.levels.online'), numeric: true },
          { label: t('observatory.levels.published'), numeric: true },
        ]}
        rows={view.groups.flatMap((g) => [row(t(`agencies.levelGroup.${g.group}`), g.total), ...g.levels.filter((l) => l.entities > 0).map((l) => row(`— ${t(`agencies.level.${l.key}`)}`, l))])}
      />
      <Table
        caption={t('observatory.levels.entitiesCaption', { year: String(view.year) })}
        rowHeaders
        columns={[
          { label: t('observatory.levels.entity') },
          { label: t('observatory.levels.level') },
          { label: t('observatory.levels.withPlan') },
          { label: t('observatory.levels.reporting') },
          { label: t('observatory.levels.online'), numeric: true },
          { label: t('observatory.levels.published'), numeric: true },
        ]}
        rows={view.entities.map((e) => [
          <a key="n" href={`/instituciones#institucion-${e.code}`}>
            {e.name}
          </a>,
          t(`agencies.level.${e.level}`),
          t(e.planInForce ? 'observatory.levels.yes' : 'observatory.levels.no'),
          t(e.reportFiled ? 'observatory.levels.yes' : 'observatory.levels.no'),
          String(e.online),
          String(e.published),
        ])}
      />
      <p>
        <a href={`/api/v1/observatory/levels?year=${view.year}`}>{t('observatory.levels.api')}</a>
      </p>
    </>
  );
}
