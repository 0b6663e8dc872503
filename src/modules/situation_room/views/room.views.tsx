// The situation room's page: the figures of a territory, the chosen figure's trend, bars by
// child territory and a choropleth of them, by agency; every chart beside its table. Without
// JavaScript an "Actualizar" link reloads it; room.js (progressive enhancement) keeps the
// figures live from the room's Server-Sent Events.
import { BarChart, Choropleth, LineChart } from '../../../platform/views/charts/index.ts';
import { Table } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { LayerCounts } from '../layers.service.ts';
import type { RoomOverdueItem } from '../overdue.service.ts';
import type { FigureValue, RoomView } from '../room.service.ts';
import { ROOM_PATH } from '../room.types.ts';

export const roomPath = (code: string | null) => (code === null ? ROOM_PATH : `${ROOM_PATH}/${encodeURIComponent(code)}`);

/** The room's address with its query (figure, agency). */
export function roomHref(code: string | null, query: { cifra?: string | undefined; institucion?: string | null | undefined }, suffix = ''): string {
  const params = new URLSearchParams();
  if (query.cifra) params.set('cifra', query.cifra);
  if (query.institucion) params.set('institucion', query.institucion);
  const search = params.toString();
  return `${roomPath(code)}${suffix}${search ? `?${search}` : ''}`;
}

/** A figure in words: the number, "withheld" (a small public count) or a dash (nothing observed). */
function useFigure(): (value: FigureValue) => string {
  const { t, format } = useView();
  return (value) => (value === null ? t('situation_room.suppressed') : value === undefined ? t('situation_room.noData') : format.number(value));
}

/** Reports counted in each feature of the territory layers (cuadrantes de paz…). */
export function LayerTables(props: { layers: LayerCounts[] }) {
  const { t, locale } = useView();
  const number = useFigure();
  return (
    <>
      {props.layers.map((layer) => (
        <section key={layer.code} aria-labelledby={`capa-${layer.code}`}>
          <h2 id={`capa-${layer.code}`}>{t('situation_room.layer', { layer: layer.name[locale] })}</h2>
          <Table
            caption={t('situation_room.layer', { layer: layer.name[locale] })}
            captionHidden
            rowHeaders
            columns={[{ label: t('situation_room.feature') }, { label: t('situation_room.stat.reportsInLayer'), numeric: true }]}
            rows={layer.features.map((f) => [f.name[locale], number(f.value)])}
          />
        </section>
      ))}
    </>
  );
}

/** The worst overdue items of the territory (or of the agency chosen); operators of a territory's room may instruct about each. */
export function OverdueList(props: { items: RoomOverdueItem[]; code: string | null; instruct: boolean }) {
  const { t, format } = useView();
  return (
    <section aria-labelledby="atrasados">
      <h2 id="atrasados">{t('situation_room.overdue.title')}</h2>
      {props.items.length === 0 ? (
        <p>{t('situation_room.overdue.none')}</p>
      ) : (
        <Table
          id="lista-atrasados"
          caption={t('situation_room.overdue.title')}
          captionHidden
          columns={[
            { label: t('situation_room.overdue.kind') },
            { label: t('situation_room.overdue.ref') },
            { label: t('situation_room.overdue.subject') },
            { label: t('situation_room.agency') },
            { label: t('situation_room.overdue.due') },
            { label: t('situation_room.overdue.late'), numeric: true },
            ...(props.instruct ? [{ label: t('situation_room.overdue.act') }] : []),
          ]}
          rows={props.items.map((item) => [
            t(item.labelKey),
            item.href ? <a href={item.href}>{item.ref}</a> : item.ref,
            item.title,
            item.agency ?? '—',
            format.date(item.dueAt),
            t('situation_room.overdue.days', { days: item.daysLate }),
            ...(props.instruct
              ? [
                  <a href={`${roomPath(props.code)}?${new URLSearchParams({ instruir: `${item.kind}:${item.ref}`, ...(item.agency ? { para: `agency:${item.agency}` } : {}) })}#enviar-instruccion`}>
                    {t('situation_room.overdue.instruct', { ref: item.ref })}
                  </a>,
                ]
              : []),
          ])}
        />
      )}
    </section>
  );
}

