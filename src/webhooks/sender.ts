// One webhook POST (issue 32), with what keeps a subscription's URL from reaching inside: the
// address is checked where the connection is made (a custom DNS lookup: an answer that changed since
// the URL was set — DNS rebinding — is refused like any other), literal addresses before connecting,
// no redirect is followed, the whole attempt has a deadline, and at most MAX_RESPONSE_BYTES of the
// answer are read (the rest is dropped with the connection).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { hostOf, isAllowedHost, isPublicAddress } from '../core/webhook-url';

export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SendOptions {
  allowedHosts: readonly string[];
  timeoutMs: number;
}

export interface SendResult {
  status: number;
}

/** Why an attempt failed, with the status when the receiver answered. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

const refused = (address: string) =>
  new DeliveryError(`the host resolves to ${address}, a private, loopback or link-local address (not in WEBHOOK_ALLOWED_HOSTS)`);

/** dns.lookup, refusing any answer that holds a non-public address (every address, whichever is tried). */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const inside = addresses.find((a) => !isPublicAddress(a.address));
    if (inside) return callback(refused(inside.address), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

export function postWebhook(rawUrl: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<SendResult> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return reject(new DeliveryError('the URL is not valid'));
    }
    const host = hostOf(url);
    const allowed = isAllowedHost(host, options.allowedHosts);
    if (url.protocol !== 'https:' && !(allowed && url.protocol === 'http:')) return reject(new DeliveryError('the URL is not https'));
    if (!allowed && isIP(host) && !isPublicAddress(host)) return reject(refused(host));
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'POST',
      agent: false,
      lookup: allowed ? undefined : publicOnlyLookup,
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'iamgate-webhooks',
      },
    });
    const deadline = setTimeout(() => req.destroy(new DeliveryError(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(deadline);
      reject(err instanceof DeliveryError ? err : new DeliveryError(err.message || String(err)));
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      let read = 0;
      const done = () => {
        clearTimeout(deadline);
        res.destroy();
        if (status >= 200 && status < 300) resolve({ status });
        else if (status >= 300 && status < 400) reject(new DeliveryError(`HTTP ${status}: redirects are not followed`, status));
        else reject(new DeliveryError(`HTTP ${status}`, status));
      };
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) done(); // what the receiver says beyond this is not read
      });
      res.on('end', done);
      res.on('error', () => done());
    });
    req.end(body);
  });
}
