// The points rule on the pages: its fields on the publication form, and the committee's scoring
// form on a process opened under it.
import { Button, Form, Notice, Select, TextArea, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { scoreField } from '../points.service.ts';
import { type Offer, RULES, type Tender } from '../procurement.types.ts';

type Texts = Record<string, string>;

/** The rule of a need and, for points, the weights (the criteria one a line, "name: weight"). */
export function RuleFields(props: { values: Texts; errors: Texts }) {
  const { t } = useView();
  const v = props.values;
  const e = props.errors;
  return (
    <>
      <Select name="rule" label={t('procurement.field.rule')} value={v.rule ?? 'lowest_price'} error={e.rule} options={RULES.map((r) => ({ value: r, label: t(`procurement.rule.${r}`) }))} />
      <TextField name="priceWeight" label={t('procurement.points.priceWeight')} hint={t('procurement.points.priceWeightHint')} value={v.priceWeight} error={e.priceWeight} width="3" />
      <TextArea name="criteria" label={t('procurement.points.criteria')} hint={t('procurement.points.criteriaHint')} value={v.criteria} error={e.criteria} rows={3} />
    </>
  );
}

/** The opening committee: the key split among its members, k of them needed to open (both empty: the key whole). */
export function CommitteeFields(props: { values: Texts; errors: Texts }) {
  const { t } = useView();
  return (
    <>
      <TextField name="committee" label={t('procurement.shares.committee')} hint={t('procurement.shares.committeeHint')} value={props.values.committee} error={props.errors.committee} width="3" />
      <TextField name="quorum" label={t('procurement.shares.quorum')} value={props.values.quorum} error={props.errors.quorum} width="3" />
    </>
  );
}

/** The key's shares, shown once: one for each member of the committee. */
export function KeyShares(props: { tender: Tender; quorum: number; shares: string[] }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('procurement.key.heading')}</h1>
      <Notice>{t('procurement.shares.warning', { members: props.shares.length, quorum: props.quorum })}</Notice>
      {props.shares.map((share, index) => (
        <TextArea key={share} name={`share${index + 1}`} label={t('procurement.shares.member', { n: index + 1 })} value={share} rows={4} />
      ))}
      <p>
        <a href={`/compras/${props.tender.id}`}>{t('procurement.key.continue', { title: props.tender.title })}</a>
      </p>
    </>
  );
}

/** The committee's scores, 0 to 100, of every qualified offer on every criterion. */
export function ScoreOffers(props: { base: string; tender: Tender; offers: Offer[]; values: Texts; errors: Texts }) {
  const { t } = useView();
  return (
    <section aria-labelledby="puntajes">
      <h2 id="puntajes">{t('procurement.points.heading')}</h2>
      <p>{t('procurement.points.lead', { price: props.tender.priceWeight })}</p>
      <Form action={`${props.base}/puntajes#resumen-errores`}>
        {props.offers.map((o) => (
          <fieldset key={o.id} class="fieldset">
            <legend>{o.supplierName}</legend>
            {props.tender.criteria.map((c) => (
              <TextField
                key={c.id}
                name={scoreField(o.id, c.id)}
                label={t('procurement.points.score', { criterion: c.name, weight: c.weight })}
                value={props.values[scoreField(o.id, c.id)]}
                error={props.errors[scoreField(o.id, c.id)]}
                width="3"
              />
            ))}
          </fieldset>
        ))}
        <Button type="submit">{t('procurement.points.submit')}</Button>
      </Form>
    </section>
  );
}
