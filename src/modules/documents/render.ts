// The PDF of an issued document (docs/signed-documents.md, "The PDF"): tagged (structure tree,
// language, title shown by readers), the DejaVu font embedded (assets/fonts, free licence),
// in Spanish. It carries the agency's name and seal, the document type, number and date, the
// holder, the body from the template, the verification code and a QR code (drawn as vector
// squares) to the verification page.
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const FONT = fileURLToPath(new URL('../../../assets/fonts/DejaVuSans.ttf', import.meta.url));
const BOLD = fileURLToPath(new URL('../../../assets/fonts/DejaVuSans-Bold.ttf', import.meta.url));

export interface RenderInput {
  agencyName: string;
  agencyAcronym: string;
  title: string;
  number: string;
  /** The date as people read it, already formatted in the country's way. */
  dateText: string;
  holderName: string;
  holderDocument: string;
  body: string;
  /** The verification code in groups, and the address the QR points to (none: a sample, no QR and no address). */
  codeText: string;
  verifyUrl?: string;
  /** Labels, from the message catalog. */
  labels: PdfLabels;
  /**
   * A sample's mark (a template's preview, never signed nor stored): written across the page
   * and above the title, and put first in the document's title, so that no one takes it for
   * a document.
   */
  watermark?: string;
}

export interface PdfLabels {
  number: string;
  date: string;
  holder: string;
  code: string;
  verify: string;
  qr: string;
  seal: string;
}

/** The labels printed on every document, from the message catalog (issuance and a template's preview alike). */
export const pdfLabels = (t: (key: string, params?: Record<string, string>) => string, agencyName: string): PdfLabels => ({
  number: t('documents.pdf.number'),
  date: t('documents.pdf.date'),
  holder: t('documents.pdf.holder'),
  code: t('documents.pdf.code'),
  verify: t('documents.pdf.verify'),
  qr: t('documents.pdf.qr'),
  seal: t('documents.pdf.seal', { agency: agencyName }),
});

/**
 * The two faces as fontkit parsed them for the first document, reused by every later one:
 * parsing the TrueType tables again for each document was most of a document's rendering
 * time (pdfkit takes a parsed font wherever it takes a file; each document still embeds its
 * own subset).
 */
let faces: { regular: string; bold: string } | undefined;
type ParsedFamilies = { _fontFamilies?: Record<string, { font?: { layout?: unknown } } | undefined> };
function keepParsedFaces(doc: PDFKit.PDFDocument): void {
  const families = (doc as unknown as ParsedFamilies)._fontFamilies ?? {};
  const regular = families.regular?.font;
  const bold = families.bold?.font;
  // Typed as the file names pdfkit's types declare; pdfkit opens a parsed font as it is.
  if (typeof regular?.layout === 'function' && typeof bold?.layout === 'function') faces = { regular: regular as unknown as string, bold: bold as unknown as string };
}

export async function renderDocumentPdf(input: RenderInput): Promise<Buffer> {
  const source = faces ?? { regular: FONT, bold: BOLD };
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    tagged: true,
    lang: 'es',
    displayTitle: true,
    pdfVersion: '1.7',
    font: source.regular,
    info: { Title: `${input.watermark ? `${input.watermark}: ` : ''}${input.title} — ${input.number}`, Author: input.agencyName, Subject: input.title, Creator: 'Tambo' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('regular', source.regular);
  doc.registerFont('bold', source.bold);
  const root = doc.struct('Document');
  doc.addStructure(root);
  const width = doc.page.width - 112;

  // The seal: a double circle with the agency's acronym (a figure with its text alternative).
  root.add(
    doc.struct('Figure', { alt: input.labels.seal }, () => {
      const x = doc.page.width - 56 - 40;
      doc.save().lineWidth(2).circle(x, 96, 38).stroke('#1d3f72').lineWidth(0.8).circle(x, 96, 32).stroke('#1d3f72');
      doc
        .font('bold')
        .fontSize(11)
        .fillColor('#1d3f72')
        .text(input.agencyAcronym.slice(0, 10), x - 30, 90, { width: 60, align: 'center' });
      doc.restore();
    }),
  );
  root.add(
    doc.struct(
      'P',
      {},
      () =>
        void doc
          .font('bold')
          .fontSize(13)
          .fillColor('#1d3f72')
          .text(input.agencyName, 56, 64, { width: width - 100 }),
    ),
  );
  doc.moveDown(2.5);
  if (input.watermark) {
    const mark = input.watermark;
    const y = doc.y;
    // Across the page, light, behind nothing that matters; and once more, plainly, above the title
    // (read first by a screen reader and by text extraction).
    root.add(
      doc.struct('P', {}, () => {
        doc.save().rotate(-35, { origin: [doc.page.width / 2, doc.page.height / 2] });
        doc
          .font('bold')
          .fontSize(54)
          .fillColor('#c0392b', 0.18)
          .text(mark, 0, doc.page.height / 2 - 30, { width: doc.page.width, align: 'center', lineBreak: false });
        doc.restore();
      }),
    );
    root.add(doc.struct('P', {}, () => void doc.font('bold').fontSize(12).fillColor('#c0392b', 1).text(mark, 56, y, { width })));
    doc.moveDown(0.5);
  }
  root.add(doc.struct('H1', {}, () => void doc.font('bold').fontSize(18).fillColor('black').text(input.title, 56, doc.y, { width })));
  doc.moveDown(0.8);
  const line = (label: string, value: string) =>
    root.add(
      doc.struct('P', {}, () => {
        doc.font('bold').fontSize(10.5).text(`${label}: `, { continued: true }).font('regular').text(value);
      }),
    );
  line(input.labels.number, input.number);
  line(input.labels.date, input.dateText);
  line(input.labels.holder, `${input.holderName} (${input.holderDocument})`);
  doc.moveDown(1);
  root.add(doc.struct('P', {}, () => void doc.font('regular').fontSize(11.5).text(input.body, { width, align: 'justify', lineGap: 3 })));

  // The verification block: the QR code and, beside it, the code and the address.
  const top = Math.max(doc.y + 40, 560);
  const url = input.verifyUrl;
  if (url) {
    const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const size = qr.modules.size;
    const cell = 120 / size;
    root.add(
      doc.struct('Figure', { alt: input.labels.qr }, () => {
        doc.save().fillColor('black');
        for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (qr.modules.get(r, c)) doc.rect(56 + c * cell, top + r * cell, cell, cell);
        doc.fill().restore();
      }),
    );
  }
  // Beside the QR: the code's label, the code, and the address (none on a sample).
  const beside = (font: 'regular' | 'bold', size: number, text: string, at?: { x: number; y: number }) =>
    root.add(
      doc.struct('P', {}, () => {
        doc.font(font).fontSize(size);
        if (at) doc.text(text, at.x, at.y, { width: width - 140 });
        else doc.text(text, { width: width - 140 });
      }),
    );
  beside('bold', 10.5, input.labels.code, { x: 196, y: top + 10 });
  beside('regular', 14, input.codeText);
  if (url) {
    doc.fillColor('#333333');
    beside('regular', 9.5, `${input.labels.verify} ${url}`);
  }
  root.end();
  if (!faces) keepParsedFaces(doc);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
