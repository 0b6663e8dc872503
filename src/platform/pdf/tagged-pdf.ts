// A tagged PDF (structure tree, language, title shown by readers) with the DejaVu font embedded
// (assets/fonts, free licence) under the names `regular` and `bold`: the start every one of the
// platform's readable PDFs shares (a postal label, "Mis datos"). Draw into `doc`, add structure
// elements to `root`, then `finish()` for the bytes.
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

export const PDF_FONT = fileURLToPath(new URL('../../../assets/fonts/DejaVuSans.ttf', import.meta.url));
export const PDF_BOLD_FONT = fileURLToPath(new URL('../../../assets/fonts/DejaVuSans-Bold.ttf', import.meta.url));

export interface TaggedPdf {
  doc: PDFKit.PDFDocument;
  root: PDFKit.PDFStructureElement;
  /** Closes the document and answers its bytes. */
  finish: () => Promise<Buffer>;
}

export function openTaggedPdf(options: { size: string; margin: number; lang: string; info: PDFKit.DocumentInfo }): TaggedPdf {
  const doc = new PDFDocument({ ...options, tagged: true, displayTitle: true, pdfVersion: '1.7', font: PDF_FONT });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('regular', PDF_FONT);
  doc.registerFont('bold', PDF_BOLD_FONT);
  const root = doc.struct('Document');
  doc.addStructure(root);
  return {
    doc,
    root,
    finish: async () => {
      root.end();
      doc.end();
      await ended;
      return Buffer.concat(chunks);
    },
  };
}
