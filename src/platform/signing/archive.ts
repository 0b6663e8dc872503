// PAdES B-LTA (docs/signed-documents.md, "Archive timestamps"): an incremental update that
// appends, after the existing signatures and without touching one of their bytes,
// (a) a DSS dictionary (ISO 32000-2 12.8.4.3, ETSI EN 319 142-1 5.4.2) with the validation
// data of the signatures and of the TSA chain: certificates, CRLs and OCSP responses, each a
// stream, and (b) a document timestamp (`/Type /DocTimeStamp`, `/SubFilter /ETSI.RFC3161`)
// whose /Contents is an RFC 3161 token over the whole updated file but its own /Contents.
// @signpdf's PDF reader and writer pieces (readPdf, the cross-reference table, the page with its
// annotation, the trailer, PDFObject, SignPdf for the byte range) do the PDF work.
import { createRequire } from 'node:module';
import { SignPdf } from '@signpdf/signpdf';
import { ANNOTATION_FLAGS, DEFAULT_BYTE_RANGE_PLACEHOLDER, PDFKitReferenceMock, PDFObject, removeTrailingNewLine, SIG_FLAGS, Signer } from '@signpdf/utils';
import type { ReadPdfReturnType } from '@signpdf/placeholder-plain/dist/readPdf.js';

// @signpdf/placeholder-plain's PDF pieces (CommonJS modules whose default export is the function).
const require = createRequire(import.meta.url);
const piece = <T>(name: string): T => (require(`@signpdf/placeholder-plain/dist/${name}.js`) as { default: T }).default;
const readPdf = piece<(pdf: Buffer) => ReadPdfReturnType>('readPdf');
const findObject = piece<(pdf: Buffer, refTable: ReadPdfReturnType['xref'], ref: string) => Buffer>('findObject');
const getPageRef = piece<(pdf: Buffer, info: ReadPdfReturnType) => string>('getPageRef');
const createBufferPageWithAnnotation = piece<(pdf: Buffer, info: ReadPdfReturnType, pageRef: string, widget: PDFKitReferenceMock) => Buffer>('createBufferPageWithAnnotation');
const createBufferTrailer = piece<(pdf: Buffer, info: ReadPdfReturnType, added: Map<number, number>) => Buffer>('createBufferTrailer');

export const SUBFILTER_ETSI_RFC3161 = 'ETSI.RFC3161';
/** Room for the timestamp token (the TSA's and the issuing CA's certificates travel in it; hex doubles it). */
export const DOCUMENT_TIMESTAMP_LENGTH = 12_000;

/** Validation data for the DSS (DER each). */
export interface ValidationData {
  certs: Buffer[];
  crls: Buffer[];
  ocsps: Buffer[];
}

class TokenSigner extends Signer {
  private readonly make: (content: Buffer) => Promise<Buffer>;
  constructor(make: (content: Buffer) => Promise<Buffer>) {
    super();
    this.make = make;
  }
  override async sign(content: Buffer): Promise<Buffer> {
    return this.make(content);
  }
}

const refsIn = (dictionary: string, key: string): string[] => {
  const list = new RegExp(`/${key}\\s*\\[([^\\]]*)\\]`).exec(dictionary)?.[1] ?? '';
  return [...list.matchAll(/(\d+)\s+(\d+)\s+R/g)].map((m) => `${m[1]} ${m[2]} R`);
};

/**
 * Appends the DSS and a document timestamp to a signed PDF as one incremental update.
 * `timestampToken` receives the bytes the new byte ranges cover and answers the RFC 3161
 * TimeStampToken (DER ContentInfo) over their SHA-256. A DSS already in the file is carried
 * forward (its entries kept, the new ones added). The bytes of `pdf` are a prefix of the answer
 * (but for a trailing end-of-line after %%EOF, which is written back as the first byte).
 */
