import { isIP } from 'node:net';

/**
 * Addresses the crawler refuses by default: a URL on the open web must never reach the machine's own
 * services, the local network, or a cloud metadata endpoint (SSRF). IPv4-mapped and similar IPv6 forms
 * are unwrapped first, so `::ffff:127.0.0.1` is loopback too.
 */
const V4_BLOCKS: [base: string, bits: number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, including 169.254.169.254 metadata
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function isPrivateV4(ip: string): boolean {
  const n = v4ToInt(ip);
  return V4_BLOCKS.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    const start = v4ToInt(base);
    return n >= start && n < start + size;
  });
}

/** Expands an IPv6 address into its eight 16-bit groups; an embedded dotted IPv4 tail becomes two groups. */
function v6Groups(ip: string): number[] {
  let s = ip.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4ToInt(dotted[1]!);
    s = `${s.slice(0, -dotted[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array.from({ length: 8 - h.length - t.length }, () => '0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

function isPrivateV6(ip: string): boolean {
  const g = v6Groups(ip);
  if (g.length !== 8 || g.some((x) => Number.isNaN(x))) return true; // unparseable: refuse
  const [a = 0, b = 0, , , , f = 0, y = 0, z = 0] = g;
  const v4 = `${y >> 8}.${y & 0xff}.${z >> 8}.${z & 0xff}`;
  const firstFiveZero = g.slice(0, 5).every((x) => x === 0);
  if (firstFiveZero && f === 0xffff) return isPrivateV4(v4); // ::ffff:a.b.c.d (IPv4-mapped)
  if (firstFiveZero && f === 0) {
    if (y === 0 && (z === 0 || z === 1)) return true; // :: and ::1
    return isPrivateV4(v4); // ::a.b.c.d (IPv4-compatible, deprecated)
  }
  if (a === 0x64 && b === 0xff9b) return isPrivateV4(v4); // 64:ff9b::/96 NAT64
  if (a === 0x2002) return isPrivateV4(`${b >> 8}.${b & 0xff}.${g[2]! >> 8}.${g[2]! & 0xff}`); // 6to4
  if ((a & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((a & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((a & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((a & 0xff00) === 0xff00) return true; // multicast
  return false;
}

/** True for an address the crawler must not connect to unless private networks are allowed. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address.split('%')[0] ?? '');
  if (family === 4) return isPrivateV4(address);
  if (family === 6) return isPrivateV6(address);
  return true;
}

/** A URL hostname that is an IP literal, without IPv6 brackets; null for a DNS name. */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : null;
}
