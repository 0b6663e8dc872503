import { useView } from '../../../platform/views/context.ts';
import type { Agency } from '../agency.types.ts';

export function AgencyDirectory(props: { agencies: Agency[] }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('agencies.directory.title')}</h1>
      <p class="lead">{t('agencies.directory.lead', { count: props.agencies.length })}</p>
      <ul class="agency-list">
        {props.agencies.map((agency) => (
          <li key={agency.code} id={`institucion-${agency.code}`}>
            <h2 class="agency-list__name">
              {agency.name} <span class="agency-list__acronym">({agency.acronym})</span>
            </h2>
            <p class="agency-list__kind">{t(`agencies.kind.${agency.kind}`)}</p>
            <p>{agency.mission}</p>
            {agency.superiorCode ? (
              <p>
                {t('agencies.directory.superior')} <a href={`#institucion-${agency.superiorCode}`}>{props.agencies.find((a) => a.code === agency.superiorCode)?.name ?? agency.superiorCode}</a>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
