// The origin (scheme, host, port; with PUBLIC_URL, also its path) under which clients reach iamgate,
// for every URL a response names: the OAuth2 issuer and its endpoints, v3 links and Location, the
// GET / index. It never comes from a Host header the server has no reason to believe:
//   1. PUBLIC_URL, when set (createApp keeps it in app.locals.publicUrl);
//   2. else, when TRUST_PROXY trusts the peer, X-Forwarded-Proto and X-Forwarded-Host (or the Host the
//      proxy passed on), if they are well-formed;
//   3. else the address and port the connection was made to (the socket's local end), which a client
//      cannot choose by sending headers.
import type { Socket } from 'node:net';
import type { Request } from 'express';

/** A host a URL may carry: a name or IPv4 address with an optional port, or a bracketed IPv6 address. */
const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;
const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 };

export function publicOrigin(req: Request): string {
  const configured = req.app.locals.publicUrl as string | undefined;
  if (configured) return configured;
  const protocol = req.protocol === 'https' ? 'https' : 'http';
  if (trustsPeer(req)) {
    const host = req.host; // X-Forwarded-Host from a trusted proxy, else the Host it passed on
    if (host && HOST.test(host)) return `${protocol}://${host}`;
  }
  return `${protocol}://${localAuthority(req.socket, protocol)}`;
}

/** Whether TRUST_PROXY trusts the address the request came from (express's compiled setting). */
function trustsPeer(req: Request): boolean {
  const trust = req.app.get('trust proxy fn') as ((address: string | undefined, hop: number) => boolean) | undefined;
  return Boolean(trust?.(req.socket.remoteAddress, 0));
}

/** `127.0.0.1:8080`, `[::1]:8080`; an IPv4-mapped IPv6 address as IPv4; no port when it is the scheme's default. */
export function localAuthority(socket: Socket, protocol: string): string {
  let address = socket.localAddress ?? '127.0.0.1';
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) address = address.slice(7);
  const host = address.includes(':') ? `[${address.replace(/%.*$/, '')}]` : address;
  const port = socket.localPort;
  return port === undefined || port === DEFAULT_PORT[protocol] ? host : `${host}:${port}`;
}
