// The register of public entities (/instituciones): each entity with its level, the entity it
// answers to, its legal basis, contact and e-government officer; a plain GET filter by level.
import { Button, Form, Select } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { type Agency, LEVEL_GROUPS } from '../agency.types.ts';

export function AgencyDirectory(props: { agencies: Agency[]; names: Map<string, string>; chosen: string }) {
  const { t } = useView();
  const options = [
    { value: '', label: t('agencies.directory.all') },
    ...Object.entries(LEVEL_GROUPS).flatMap(([group, levels]) => [
      { value: group, label: t(`agencies.levelGroup.${group}`) },
      ...levels.map((level) => ({ value: level, label: `— ${t(`agencies.level.${level}`)}` })),
    ]),
  ];
  return (
    <>
      <h1>{t('agencies.directory.title')}</h1>
      <p class="lead">{t('agencies.directory.lead', { count: props.agencies.length })}</p>
      <Form action="/instituciones" method="get">
        <Select name="nivel" label={t('agencies.directory.filter')} options={options} value={props.chosen} />
        <Button variant="secondary">{t('agencies.directory.show')}</Button>
      </Form>
      <ul class="agency-list">
        {props.agencies.map((agency) => (
          <li key={agency.code} id={`institucion-${agency.code}`}>
            <h2 class="agency-list__name">
              {agency.name} <span class="agency-list__acronym">({agency.acronym})</span>
            </h2>
            <p class="agency-list__kind">{t(`agencies.level.${agency.level}`)}</p>
            <p>{agency.mission}</p>
            {agency.superiorCode ? (
              <p>
                {t('agencies.directory.superior')} <a href={`/instituciones#institucion-${agency.superiorCode}`}>{props.names.get(agency.superiorCode) ?? agency.superiorCode}</a>
              </p>
            ) : null}
            {agency.legalBasis ? (
              <p>
                {t('agencies.directory.legalBasis')} {agency.legalBasis}
              </p>
            ) : null}
            {agency.contactEmail || agency.contactPhone ? (
              <p>
                {t('agencies.directory.contact')} {agency.contactEmail ? <a href={`mailto:${agency.contactEmail}`}>{agency.contactEmail}</a> : null}
                {agency.contactEmail && agency.contactPhone ? ', ' : null}
                {agency.contactPhone}
              </p>
            ) : null}
            {agency.egovOfficer ? (
              <p>
                {t('agencies.directory.officer')} {agency.egovOfficer}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
