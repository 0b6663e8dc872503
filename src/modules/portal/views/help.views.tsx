// Help: where to start, the portal's contact, and the frequently asked questions of each procedure.
import { SummaryList } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Contact, FaqGroup } from '../help.service.ts';
import { ActionList } from './portal.views.tsx';

export function HelpPage() {
  const { t } = useView();
  return (
    <>
      <h1>{t('portal.help.title')}</h1>
      <p class="lead">{t('portal.help.lead')}</p>
      <ActionList
        items={[
          { href: '/ayuda/preguntas', label: t('portal.faq.title'), text: t('portal.help.faqText') },
          { href: '/seguimiento', label: t('portal.home.actions.track'), text: t('portal.home.actions.trackText') },
          { href: '/oficinas', label: t('portal.home.actions.offices'), text: t('portal.home.actions.officesText') },
          { href: '/ayuda/contacto', label: t('portal.contact.title'), text: t('portal.help.contactText') },
          { href: '/accesibilidad', label: t('portal.accessibility.title'), text: t('portal.help.accessibilityText') },
        ]}
      />
    </>
  );
}

export function ContactPage(props: { contact: Contact }) {
  const { t } = useView();
  const c = props.contact;
  return (
    <>
      <h1>{t('portal.contact.title')}</h1>
      <p class="lead">{t('portal.contact.lead', { agency: c.agencyName })}</p>
      <SummaryList
        rows={[
          { key: t('portal.contact.email'), value: <a href={`mailto:${c.email}`}>{c.email}</a> },
          { key: t('portal.contact.phone'), value: <a href={`tel:${c.phone.replace(/\s/g, '')}`}>{c.phone}</a> },
          { key: t('portal.contact.address'), value: c.address },
          { key: t('portal.contact.hours'), value: c.hours },
        ]}
      />
      <p>{t('portal.contact.privacy')}</p>
      <p>{t('portal.contact.cases')}</p>
    </>
  );
}

export function FaqPage(props: { groups: FaqGroup[] }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('portal.faq.title')}</h1>
      <p class="lead">{t('portal.faq.lead')}</p>
      {props.groups.map((g) => (
        <section key={g.slug} id={`preguntas-${g.slug}`} aria-labelledby={`titulo-${g.slug}`}>
          <h2 id={`titulo-${g.slug}`}>{g.name}</h2>
          <dl class="faq">
            {g.items.map((item) => (
              <div key={item.question}>
                <dt>{item.question}</dt>
                <dd>{item.answer}</dd>
              </div>
            ))}
          </dl>
          <p>
            <a href={`/tramites/${g.slug}`}>{t('portal.faq.procedureLink', { procedure: g.name })}</a>
          </p>
        </section>
      ))}
    </>
  );
}
