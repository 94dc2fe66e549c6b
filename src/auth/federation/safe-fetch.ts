// Fetches a small JSON document (an OpenID configuration, a JWK Set) for the token exchange (issue
// 31), safely: a deadline for the whole exchange of bytes, a size limit, no redirects, and — unless
// the issuer is listed in FEDERATION_HTTP_ISSUERS — only public addresses. The address is checked as
// DNS resolves it, in the connection's own lookup, so the name cannot resolve to a public address
// when checked and to a private one when connected to (DNS rebinding).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from './address-policy';

export interface FetchLimits {
  /** The whole request, from connecting to the last byte. */
  timeoutMs: number;
  maxBytes: number;
  /** Any address, and plain http (a listed issuer: tests, labs). */
  anyAddress: boolean;
}

export class FetchRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchRefused';
  }
}

/** dns.lookup, refusing a name any of whose addresses is not public. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 4);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused || !addresses.length) {
      const error = new FetchRefused(`${hostname} resolves to ${refused?.address ?? 'nothing'}, which is not a public address`);
      return callback(error as NodeJS.ErrnoException, '', 4);
    }
    // Node asks for every address when it picks a family itself (autoSelectFamily), else for one.
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  });
};

export function fetchJson(url: URL, limits: FetchLimits): Promise<unknown> {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && limits.anyAddress))
    return Promise.reject(new FetchRefused(`${url.origin} is not https`));
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // An address literal is connected to without any lookup: judged here.
  if (isIP(host) && !limits.anyAddress && !isPublicAddress(host))
    return Promise.reject(new FetchRefused(`${host} is not a public address`));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, {
      agent: false,
      lookup: limits.anyAddress ? undefined : publicOnlyLookup,
      headers: { Accept: 'application/json', 'User-Agent': 'iamgate (token exchange)' },
    });
    const deadline = setTimeout(
      () => req.destroy(new FetchRefused(`${url.origin} did not answer within ${limits.timeoutMs} ms`)),
      limits.timeoutMs,
    );
    deadline.unref();
    req.on('error', (err) => {
      clearTimeout(deadline);
      reject(err);
    });
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        req.destroy(
          new FetchRefused(
            `${url.origin} answered ${res.statusCode}${res.statusCode && res.statusCode < 400 ? ' (redirects are not followed)' : ''}`,
          ),
        );
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (declared > limits.maxBytes) {
        req.destroy(new FetchRefused(`${url.origin} sent more than ${limits.maxBytes} bytes`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) req.destroy(new FetchRefused(`${url.origin} sent more than ${limits.maxBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(deadline);
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new FetchRefused(`${url.origin} sent something that is not JSON`));
        }
      });
      res.on('error', () => undefined); // the request's error handler has it
    });
  });
}