export async function addArchiveTimestamp(pdf: Buffer, validation: ValidationData, timestampToken: (content: Buffer) => Promise<Buffer>): Promise<Buffer> {
  let out = removeTrailingNewLine(pdf);
  const info = readPdf(out);
  const added = new Map<number, number>();
  const append = (index: number, body: Buffer | string) => {
    added.set(index, out.length + 1);
    out = Buffer.concat([out, Buffer.from(`\n${index} 0 obj\n`), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n')]);
    return new PDFKitReferenceMock(index);
  };
  const next = () => {
    info.xref.maxIndex += 1;
    return info.xref.maxIndex;
  };
  const stream = (der: Buffer) => append(next(), Buffer.concat([Buffer.from(`<< /Length ${der.length} >>\nstream\n`), der, Buffer.from('\nendstream')]));

  // (a) The DSS: the previous one's entries and the new ones.
  const root = info.root.toString();
  const previousDssRef = /\/DSS\s+(\d+\s+\d+\s+R)/.exec(root)?.[1];
  const previousDss = previousDssRef ? findObject(out, info.xref, previousDssRef).toString() : '';
  const entries = (key: string, items: Buffer[]) => [
    ...refsIn(previousDss, key)
      .map((ref) => ref.replace(/ R$/, '').split(/\s+/)[0]!)
      .map((n) => new PDFKitReferenceMock(Number(n))),
    ...items.map(stream),
  ];
  const dss = append(next(), PDFObject.convert({ Type: 'DSS', Certs: entries('Certs', validation.certs), CRLs: entries('CRLs', validation.crls), OCSPs: entries('OCSPs', validation.ocsps) }));

  // (b) The document timestamp: its dictionary, a signature field (an invisible widget on the
  // first page) and the AcroForm listing it after the existing fields.
  const timestamp = append(
    next(),
    PDFObject.convert({
      Type: 'DocTimeStamp',
      Filter: 'Adobe.PPKLite',
      SubFilter: SUBFILTER_ETSI_RFC3161,
      ByteRange: [0, DEFAULT_BYTE_RANGE_PLACEHOLDER, DEFAULT_BYTE_RANGE_PLACEHOLDER, DEFAULT_BYTE_RANGE_PLACEHOLDER],
      Contents: Buffer.alloc(DOCUMENT_TIMESTAMP_LENGTH),
    }),
  );
  const pageRef = getPageRef(out, info);
  const acroFormRef = /\/AcroForm\s+(\d+\s+\d+\s+R)/.exec(root)?.[1];
  const acroForm = acroFormRef ? findObject(out, info.xref, acroFormRef).toString() : '';
  const fields = refsIn(acroForm, 'Fields');
  const widgetIndex = next();
  const widget = append(
    widgetIndex,
    PDFObject.convert({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      Rect: [0, 0, 0, 0],
      V: timestamp,
      T: new String(`Archivo${widgetIndex}`),
      F: ANNOTATION_FLAGS.PRINT,
      P: new PDFKitReferenceMock(Number(pageRef.split(' ')[0])),
    }),
  );
  const fieldsText = `[${[...fields, widget.toString()].join(' ')}]`;
  const acroFormIndex = acroFormRef ? Number(acroFormRef.split(/\s+/)[0]) : next();
  append(acroFormIndex, `<<\n/Type /AcroForm\n/SigFlags ${SIG_FLAGS.SIGNATURES_EXIST | SIG_FLAGS.APPEND_ONLY}\n/Fields ${fieldsText}\n>>`);
  // The page with the widget among its annotations, then the catalog naming the DSS and the form.
  const pageIndex = Number(pageRef.split(' ')[0]);
  const page = createBufferPageWithAnnotation(out, info, pageRef, widget);
  added.set(pageIndex, out.length + 1);
  out = Buffer.concat([out, Buffer.from('\n'), page]);
  const catalog = root.replace(/\/DSS\s+\d+\s+\d+\s+R/, '').replace(/\/AcroForm\s+\d+\s+\d+\s+R/, '');
  append(Number(info.rootRef.split(' ')[0]), `<<${catalog}\n/AcroForm ${acroFormIndex} 0 R\n/DSS ${dss.toString()}\n>>`);
  out = Buffer.concat([out, Buffer.from('\n'), createBufferTrailer(out, info, added)]);
  return new SignPdf().sign(out, new TokenSigner(timestampToken));
}

interface PdfObjectText {
  /** Where its header starts, in the segment. */
  at: number;
  number: number;
  generation: number;
  /** The dictionary's text (a stream's dictionary without its data). */
  dictionary: string;
  isStream: boolean;
}

/** The objects of an incremental update and what follows them (xref, trailer); undefined when it cannot be read. */
function objectsOf(segment: Buffer): { objects: PdfObjectText[]; rest: { at: number; text: string }[] } | undefined {
  const text = segment.toString('latin1');
  const objects: PdfObjectText[] = [];
  const rest: { at: number; text: string }[] = [];
  let at = 0;
  const header = /(\d+)\s+(\d+)\s+obj\b/y;
  while (at < text.length) {
    header.lastIndex = at;
    const found = header.exec(text);
    if (!found) {
      const nextObject = text.slice(at).search(/\d+\s+\d+\s+obj\b/);
      const end = nextObject === -1 ? text.length : at + nextObject;
      rest.push({ at, text: text.slice(at, end) });
      if (end === at) return undefined;
      at = end;
      continue;
    }
    let i = header.lastIndex;
    while (/\s/.test(text[i] ?? '')) i++;
    if (!text.startsWith('<<', i)) return undefined;
    // The dictionary's end: balance << and >> (hex strings are single brackets).
    let depth = 0;
    let j = i;
    for (; j < text.length; j++) {
      if (text.startsWith('<<', j)) {
        depth++;
        j++;
      } else if (text.startsWith('>>', j)) {
        depth--;
        j++;
        if (depth === 0) break;
      }
    }
    if (depth !== 0) return undefined;
    const dictionary = text.slice(i, j + 1);
    let k = j + 1;
    const streamStart = /\s*stream\r?\n/y;
    streamStart.lastIndex = k;
    const stream = streamStart.exec(text);
    if (stream) {
      const length = Number(/\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary)?.[1] ?? Number.NaN);
      if (!Number.isInteger(length)) return undefined;
      k = streamStart.lastIndex + length;
      const endStream = /\s*endstream/y;
      endStream.lastIndex = k;
      if (!endStream.exec(text)) return undefined;
      k = endStream.lastIndex;
    }
    const endObject = /\s*endobj/y;
    endObject.lastIndex = k;
    if (!endObject.exec(text)) return undefined;
    objects.push({ at, number: Number(found[1]), generation: Number(found[2]), dictionary, isStream: Boolean(stream) });
    at = endObject.lastIndex;
  }
  return { objects, rest };
}

const collapse = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/\s*(<<|>>|\[|\])\s*/g, '$1')
    .trim();
