import { Button, Form, SummaryList, Tag } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Account } from '../account.types.ts';

export function AccountPage(props: { account: Account; acr: string }) {
  const { t } = useView();
  const { account } = props;
  return (
    <>
      <h1>{t('identity.account.heading', { name: account.givenName })}</h1>
      <SummaryList
        rows={[
          { key: t('identity.account.name'), value: `${account.givenName} ${account.familyName}` },
          { key: t('identity.account.document'), value: `${account.documentType} ${account.documentNumber}` },
          { key: t('identity.account.email'), value: account.email ?? '—' },
          { key: t('identity.account.phone'), value: account.phone ?? '—' },
          { key: t('identity.account.level'), value: <Tag tone={account.level === 'sustancial' ? 'success' : 'neutral'}>{t(`identity.level.${account.level}`)}</Tag> },
          { key: t('identity.account.sessionLevel'), value: t(`identity.level.${props.acr}`) },
        ]}
      />
      <Form action="/salir">
        <Button variant="secondary">{t('identity.account.signOut')}</Button>
      </Form>
    </>
  );
}
