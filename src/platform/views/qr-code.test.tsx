// The server-drawn QR code: the finder patterns in three corners, the quiet zone, the same
// drawing for the same text, an accessible image.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { QrCode, qrPath } from './qr-code.tsx';

const URI = 'otpauth://totp/Tambo%3Aciudadana%40demo.tambo?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Tambo&algorithm=SHA1&digits=6&period=30';

describe('QR code', () => {
  it('draws the finder patterns inside a four-module quiet zone', () => {
    const { d, side } = qrPath(URI);
    const size = side - 8;
    assert.ok(size >= 21 && (size - 17) % 4 === 0, `a QR version's size (${size})`);
    assert.ok(d.startsWith('M4 4h7v1h-7z'), 'top-left finder: seven dark modules on the first row');
    assert.ok(d.includes(`M${4 + size - 7} 4h7v1h-7z`), 'top-right finder');
    assert.ok(d.includes(`M4 ${4 + size - 1}h7v1h-7z`), 'bottom-left finder');
    assert.equal(qrPath(URI).d, d, 'the same text, the same drawing');
    assert.notEqual(qrPath(`${URI}x`).d, d);
  });

  it('renders an SVG image named by its label, without script or style', () => {
    const html = renderToString(<QrCode text={URI} label="Código QR" />);
    assert.match(html, /^<svg class="qr-code" role="img" aria-label="Código QR" width="200" height="200" viewBox="0 0 \d+ \d+"/);
    assert.doesNotMatch(html, /<script|style=/);
    assert.ok(html.length < 12_000, `light (${html.length} characters)`);
  });
});
