// The shipment's label (docs/postal.md, "Label"): an A6 PDF with the post's name, the S10
// number as a Code 128 barcode (bwip-js) and in letters, the origin and destination offices,
// the addressee and the address, and the date promised. Tagged, DejaVu embedded, in Spanish.
import { fileURLToPath } from 'node:url';
import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';

const FONT = fileURLToPath(new URL('../../../assets/fonts/DejaVuSans.ttf', import.meta.url));
const BOLD = fileURLToPath(new URL('../../../assets/fonts/DejaVuSans-Bold.ttf', import.meta.url));

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
  const doc = new PDFDocument({
    size: 'A6',
    margin: 20,
    tagged: true,
    lang: 'es',
    displayTitle: true,
    pdfVersion: '1.7',
    font: FONT,
    info: { Title: input.title, Author: input.postName, Creator: 'Tambo' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONT);
  doc.registerFont('bold', BOLD);
  const root = doc.struct('Document');
  doc.addStructure(root);
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
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
