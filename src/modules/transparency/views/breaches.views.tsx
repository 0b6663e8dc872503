// The officers' page of personal-data breaches (docs/transparency.md#breach-notices).
import { Button, Form, SummaryList, Table, Tag } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Breach } from '../transparency.types.ts';
import type { Names } from './transparency.views.tsx';

/** The officers' page of breaches: each breach, the people notified in the mailbox and those who still need the post. */
export function BreachesPage(props: { breaches: Breach[]; names: Names; posted: boolean }) {
  const { t, format } = useView();
  return (
    <>
      <h1>{t('transparency.breaches.heading')}</h1>
      <p>{t('transparency.breaches.lead')}</p>
      {props.posted ? (
        <p role="status" class="notice">
          {t('transparency.breaches.postedDone')}
        </p>
      ) : null}
      {props.breaches.length === 0 ? <p>{t('transparency.breaches.empty')}</p> : null}
      {props.breaches.map((b) => {
        const pending = b.notices.filter((n) => n.channel === 'post' && n.postedAt === null).length;
        return (
          <section key={b.id} id={`brecha-${b.id}`} aria-labelledby={`brecha-${b.id}-titulo`}>
            <h2 id={`brecha-${b.id}-titulo`}>{t('transparency.breaches.title', { agency: props.names[b.agencyCode] ?? b.agencyCode, date: format.date(b.occurredAt) })}</h2>
            <p>{b.description}</p>
            <SummaryList
              rows={[
                { key: t('transparency.breaches.recorded'), value: format.date(b.recordedAt) },
                { key: t('transparency.breaches.source'), value: t(`transparency.breaches.sourceName.${b.source}`) },
                { key: t('transparency.breaches.mailbox'), value: format.number(b.notices.filter((n) => n.channel === 'mailbox').length) },
                { key: t('transparency.breaches.pending'), value: format.number(pending) },
              ]}
            />
            {b.notices.length === 0 ? null : (
              <Table
                caption={t('transparency.breaches.notices')}
                columns={[{ label: t('transparency.breaches.person') }, { label: t('transparency.breaches.channel') }, { label: t('transparency.breaches.state') }]}
                rows={b.notices.map((n) => [
                  `${n.documentType} ${n.documentNumber}`,
                  t(`transparency.breaches.via.${n.channel}`),
                  n.channel === 'mailbox' ? (
                    t('transparency.breaches.delivered')
                  ) : n.postedAt ? (
                    t('transparency.breaches.posted', { date: format.date(n.postedAt) })
                  ) : (
                    <Form key="f" action={`/transparencia/brechas/${b.id}/correo-postal`}>
                      <input type="hidden" name="tipo" value={n.documentType} />
                      <input type="hidden" name="numero" value={n.documentNumber} />
                      <Tag tone="warning">{t('transparency.breaches.needsPost')}</Tag>{' '}
                      <Button type="submit" variant="secondary">
                        {t('transparency.breaches.markPosted')}
                      </Button>
                    </Form>
                  ),
                ])}
              />
            )}
          </section>
        );
      })}
    </>
  );
}
