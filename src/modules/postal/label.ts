// The shipment's label (docs/postal.md, "Label"): an A6 PDF with the post's name, the S10
// number as a Code 128 barcode (bwip-js) and in letters, the origin and destination offices,
// the addressee and the address, and the date promised. Tagged, DejaVu embedded, in Spanish.
import bwipjs from 'bwip-js';
import { openTaggedPdf } from '../../platform/pdf/tagged-pdf.ts';

export interface LabelInput {
  postName: string;
  number: string;
  kindText: string;
  lines: Array<{ label: string; value: string }>;
  barcodeAlt: string;
  title: string;
}

export async function renderLabelPdf(input: LabelInput): Promise<Buffer> {
  const barcode = await bwipjs.toBuffer({ bcid: 'code128', text: input.number, scale: 3, height: 14, includetext: false });
  const { doc, root, finish } = openTaggedPdf({ size: 'A6', margin: 20, lang: 'es', info: { Title: input.title, Author: input.postName, Creator: 'Tambo' } });
  const width = doc.page.width - 40;
  root.add(doc.struct('P', {}, () => void doc.font('bold').fontSize(10).text(input.postName, 20, 20, { width })));
  root.add(doc.struct('H1', {}, () => void doc.font('bold').fontSize(9).text(input.kindText, { width })));
  doc.moveDown(0.5);
  root.add(doc.struct('Figure', { alt: input.barcodeAlt }, () => void doc.image(barcode, 20, doc.y, { width, height: 60 })));
  doc.y += 66;
  root.add(doc.struct('P', {}, () => void doc.font('bold').fontSize(15).text(input.number, 20, doc.y, { width, align: 'center', characterSpacing: 1 })));
  doc.moveDown(0.6);
  for (const line of input.lines)
    root.add(
      doc.struct('P', {}, () => {
        doc.font('bold').fontSize(8.5).text(`${line.label}: `, { continued: true, width }).font('regular').text(line.value, { width });
      }),
    );
  return finish();
}
