// /transparencia/tratamientos: the register of processing activities, one section per module
// that holds personal data, from the modules' declarations.
import { SummaryList } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { ProcessingActivity } from '../processing-register.ts';

export function ProcessingRegisterPage(props: { activities: ProcessingActivity[] }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('transparency.processing.heading')}</h1>
      <p class="lead">{t('transparency.processing.lead')}</p>
      <p>
        <a href="/cuenta/mis-datos">{t('transparency.processing.myData')}</a>
      </p>
      {props.activities.map((activity) => (
        <section key={activity.module} aria-labelledby={`tratamiento-${activity.module}`}>
          <h2 id={`tratamiento-${activity.module}`}>{activity.titleKey ? t(activity.titleKey) : activity.module}</h2>
          <SummaryList
            rows={[
              { key: t('transparency.processing.data'), value: activity.fieldKeys.map((key) => t(key)).join(', ') || '—' },
              { key: t('transparency.processing.purpose'), value: t(activity.purposeKey) },
              { key: t('transparency.processing.legalBasis'), value: t(activity.legalBasisKey) },
              { key: t('transparency.processing.retention'), value: t(activity.retentionKey) },
              { key: t('transparency.processing.rights'), value: t(activity.erasable ? 'transparency.processing.rightsErase' : 'transparency.processing.rightsKept') },
            ]}
          />
        </section>
      ))}
    </>
  );
}
