// The offices directory: where each agency attends people, by territory, with address,
// hours and phone; a procedure's page links each of its offices here (#oficina-<code>).
import { Button, Form, Select } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Office } from '../agency.types.ts';
import { officeHoursText } from '../office-hours.ts';

export function OfficeDirectory(props: { title: string; regions: Array<{ code: string; name: string }>; chosen: string; offices: Office[]; agencies: Map<string, string> }) {
  const { t } = useView();
  const groups = props.regions.map((region) => ({ region, offices: props.offices.filter((o) => o.territoryPath[0] === region.code) })).filter((g) => g.offices.length > 0);
  return (
    <>
      <h1>{props.title}</h1>
      <p class="lead">{t('agencies.offices.lead', { count: props.offices.length })}</p>
      <Form action="/oficinas" method="get">
        <Select
          name="territorio"
          label={t('agencies.offices.filter')}
          options={[{ value: '', label: t('agencies.offices.everywhere') }, ...props.regions.map((r) => ({ value: r.code, label: r.name }))]}
          value={props.chosen}
        />
        <Button variant="secondary">{t('agencies.offices.show')}</Button>
      </Form>
      {groups.map((g) => (
        <section key={g.region.code} aria-labelledby={`region-${g.region.code}`}>
          <h2 id={`region-${g.region.code}`}>{g.region.name}</h2>
          <ul class="office-directory">
            {g.offices.map((o) => (
              <li key={o.code} id={`oficina-${o.code}`}>
                <h3>{o.name}</h3>
                <p class="office-directory__agency">
                  <a href={`/instituciones#institucion-${o.agencyCode}`}>{props.agencies.get(o.agencyCode) ?? o.agencyCode}</a>
                </p>
                <dl>
                  <dt>{t('agencies.offices.address')}</dt>
                  <dd>{o.address}</dd>
                  <dt>{t('agencies.offices.hours')}</dt>
                  <dd>{officeHoursText(o, t)}</dd>
                  {o.phone ? (
                    <>
                      <dt>{t('agencies.offices.phone')}</dt>
                      <dd>
                        <a href={`tel:${o.phone.replace(/\s/g, '')}`}>{o.phone}</a>
                      </dd>
                    </>
                  ) : null}
                </dl>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {groups.length === 0 ? <p>{t('agencies.offices.none')}</p> : null}
    </>
  );
}