export function RoomPage(props: { view: RoomView; levelName: (key: string) => string; children?: preact.ComponentChildren }) {
  const { t, format, asset } = useView();
  const { view } = props;
  const code = view.territory?.code ?? null;
  const place = view.territory?.name ?? t('situation_room.national');
  const chosen = view.chosen;
  const chosenLabel = chosen ? t(chosen.stat.labelKey) : '';
  const here = { cifra: chosen?.id, institucion: view.agency };
  const number = useFigure();
  return (
    <div class="situation-room" data-room-events={`${roomPath(code)}/events`} data-room-live={t('situation_room.live')}>
      <script src={asset('js/situation-room.js')} defer />
      <h1>{t('situation_room.title', { place })}</h1>
      <p class="lead">{view.operator ? t('situation_room.leadOperator') : t('situation_room.lead')}</p>
      <p>
        <a href={roomHref(code, here)} data-room-refresh>
          {t('situation_room.refresh')}
        </a>{' '}
        · <a href={roomHref(code, here, '/datos.csv')}>{t('situation_room.csv')}</a>
        {view.agency ? (
          <>
            {' '}
            · {t('situation_room.agencyFilter', { agency: view.agency })} <a href={roomHref(code, { cifra: chosen?.id })}>{t('situation_room.allAgencies')}</a>
          </>
        ) : null}
      </p>
      <p class="visually-hidden" aria-live="polite" data-room-status />

      <Table
        id="cifras"
        caption={t('situation_room.figures', { place })}
        rowHeaders
        columns={[{ label: t('situation_room.figure') }, { label: t('situation_room.value'), numeric: true }, { label: t('situation_room.audience') }]}
        rows={view.figures.map((f) => [
          f.id === chosen?.id ? t(f.stat.labelKey) : <a href={roomHref(code, { cifra: f.id, institucion: view.agency })}>{t(f.stat.labelKey)}</a>,
          <span data-room-figure={f.id}>{number(f.value)}</span>,
          f.stat.public ? t('situation_room.public') : t('situation_room.roomOnly'),
        ])}
      />
      {view.figures.length === 0 ? <p>{t('situation_room.noFigures')}</p> : null}

      {chosen && view.trend.length > 0 ? (
        <section aria-labelledby="tendencia">
          <h2 id="tendencia">{t('situation_room.trend', { figure: chosenLabel })}</h2>
          <LineChart
            id="grafico-tendencia"
            title={t('situation_room.trend', { figure: chosenLabel })}
            description={t('situation_room.trendDescription', { figure: chosenLabel, place })}
            points={view.trend.map((p) => ({ label: p.month, value: p.value ?? 0 }))}
          />
          <Table
            caption={t('situation_room.trendTable', { figure: chosenLabel })}
            rowHeaders
            columns={[{ label: t('situation_room.month') }, { label: chosenLabel, numeric: true }]}
            rows={view.trend.map((p) => [p.month, number(p.value)])}
          />
        </section>
      ) : null}

      {chosen && view.byChild.length > 0 ? (
        <section aria-labelledby="por-territorio">
          <h2 id="por-territorio">{t('situation_room.byTerritory', { figure: chosenLabel })}</h2>
          {view.map ? (
            <Choropleth
              id="mapa-sala"
              title={t('situation_room.mapTitle', { figure: chosenLabel, place })}
              description={t('situation_room.mapDescription', { figure: chosenLabel })}
              map={view.map}
              values={new Map(view.byChild.flatMap((c) => (typeof c.value === 'number' ? [[c.territory.code, c.value] as const] : [])))}
              label={(value) => format.number(value)}
              legend={(from, to) => t('situation_room.legend', { from, to })}
            />
          ) : null}
          <BarChart
            id="grafico-territorios"
            title={t('situation_room.byTerritory', { figure: chosenLabel })}
            description={t('situation_room.barsDescription', { figure: chosenLabel, place })}
            points={view.byChild.map((c) => ({ label: c.territory.name, value: c.value ?? 0 }))}
          />
          <Table
            id="territorios"
            caption={t('situation_room.byTerritoryTable', { figure: chosenLabel })}
            rowHeaders
            columns={[{ label: t('situation_room.territory') }, { label: t('situation_room.level') }, { label: chosenLabel, numeric: true }]}
            rows={view.byChild.map((c) => [<a href={roomHref(c.territory.code, here)}>{c.territory.name}</a>, props.levelName(c.territory.level), number(c.value)])}
          />
        </section>
      ) : null}

      {chosen && view.byAgency.length > 0 ? (
        <section aria-labelledby="por-institucion">
          <h2 id="por-institucion">{t('situation_room.byAgency', { figure: chosenLabel })}</h2>
          <BarChart
            id="grafico-instituciones"
            title={t('situation_room.byAgency', { figure: chosenLabel })}
            description={t('situation_room.agencyDescription', { figure: chosenLabel, place })}
            points={view.byAgency.slice(0, 12).map((a) => ({ label: a.agency, value: a.value ?? 0 }))}
          />
          <Table
            id="instituciones"
            caption={t('situation_room.byAgencyTable', { figure: chosenLabel })}
            rowHeaders
            columns={[{ label: t('situation_room.agency') }, { label: chosenLabel, numeric: true }]}
            rows={view.byAgency.map((a) => [<a href={roomHref(code, { cifra: chosen.id, institucion: a.agency })}>{a.agency}</a>, number(a.value)])}
          />
        </section>
      ) : null}
      {props.children}
    </div>
  );
}
