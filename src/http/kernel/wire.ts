// A request and its answer as plain values: what a dialect's codec reads and writes. Nothing here
// is express's; src/http/kernel/express-wire.ts translates at the edge, in one place each way.

/** A request as a codec sees it, once authenticated and validated. */
export interface WireRequest<Body = unknown, Query = unknown> {
  method: string;
  /** The path (and query string) the client sent, as it sent it. */
  url: string;
  /** The path as it was routed: the dialect's base and the rest, runs of slashes taken as one (`url` keeps them). */
  path: string;
  /** The query as the client sent it, parsed but not validated (v3's links repeat it as sent). */
  rawQuery: Readonly<Record<string, unknown>>;
  /** Path parameters, UUIDs lower-cased (RFC 9562: their hex digits are case-insensitive). */
  params: Readonly<Record<string, string>>;
  /** The query as the operation's schema accepted it. */
  query: Query;
  /** Request headers, names lower-cased. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as the operation's schema accepted it (an absent body is null). */
  body: Body;
  requestId: string;
  /** The origin clients reach iamgate at (PUBLIC_URL, or public-origin.ts's rule), for URLs in answers. */
  publicBase: string;
}

/** An answer as a codec makes it; the kernel writes it to the socket as it is. */
export interface WireResponse {
  status: number;
  /** In the order they go on the wire; `Content-Type` exactly as sent (no charset is added). */
  headers: Readonly<Record<string, string>>;
  /** A JSON value, serialized once by the kernel; undefined: no body (204). */
  body?: unknown;
}

/** The version named by If-Match; undefined when absent or `*`; -1 when it names no version (never matches). */
export function expectedVersion(request: Pick<WireRequest, 'headers'>): number | undefined {
  const header = request.headers['if-match'];
  const value = Array.isArray(header) ? header.join(', ') : header;
  if (value === undefined || value.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(value);
  return match ? Number(match[1]) : -1;
}

/** ETags carry the account's version; If-Match pins a write to the version the client read. */
export const etag = (version: number) => ({ ETag: `"${version}"` });

/**
 * An answer that shows a secret must never be kept by a cache (browser, proxy, CDN), as RFC 6749
 * §5.1 requires of token responses.
 */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;