const listOf = (dictionary: string, key: string) =>
  new RegExp(`/${key}\\s*\\[([^\\]]*)\\]`)
    .exec(dictionary)?.[1]
    ?.match(/\d+\s+\d+\s+R/g)
    ?.map(collapse) ?? [];
/** A redefined catalog, page or form may differ from its previous definition only by these entries. */
const withoutArchiveEntries = (dictionary: string) =>
  collapse(
    dictionary
      .replace(/\/DSS\s+\d+\s+\d+\s+R/, '')
      .replace(/\/AcroForm\s+\d+\s+\d+\s+R/, '')
      .replace(/\/Annots\s*\[[^\]]*\]/, '')
      .replace(/\/Fields\s*\[[^\]]*\]/, '')
      .replace(/\/SigFlags\s+\d+/, ''),
  );

/** What a new object of an archive revision may be: validation data, the DSS or a VRI, a document timestamp, its invisible field, a form. */
function allowedNewObject(object: PdfObjectText): boolean {
  const d = collapse(object.dictionary);
  if (object.isStream) return /^<<\/Length \d+(\/Filter\/FlateDecode)?>>$/.test(d);
  if (/\/Type\s*\/(DSS|VRI)\b/.test(d)) return !/\/(JS|JavaScript|AA|OpenAction|AP)\b/.test(d);
  if (/\/Type\s*\/DocTimeStamp\b/.test(d)) return /\/SubFilter\s*\/ETSI\.RFC3161\b/.test(d);
  if (/\/Subtype\s*\/Widget\b/.test(d)) return /\/FT\s*\/Sig\b/.test(d) && /\/Rect\s*\[\s*0\s+0\s+0\s+0\s*\]/.test(d) && !/\/(AP|AA|A)\b/.test(d);
  if (/\/Type\s*\/AcroForm\b/.test(d)) return collapse(d.replace(/\/Fields\s*\[[^\]]*\]/, '').replace(/\/SigFlags\s+\d+/, '')) === '<</Type /AcroForm>>';
  return false;
}

