// Where a webhook may go: an allow-list by scheme and by resolved address, so that an agency
// administrator cannot make Tambo call its own internal services (SSRF) or send personal data
// in clear. Outside the insecure mode (WEBHOOK_ALLOW_INSECURE, on in demo mode) only https to
// public addresses: loopback, link-local (cloud metadata), private, shared, reserved,
// documentation and multicast ranges are refused. Names are resolved at delivery time and
// every address is checked; the connection goes to the address that was checked.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

export interface WebhookPolicy {
  /** Allow http and private, loopback and link-local addresses (demo mode, tests, development). */
  allowInsecure: boolean;
}

export type UrlProblem = 'invalid' | 'scheme' | 'address';

const V4_DENIED: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

function v4ToNumber(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function isDeniedV4(address: string): boolean {
  const n = v4ToNumber(address);
  return V4_DENIED.some(([base, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(v4ToNumber(base) / 2 ** (32 - bits)));
}

/** The eight 16-bit groups of an IPv6 address (with an embedded dotted IPv4 tail). */
function v6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4ToNumber(dotted[1]!);
    text = `${text.slice(0, -dotted[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (s: string) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const middle = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...middle, ...right];
}

function isDeniedV6(address: string): boolean {
  const g = v6Groups(address);
  const embeddedV4 = () => `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return true; // ::
  if (zeros(0, 7) && g[7] === 1) return true; // ::1
  if (zeros(0, 5) && g[5] === 0xffff) return isDeniedV4(embeddedV4()); // ::ffff:a.b.c.d
  if (zeros(0, 6)) return true; // ::a.b.c.d (deprecated compatible form)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return isDeniedV4(embeddedV4()); // NAT64
  if (g[0] === 0x2002) return isDeniedV4(`${g[1]! >> 8}.${g[1]! & 255}.${g[2]! >> 8}.${g[2]! & 255}`); // 6to4
  if ((g[0]! & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g[0]! & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g[0]! & 0xffc0) === 0xfec0) return true; // site-local (deprecated)
  if ((g[0]! & 0xff00) === 0xff00) return true; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation
  if (g[0] === 0x0100 && zeros(1, 4)) return true; // discard-only
  return false;
}

/** Whether an IP address may receive webhooks under the policy. */
export function isAllowedAddress(address: string, policy: WebhookPolicy): boolean {
  if (policy.allowInsecure) return true;
  const family = isIP(address);
  if (family === 4) return !isDeniedV4(address);
  if (family === 6) return !isDeniedV6(address);
  return false;
}

/** The host of a URL as an address when it is an IP literal (`[::1]` → `::1`). */
function literalAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : undefined;
}

/** The checks that need no network: a URL, its scheme, no credentials, no refused literal address or local name. */
export function checkUrlShape(raw: string, policy: WebhookPolicy): { url: URL } | { problem: UrlProblem } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'invalid' };
  }
  if (raw.length > 500 || /\s/.test(raw) || url.username || url.password || !url.hostname) return { problem: 'invalid' };
  if (url.protocol !== 'https:' && !(policy.allowInsecure && url.protocol === 'http:')) return { problem: 'scheme' };
  const literal = literalAddress(url.hostname);
  if (literal !== undefined && !isAllowedAddress(literal, policy)) return { problem: 'address' };
  if (!policy.allowInsecure && (url.hostname === 'localhost' || url.hostname.endsWith('.localhost'))) return { problem: 'address' };
  return { url };
}

/** Every address a name resolves to (empty when it does not resolve within the time). */
export function resolveAll(hostname: string, timeoutMs = 3000): Promise<LookupAddress[]> {
  const literal = literalAddress(hostname);
  if (literal !== undefined) return Promise.resolve([{ address: literal, family: isIP(literal) }]);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve([]), timeoutMs);
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      clearTimeout(timer);
      resolve(error ? [] : addresses);
    });
  });
}

/**
 * Checks a URL when a subscription is saved: its shape, and every address its name resolves
 * to now (a name that does not resolve yet is accepted: delivery checks again).
 */
export async function checkWebhookUrl(raw: string, policy: WebhookPolicy): Promise<UrlProblem | undefined> {
  const shape = checkUrlShape(raw, policy);
  if ('problem' in shape) return shape.problem;
  const addresses = await resolveAll(shape.url.hostname);
  if (addresses.some((a) => !isAllowedAddress(a.address, policy))) return 'address';
  return undefined;
}

export class RefusedAddressError extends Error {
  constructor(hostname: string) {
    super(`webhook address refused: ${hostname} resolves to an address outside the allow-list`);
    this.name = 'RefusedAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that resolves the name, refuses it when any address is not
 * allowed, and hands the connection the address it checked (no second resolution to rebind).
 */
export function guardedLookup(policy: WebhookPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (addresses.length === 0 || addresses.some((a) => !isAllowedAddress(a.address, policy))) return callback(new RefusedAddressError(hostname), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
