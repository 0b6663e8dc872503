// A QR code drawn on the server as one SVG path (no script, no image request): each row's runs
// of dark modules become rectangles, with the four-module quiet zone the standard asks for.
// It is an image named by `label`; what it encodes must also be on the page as text or a link.
import QRCode from 'qrcode';

const QUIET_ZONE = 4;

/** The SVG path of the dark modules of `text`'s QR code, and the side of its square (quiet zone included). */
export function qrPath(text: string): { d: string; side: number } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const parts: string[] = [];
  for (let y = 0; y < size; y += 1) {
    let x = 0;
    while (x < size) {
      if (!modules.get(y, x)) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < size && modules.get(y, x)) x += 1;
      parts.push(`M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h${start - x}z`);
    }
  }
  return { d: parts.join(''), side: size + 2 * QUIET_ZONE };
}

export function QrCode(props: { text: string; label: string; size?: number }) {
  const { d, side } = qrPath(props.text);
  const px = props.size ?? 200;
  return (
    <svg class="qr-code" role="img" aria-label={props.label} width={px} height={px} viewBox={`0 0 ${side} ${side}`} shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect width={side} height={side} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
