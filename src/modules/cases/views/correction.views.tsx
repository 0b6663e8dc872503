// Answering a correction request: what the institution asks to fix, the corrected answers, and
// the person's own comment and documents (the history keeps them with the step).
import type { FileComponent, FormComponent } from '../../../platform/forms/index.ts';
import { Panel, TextArea } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { LinkedText } from '../../../platform/views/linked-text.tsx';
import type { CountryProfile } from '../../../platform/country/index.ts';
import { FormFieldsView } from './form.views.tsx';

/** The name of the comment field (a hyphen: never the id of a form's own field). */
export const CORRECTION_COMMENT = 'respuesta-comentario';

/** How many documents an answer may carry, each a field of its own. */
export const CORRECTION_DOCUMENT_COUNT = 3;

/** The document fields of an answer: PDF, JPEG or PNG of up to 5 MB each, all optional. */
export function correctionDocuments(label: (n: number) => string): FileComponent[] {
  return Array.from({ length: CORRECTION_DOCUMENT_COUNT }, (_, i) => {
    const text = label(i + 1);
    return {
      id: `respuesta-documento-${i + 1}`,
      type: 'file',
      label: { es: text, en: text },
      optional: true,
      accept: ['application/pdf', 'image/jpeg', 'image/png'],
      maxBytes: 5 * 1024 * 1024,
    };
  });
}

/** What the institution asks to correct, above the form. */
export function CorrectionRequest(props: { text: string | null }) {
  const { t } = useView();
  return (
    <Panel title={t('cases.correct.requestTitle')} tone="warning">
      {props.text ? (
        <p>
          <LinkedText text={props.text} />
        </p>
      ) : (
        <p>{t('cases.correct.requestNone')}</p>
      )}
    </Panel>
  );
}

/** The person's answer after the corrected fields: a comment and documents. */
export function CorrectionAnswerFields(props: { comment: string; documents: FormComponent[]; errorText: Record<string, string>; country: CountryProfile }) {
  const { t } = useView();
  return (
    <section>
      <h2>{t('cases.correct.answerTitle')}</h2>
      <TextArea name={CORRECTION_COMMENT} label={t('cases.correct.comment')} hint={t('cases.correct.commentHint')} optional value={props.comment} error={props.errorText[CORRECTION_COMMENT]} />
      <FormFieldsView components={props.documents} fields={{}} errors={props.errorText} country={props.country} territories={{}} itemCount={() => 0} />
    </section>
  );
}
