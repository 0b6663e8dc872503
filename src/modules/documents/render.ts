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
  /** The verification code in groups, and the address the QR points to. */
  codeText: string;
  verifyUrl: string;
  /** Labels, from the message catalog. */
  labels: { number: string; date: string; holder: string; code: string; verify: string; qr: string; seal: string };
}

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
    info: { Title: `${input.title} — ${input.number}`, Author: input.agencyName, Subject: input.title, Creator: 'Tambo' },
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
  const qr = QRCode.create(input.verifyUrl, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const cell = 120 / size;
  root.add(
    doc.struct('Figure', { alt: input.labels.qr }, () => {
      doc.save().fillColor('black');
      for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (qr.modules.get(r, c)) doc.rect(56 + c * cell, top + r * cell, cell, cell);
      doc.fill().restore();
    }),
  );
  root.add(
    doc.struct(
      'P',
      {},
      () =>
        void doc
          .font('bold')
          .fontSize(10.5)
          .text(input.labels.code, 196, top + 10, { width: width - 140 }),
    ),
  );
  root.add(
    doc.struct(
      'P',
      {},
      () =>
        void doc
          .font('regular')
          .fontSize(14)
          .text(input.codeText, { width: width - 140 }),
    ),
  );
  root.add(
    doc.struct(
      'P',
      {},
      () =>
        void doc
          .font('regular')
          .fontSize(9.5)
          .fillColor('#333333')
          .text(`${input.labels.verify} ${input.verifyUrl}`, { width: width - 140 }),
    ),
  );
  root.end();
  if (!faces) keepParsedFaces(doc);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
