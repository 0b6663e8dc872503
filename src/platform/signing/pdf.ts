// PAdES on a PDF (docs/signed-documents.md): @signpdf adds the signature dictionary
// (/SubFilter /ETSI.CAdES.detached) with a placeholder, computes the byte ranges and puts
// the CMS in; `readPdfSignature` takes a signed PDF apart again for verification.
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED, Signer } from '@signpdf/utils';

/** Room for the CMS: certificates, the timestamp token and validation data (hex doubles it). */
export const SIGNATURE_LENGTH = 24_000;

class CallbackSigner extends Signer {
  private readonly make: (content: Buffer, signingTime: Date) => Promise<Buffer>;
  constructor(make: (content: Buffer, signingTime: Date) => Promise<Buffer>) {
    super();
    this.make = make;
  }
  override async sign(content: Buffer, signingTime?: Date): Promise<Buffer> {
    return this.make(content, signingTime ?? new Date());
  }
}

export interface SignatureDictionary {
  /** The signer's name, reason and location shown by PDF readers. */
  name: string;
  reason: string;
  location: string;
  contactInfo: string;
}

/** Signs a PDF: `makeCms` receives the bytes the byte ranges cover and answers the CMS (DER). */
export async function signPdfBytes(pdf: Buffer, dictionary: SignatureDictionary, makeCms: (content: Buffer, signingTime: Date) => Promise<Buffer>, signingTime = new Date()): Promise<Buffer> {
  const prepared = plainAddPlaceholder({
    pdfBuffer: pdf,
    ...dictionary,
    signingTime,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'Tambo',
  });
  return new SignPdf().sign(prepared, new CallbackSigner(makeCms), signingTime);
}

export interface PdfSignature {
  /** [offset, length, offset, length] as the PDF states it. */
  byteRange: [number, number, number, number];
  /** The bytes the byte ranges cover. */
  signedContent: Buffer;
  /** The CMS (DER, trailing padding removed). */
  cms: Buffer;
  /** Whether the byte ranges cover the whole file but the /Contents value. */
  coversWholeDocument: boolean;
  subFilter: string | undefined;
}

/** The last signature of a PDF, or undefined when it has none (or its byte range is malformed). */
export function readPdfSignature(pdf: Buffer): PdfSignature | undefined {
  const text = pdf.toString('latin1');
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const match = matches.at(-1);
  return match ? signatureAt(pdf, text, match) : undefined;
}

/**
 * Every signature of a PDF in file order (the original signature first, then document
 * timestamps added by later revisions: archive.ts); undefined when one of them is malformed.
 */
export function readPdfSignatures(pdf: Buffer): PdfSignature[] | undefined {
  const text = pdf.toString('latin1');
  const signatures: PdfSignature[] = [];
  for (const match of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const signature = signatureAt(pdf, text, match);
    if (!signature) return undefined;
    signatures.push(signature);
  }
  return signatures;
}

/**
 * The DER value at the start of a /Contents (the zero padding after it cut by the length its
 * header states; cutting trailing zero bytes instead would also cut a value that ends in one).
 */
function derPrefix(padded: Buffer): Buffer {
  const first = padded[1] ?? 0;
  if (first < 0x80) return padded.subarray(0, 2 + first);
  const n = first & 0x7f;
  if (n === 0 || n > 4 || padded.length < 2 + n) return padded;
  const length = padded.subarray(2, 2 + n).reduce((sum, byte) => sum * 256 + byte, 0);
  return padded.subarray(0, Math.min(padded.length, 2 + n + length));
}

function signatureAt(pdf: Buffer, text: string, match: RegExpExecArray | RegExpMatchArray): PdfSignature | undefined {
  const byteRange = match.slice(1, 5).map(Number) as [number, number, number, number];
  const [a, b, c, d] = byteRange;
  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length) return undefined;
  const contents = text.slice(b, c);
  if (!/^<[0-9A-Fa-f]*>$/.test(contents)) return undefined;
  const hex = contents.slice(1, -1);
  const cms = derPrefix(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'));
  const dictionaryStart = text.lastIndexOf('<<', match.index);
  const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.]+)/.exec(text.slice(dictionaryStart, c + 200))?.[1];
  return {
    byteRange,
    signedContent: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]),
    cms,
    coversWholeDocument: c + d === pdf.length,
    subFilter,
  };
}
