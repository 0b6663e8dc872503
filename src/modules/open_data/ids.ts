// Stable identifiers for things that have only a name (a tag): a UUID (version 5 layout)
// from the SHA-1 of a fixed namespace and the name, the same in every installation.
import { createHash } from 'node:crypto';

export function stableUuid(name: string): string {
  const hex = createHash('sha1').update(`tambo:open_data:${name}`).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
