// The discovered keys of token issuers (issue 31): `{issuer}/.well-known/openid-configuration` →
// `jwks_uri` → the JWK Set, cached per issuer. The cache holds at most MAX_ISSUERS issuers (only
// those some rule names are ever fetched) and refreshes keys older than `maxAgeMs`; a token naming a
// key the set lacks refetches it, at most once a minute per issuer. Fetches have a deadline and a
// size limit (safe-fetch.ts); concurrent requests for one issuer share one fetch, and nothing is
// held across issuers, so a slow or dead issuer delays only the requests that need its keys.
import { createLocalJWKSet, errors, type FlattenedJWSInput, type JSONWebKeySet, type JWSHeaderParameters, type KeyLike } from 'jose';
import { BoundedMap } from '../../bounded-map';
import type { Clock } from '../../core/ports';
import { fetchJson, FetchRefused, type FetchLimits } from './safe-fetch';

type KeySet = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<KeyLike>;

export interface IssuerKeysOptions {
  timeoutMs: number;
  /** Keys older than this are fetched again before use. */
  maxAgeMs: number;
  /** FEDERATION_HTTP_ISSUERS: these may be http, at any address. */
  httpIssuers: ReadonlySet<string>;
  /** Told why a fetch failed (the operator's log; the client only hears invalid_grant). */
  onFetchFailure?: (issuer: string, reason: string) => void;
}

const MAX_ISSUERS = 500;
const MAX_DOCUMENT_BYTES = 64 * 1024;
const MAX_JWKS_BYTES = 256 * 1024;
/** An unknown `kid` refetches the set at most this often. */
const KID_REFETCH_MS = 60_000;
/** After a failed fetch, the issuer is not asked again for this long (its requests fail at once). */
const FAILURE_COOLDOWN_MS = 10_000;
/** Keys whose refresh failed keep serving this long after they were fetched. */
const STALE_LIMIT_MS = 60 * 60_000;

interface Entry {
  keys: KeySet | null;
  fetchedAt: number;
  /** When the last fetch started (successful or not). */
  attemptedAt: number;
  failed: boolean;
  inflight: Promise<void> | null;
}

export class IssuerKeys {
  private readonly entries = new BoundedMap<string, Entry>(MAX_ISSUERS);

  constructor(
    private readonly clock: Clock,
    private readonly options: IssuerKeysOptions,
  ) {}

  /** A key function for jose's jwtVerify: the issuer's key the token's header names. */
  keyFor(issuer: string): KeySet {
    return async (header, token) => {
      const entry = await this.fresh(issuer);
      try {
        return await entry.keys!(header, token);
      } catch (err) {
        if (!(err instanceof errors.JWKSNoMatchingKey) || this.now() - entry.attemptedAt < KID_REFETCH_MS) throw err;
        // A key the set lacks: maybe the issuer rotated. Once a minute at most.
        await this.refresh(issuer, entry);
        if (!entry.keys) throw err;
        return entry.keys(header, token);
      }
    };
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private async fresh(issuer: string): Promise<Entry> {
    let entry = this.entries.get(issuer);
    if (!entry) {
      entry = { keys: null, fetchedAt: 0, attemptedAt: 0, failed: false, inflight: null };
      this.entries.set(issuer, entry);
    }
    const now = this.now();
    const stale = !entry.keys || now - entry.fetchedAt >= this.options.maxAgeMs;
    const coolingDown = entry.failed && now - entry.attemptedAt < FAILURE_COOLDOWN_MS;
    if (stale && !coolingDown) await this.refresh(issuer, entry);
    if (!entry.keys || now - entry.fetchedAt >= STALE_LIMIT_MS) throw new FetchRefused(`no keys of ${issuer} at hand`);
    return entry;
  }

  /** One fetch per issuer at a time: every request that needs it waits for the same one. */
  private refresh(issuer: string, entry: Entry): Promise<void> {
    entry.inflight ??= this.fetchKeys(issuer)
      .then((keys) => {
        entry.keys = keys;
        entry.fetchedAt = this.now();
        entry.failed = false;
      })
      .catch((err: unknown) => {
        entry.failed = true;
        this.options.onFetchFailure?.(issuer, err instanceof Error ? err.message : String(err));
      })
      .finally(() => {
        entry.inflight = null;
      });
    entry.attemptedAt = this.now();
    return entry.inflight;
  }

  private async fetchKeys(issuer: string): Promise<KeySet> {
    const anyAddress = this.options.httpIssuers.has(issuer);
    const base = issuer.replace(/\/+$/, '');
    const discovery = await fetchJson(new URL(`${base}/.well-known/openid-configuration`), this.limits(anyAddress, MAX_DOCUMENT_BYTES));
    const config = (discovery && typeof discovery === 'object' ? discovery : {}) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery §4.3: the document must name the very issuer it was fetched for.
    if (config.issuer !== issuer) throw new FetchRefused(`the discovery document names the issuer ${String(config.issuer)}`);
    if (typeof config.jwks_uri !== 'string') throw new FetchRefused('the discovery document has no jwks_uri');
    const jwks = await fetchJson(new URL(config.jwks_uri), this.limits(anyAddress, MAX_JWKS_BYTES));
    const keys = (jwks as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys)) throw new FetchRefused('the jwks_uri document is not a JWK Set');
    return createLocalJWKSet(jwks as JSONWebKeySet);
  }

  private limits(anyAddress: boolean, maxBytes: number): FetchLimits {
    return { timeoutMs: this.options.timeoutMs, maxBytes, anyAddress };
  }
}
