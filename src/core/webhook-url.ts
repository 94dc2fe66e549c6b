// Where webhooks may be sent (issue 32): https only, never to a private, loopback, link-local or
// otherwise non-public address, unless the host is listed in WEBHOOK_ALLOWED_HOSTS (then plain http
// and private addresses are allowed: a receiver inside the operator's own network). A subscription's
// URL is checked here when it is set; the address it resolves to is checked again on every
// connection (src/webhooks/sender.ts), so a DNS answer that changes later cannot point it inside.
import { BlockList, isIP } from 'node:net';
import type { FieldChecks } from './rules';

export const MAX_URL_LENGTH = 2048;

/** Addresses a webhook never reaches unless its host is allowed. */
const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv6');

/** True for an address a webhook may reach without its host being allowed. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]);
  return !NOT_PUBLIC.check(address, 'ipv6');
}

/** The host as the allow list and `isIP` read it: lower case, IPv6 without its brackets. */
export const hostOf = (url: URL): string => url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');

export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  return allowed.includes(host.toLowerCase());
}

/** The URL as stored, with every problem in `checks` (field `url`). */
export function normalizeWebhookUrl(raw: string, allowedHosts: readonly string[], checks: FieldChecks): string {
  if (raw.length > MAX_URL_LENGTH) {
    checks.add('url', `must be at most ${MAX_URL_LENGTH} characters`);
    return raw;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    checks.add('url', 'must be an absolute URL');
    return raw;
  }
  const host = hostOf(url);
  const allowed = isAllowedHost(host, allowedHosts);
  if (url.protocol !== 'https:' && !(allowed && url.protocol === 'http:')) {
    checks.add('url', 'must be https (plain http only for a host in WEBHOOK_ALLOWED_HOSTS)');
  } else if (url.username || url.password) {
    checks.add('url', 'must not hold credentials');
  } else if (url.hash) {
    checks.add('url', 'must not have a fragment');
  } else if (!allowed && isIP(host) && !isPublicAddress(host)) {
    checks.add('url', 'must not name a private, loopback or link-local address (unless its host is in WEBHOOK_ALLOWED_HOSTS)');
  } else if (!allowed && (host === 'localhost' || host.endsWith('.localhost'))) {
    checks.add('url', 'must not name localhost (unless it is in WEBHOOK_ALLOWED_HOSTS)');
  }
  return url.toString();
}