/**
 * Whether the bytes `pdf[from, to)` are incremental updates that only add validation data (a
 * DSS, VRI) and document timestamps: new objects of those kinds, and the catalog, the page and
 * the form redefined with nothing changed but the DSS and form references, annotations and
 * fields added (none removed), the same /Root, nothing freed. Anything else after a signature
 * (a changed page, a new content stream, JavaScript) answers false.
 */
export function onlyArchiveRevisions(pdf: Buffer, from: number, to: number): boolean {
  if (from === to) return true;
  try {
    const prefix = pdf.subarray(0, from);
    const info = readPdf(prefix);
    const parsed = objectsOf(pdf.subarray(from, to));
    if (!parsed) return false;
    // Between the objects: only cross-reference sections, each pointing at objects parsed here
    // (nothing hidden in a stream's data), freeing none, its trailer naming the same root, no
    // encryption, /Prev the section before, startxref its own position.
    const objectAt = new Map(parsed.objects.map((o) => [from + o.at, o.number]));
    let previousXref = info.xRefPosition;
    for (const chunk of parsed.rest) {
      const section = /xref\s+((?:\d+\s+\d+\s+(?:\d{10}\s+\d{5}\s+[nf]\s*)+)+)trailer\s*<<([\s\S]*?)>>\s*startxref\s+(\d+)\s+%%EOF/g;
      for (const match of chunk.text.matchAll(section)) {
        const position = from + chunk.at + match.index;
        // startxref at the section, or at whitespace just before it (@signpdf's trailer points at the newline before "xref").
        const pointer = Number(match[3]);
        if (pointer > position || pointer < from || pdf.subarray(pointer, position).toString('latin1').trim() !== '') return false;
        const trailer = match[2] ?? '';
        if (/\/Encrypt\b/.test(trailer) || collapse(/\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1] ?? '') !== collapse(info.rootRef)) return false;
        if (Number(/\/Prev\s+(\d+)/.exec(trailer)?.[1]) !== previousXref) return false;
        previousXref = pointer;
        const tokens = (match[1] ?? '').trim().split(/\s+/);
        for (let k = 0; k < tokens.length; ) {
          const first = Number(tokens[k]);
          const count = Number(tokens[k + 1]);
          k += 2;
          for (let n = 0; n < count; n++, k += 3) {
            const [offset, generation, kind] = [Number(tokens[k]), tokens[k + 1], tokens[k + 2]];
            if (kind === 'f' ? !(first + n === 0 && generation === '65535') : objectAt.get(offset) !== first + n) return false;
          }
        }
      }
      if (chunk.text.replace(section, '').trim() !== '') return false;
    }
    const added = new Set(parsed.objects.map((o) => o.number).filter((n) => !info.xref.offsets.has(n)));
    for (const object of parsed.objects) {
      if (!info.xref.offsets.has(object.number)) {
        if (!allowedNewObject(object)) return false;
        continue;
      }
      // A redefinition: of the catalog, a page or the form only, nothing but archive entries changed.
      const previous = `<<${findObject(prefix, info.xref, `${object.number} ${object.generation} R`).toString()}>>`;
      if (withoutArchiveEntries(previous) !== withoutArchiveEntries(object.dictionary)) return false;
      for (const key of ['Annots', 'Fields']) {
        const before = listOf(previous, key);
        const after = listOf(object.dictionary, key);
        if (before.some((ref) => !after.includes(ref))) return false;
        if (after.some((ref) => !before.includes(ref) && !added.has(Number(ref.split(' ')[0])))) return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}
