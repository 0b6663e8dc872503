// The readable PDF of "Mis datos" (/cuenta/mis-datos/pdf): the same data as the JSON download,
// one section per module, each field by its label from the catalogs and each value in words
// (dates in the country's zone), every row (the page shows 20 a section). Tagged (headings,
// paragraphs, the document's language and title; src/platform/pdf). Identity comes before
// documents in the module order, so it draws its own pages; the platform's signing service
// signs the result (my-data.service.ts).
import type { Formatter } from '../../platform/i18n/format.ts';
import type { Translate } from '../../platform/i18n/i18n.ts';
import { openTaggedPdf } from '../../platform/pdf/tagged-pdf.ts';
import { codeInWords, fieldLabel, sectionRows, valueText } from './my-data.format.ts';
import type { MyDataModule } from './my-data.service.ts';

export interface MyDataPdfInput {
  holderName: string;
  holderDocument: string;
  generatedAt: Date;
  modules: MyDataModule[];
  locale: string;
  t: Translate;
  format: Formatter;
}

export async function renderMyDataPdf(input: MyDataPdfInput): Promise<Buffer> {
  const { t, format } = input;
  const title = t('identity.myData.pdf.title', { name: input.holderName });
  const { doc, root, finish } = openTaggedPdf({
    size: 'A4',
    margin: 56,
    lang: input.locale,
    info: { Title: title, Author: t('identity.myData.pdf.author'), Subject: t('identity.myData.heading'), Creator: 'Tambo' },
  });
  const width = doc.page.width - 112;
  const block = (tag: 'H1' | 'H2' | 'H3' | 'P', font: 'regular' | 'bold', size: number, text: string, color = 'black') =>
    root.add(doc.struct(tag, {}, () => void doc.font(font).fontSize(size).fillColor(color).text(text, 56, doc.y, { width })));
  const field = (label: string, value: string) =>
    root.add(
      doc.struct('P', {}, () => {
        doc.font('bold').fontSize(10).fillColor('black').text(`${label}: `, 56, doc.y, { width, continued: true }).font('regular').text(value);
      }),
    );

  block('H1', 'bold', 18, title, '#1d3f72');
  doc.moveDown(0.4);
  field(t('identity.myData.pdf.holder'), `${input.holderName} (${input.holderDocument})`);
  field(t('identity.myData.pdf.generated'), format.dateTime(input.generatedAt));
  doc.moveDown(0.3);
  block('P', 'regular', 10, t('identity.myData.pdf.lead'));
  for (const module of input.modules) {
    doc.moveDown(1);
    block('H2', 'bold', 14, module.titleKey ? t(module.titleKey) : module.module, '#1d3f72');
    block('P', 'regular', 10, t(module.legalBasisKey), '#333333');
    for (const section of module.sections) {
      doc.moveDown(0.6);
      block('H3', 'bold', 11.5, t(section.titleKey));
      block('P', 'regular', 9, section.erasable ? t('identity.myData.erasable') : section.keptKey ? t(section.keptKey) : t('identity.myData.kept'), '#555555');
      const rows = sectionRows(section.data);
      if (rows.length === 0) block('P', 'regular', 10, t('identity.myData.empty'));
      for (const row of rows) {
        doc.moveDown(0.3);
        if (row === null || typeof row !== 'object' || Array.isArray(row)) block('P', 'regular', 10, valueText(row, t, format));
        else for (const [name, value] of Object.entries(row)) field(fieldLabel(module, name, t), valueText(codeInWords(module, name, value, t), t, format));
      }
    }
  }
  return finish();
}
