// The printed letter of official mail (docs/postal.md, "Official mail"): an A4 PDF the post prints
// and sends as registered mail, with the S10 number as a Code 128 barcode, the addressee and the
// address, the sending agency, the message's subject and text, and the SHA-256 of the text as
// kept in the mailbox (the message's signed receipt quotes the same). Tagged, DejaVu embedded.
import bwipjs from 'bwip-js';
import { openTaggedPdf } from '../../platform/pdf/tagged-pdf.ts';

export interface LetterInput {
  postName: string;
  number: string;
  title: string;
  barcodeAlt: string;
  /** Addressee block: name, then the address lines. */
  addressee: string[];
  /** Label and value lines: sender, date, reference. */
  lines: Array<{ label: string; value: string }>;
  subject: string;
  body: string;
  footer: string;
}

export async function renderLetterPdf(input: LetterInput): Promise<Buffer> {
  const barcode = await bwipjs.toBuffer({ bcid: 'code128', text: input.number, scale: 2, height: 10, includetext: false });
  const { doc, root, finish } = openTaggedPdf({ size: 'A4', margin: 56, lang: 'es', info: { Title: input.title, Author: input.postName, Creator: 'Tambo' } });
  const width = doc.page.width - 112;
  root.add(doc.struct('P', {}, () => void doc.font('bold').fontSize(10).text(input.postName, 56, 56, { width })));
  root.add(doc.struct('Figure', { alt: input.barcodeAlt }, () => void doc.image(barcode, 56, doc.y + 4, { width: 200, height: 40 })));
  doc.y += 50;
  root.add(doc.struct('P', {}, () => void doc.font('bold').fontSize(12).text(input.number, 56, doc.y, { width, characterSpacing: 1 })));
  doc.moveDown(1);
  for (const line of input.addressee) root.add(doc.struct('P', {}, () => void doc.font('regular').fontSize(11).text(line, { width })));
  doc.moveDown(1.5);
  for (const line of input.lines)
    root.add(
      doc.struct('P', {}, () => {
        doc.font('bold').fontSize(9.5).text(`${line.label}: `, { continued: true, width }).font('regular').text(line.value, { width });
      }),
    );
  doc.moveDown(1);
  root.add(doc.struct('H1', {}, () => void doc.font('bold').fontSize(13).text(input.subject, { width })));
  doc.moveDown(0.5);
  for (const paragraph of input.body.split(/\n{2,}/))
    root.add(
      doc.struct('P', {}, () => {
        doc.font('regular').fontSize(10.5).text(paragraph, { width });
        doc.moveDown(0.5);
      }),
    );
  doc.moveDown(1);
  root.add(doc.struct('P', {}, () => void doc.font('regular').fontSize(8).text(input.footer, { width })));
  return finish();
}
