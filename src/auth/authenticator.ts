// Turns credentials into a Principal: a key secret (Bearer or Basic) or an access token (Bearer).
// Every request reads the key and the account (for a token, with its deny-list entry, in the same
// read), so a revocation or a disable made by any process is seen on the very next request. bcrypt
// runs only on a key's first use in this process; before it runs, the attempt reserves a failure
// from its address's budget (failure-budget.ts) and waits for a turn in the process's bcrypt gate,
// so guessing cannot burn the CPU. A token's signature is checked before anything is read, and a
// secret's checksum (issue 30) before anything else: a typo or noise costs neither a read nor bcrypt.
import { principalFor, unusableReason, type Principal } from '../core/authorization';
import { unauthorized } from '../core/errors';
import { federatedPrincipal, federatedUnusableReason } from '../core/federated-principal';
import type { Key, ServiceAccount } from '../core/model';
import type { Clock, Store } from '../core/ports';
import type { BcryptGate } from './bcrypt-gate';
import type { FederationStore } from './federation/federation-store';
import { reserveAttempt } from './failure-budget';
import type { RateLimiter } from './rate-limiter';
import { readSecret } from './secret-format';
import type { SecretVerifier } from './secret-verifier';
import type { TokenChecker } from './token-checker';
import { isAccessToken, type TokenClaims } from './token-format';
import type { TokenStore } from './token-store';

export interface ClientCredential {
  secret: string;
  clientId?: string;
}

export interface AuthenticatedClient {
  principal: Principal;
  key: Key;
  account: ServiceAccount;
}

/** A token that works right now, with what it says and the account behind it. */
export interface CheckedToken {
  principal: Principal;
  claims: TokenClaims;
  account: ServiceAccount;
}

export interface TokenParts {
  checker: TokenChecker;
  store: TokenStore;
  /** Tokens minted by federated credentials (issue 31): their key id is a rule's token key id. */
  federated?: Pick<FederationStore, 'tokenCredential'>;
}

/** Where a presented secret was checked, for the checksum-failure metric. */
export const SECRET_CHECK_SITES = ['authentication', 'secret-scanning', 'public-revocation'] as const;
export type SecretCheckSite = (typeof SECRET_CHECK_SITES)[number];

/** lastUsedAt is written at most this often per key, to keep reads from becoming writes. */
const TOUCH_INTERVAL_MS = 60_000;

export class Authenticator {
  constructor(
    private readonly store: Store,
    private readonly verifier: SecretVerifier,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
    private readonly tokens: TokenParts,
    private readonly gate: BcryptGate,
    /** Told the reason of every refused authentication (metrics). */
    private readonly onFailure: (reason: string) => void = () => undefined,
    /** Told of every presented secret refused for its checksum (metrics). */
    private readonly onBadChecksum: (where: SecretCheckSite) => void = () => undefined,
  ) {}

  async authenticate(header: string | undefined, address: string): Promise<Principal> {
    const credential = parseAuthorization(header);
    if ('token' in credential) return this.authenticateToken(credential.token, address);
    return (await this.authenticateClient(credential, address)).principal;
  }

  /** A key secret, optionally with the client id it must belong to (Basic, or the token endpoint). */
  async authenticateClient(credential: ClientCredential, address: string): Promise<AuthenticatedClient> {
    const { secret, clientId } = credential;
    const reading = readSecret(secret);
    if (reading.shape === 'bad-checksum') {
      // Nothing read, nothing counted: it cost nothing, and a typo must not use up anyone's budget.
      this.onBadChecksum('authentication');
      this.onFailure('Invalid credentials');
      throw unauthorized('Invalid credentials');
    }
    if (reading.shape === 'foreign') return this.fail(this.limiter.subjects(address, clientId ?? '-'), 'Invalid credentials');
    const { keyId } = reading;
    const read = await this.store.run((repos) => repos.keys.getWithAccount(keyId));
    // Counted per client, whichever form (Bearer, Basic, the token endpoint) its secrets came in.
    const subjects = this.limiter.subjects(address, clientId ?? read?.account.clientId ?? keyId);
    const found = read && (clientId === undefined || clientId === read.account.clientId) ? read : null;
    // An unknown key (or client id) costs the same bcrypt work as a wrong secret (a decoy).
    if (!(await this.matches(subjects, keyId, secret, found)) || !found) return this.fail(subjects, 'Invalid credentials', true);
    const { key, account } = found;
    await this.assertUsable(key, account, subjects);
    await this.touch(key);
    return { principal: principalFor(key, account), key, account };
  }

  /**
   * The key (with its account) whose real secret `secret` is, whatever the key's state; null when it
   * is none (a leak report, issue 30). A bad checksum or a string not ours costs nothing; anything
   * else is checked as an authentication is — within the failure budget of `subjects`, in the gate's
   * turn, an unknown key costing a decoy — and throws RATE_LIMITED when either refuses.
   */
  async keyOfSecret(secret: string, subjects: string[], where: SecretCheckSite): Promise<{ key: Key; account: ServiceAccount } | null> {
    const reading = readSecret(secret);
    if (reading.shape === 'bad-checksum') this.onBadChecksum(where);
    if (!('keyId' in reading)) return null;
    const found = await this.store.run((repos) => repos.keys.getWithAccount(reading.keyId));
    return (await this.matches(subjects, reading.keyId, secret, found)) ? found : null;
  }

  async authenticateToken(token: string, address: string): Promise<Principal> {
    const checked = await this.inspectToken(token);
    // Bad tokens count as one client of their address: their failures cannot use up the budget of
    // the clients behind it (see failure-budget.ts).
    if ('reason' in checked) return this.fail(this.limiter.subjects(address, 'access-token'), checked.reason);
    return checked.principal;
  }

  /** Checks an access token without counting failures (introspection asks about others' tokens). */
  async inspectToken(token: string): Promise<CheckedToken | { reason: string }> {
    const checked = await this.tokens.checker.check(token);
    if ('reason' in checked) return checked;
    const { claims } = checked;
    const found = await this.tokens.store.credential(claims.keyId, claims.jti);
    if (!found && this.tokens.federated) return this.inspectFederated(claims);
    if (!found || found.key.serviceAccountId !== claims.accountId || found.account.organizationId !== claims.orgId) {
      return { reason: 'Invalid access token' };
    }
    if (found.denied) return { reason: 'The access token is revoked' };
    const unusable = unusableReason(found.key, found.account, this.clock.now());
    if (unusable) return { reason: unusable };
    const principal: Principal = {
      ...principalFor(found.key, found.account),
      tokenId: claims.jti,
      narrowedTo: claims.narrowed ? claims.scopes : undefined,
    };
    return { principal, claims, account: found.account };
  }

  /** A token a federated credential minted: the rule must still be the one that minted it (a change gives it a new token key id). */
  private async inspectFederated(claims: TokenClaims): Promise<CheckedToken | { reason: string }> {
    const found = await this.tokens.federated!.tokenCredential(claims.keyId, claims.jti);
    if (!found || found.account.id !== claims.accountId || found.account.organizationId !== claims.orgId) {
      return { reason: 'Invalid access token' };
    }
    if (found.denied) return { reason: 'The access token is revoked' };
    const unusable = federatedUnusableReason(found.account);
    if (unusable) return { reason: unusable };
    const principal: Principal = {
      ...federatedPrincipal(found.credential, found.account),
      tokenId: claims.jti,
      narrowedTo: claims.narrowed ? claims.scopes : undefined,
    };
    return { principal, claims, account: found.account };
  }

  /**
   * Whether `secret` is the secret of `found`'s key: remembered from an earlier success in this
   * process, or bcrypt (checkSecret; a decoy when nothing was found, which never matches).
   */
  private async matches(subjects: string[], keyId: string, secret: string, found: { key: Key } | null): Promise<boolean> {
    if (found && this.verifier.verifiedBefore(keyId, secret, found.key.secretHash)) return true;
    return (await this.checkSecret(subjects, keyId, secret, found?.key.secretHash)) && found !== null;
  }

  /**
   * bcrypt, within the address's failure budget and in the gate's turn; an unknown key (or client
   * id) costs the same as a wrong secret. A failure keeps its reservation: that is its count.
   */
  private async checkSecret(subjects: string[], keyId: string, secret: string, hash: string | undefined): Promise<boolean> {
    const attempt = await reserveAttempt(this.limiter, subjects);
    let ok: boolean | undefined;
    try {
      ok = await this.gate.run(attempt.lane, () => (hash ? this.verifier.verify(keyId, secret, hash) : this.verifier.decoy(secret)));
      return ok;
    } finally {
      if (ok !== false) attempt.release();
    }
  }

  private async assertUsable(key: Key, account: ServiceAccount, subjects: string[]): Promise<void> {
    const unusable = unusableReason(key, account, this.clock.now());
    if (unusable) await this.fail(subjects, unusable);
  }

  /**
   * Counts the failure (unless a reservation already did) and refuses; a client already past its
   * limit from that address gets 429, and is not counted again.
   */
  private async fail(subjects: string[], message: string, counted = false): Promise<never> {
    this.onFailure(message);
    if (!counted) await reserveAttempt(this.limiter, subjects);
    throw unauthorized(message);
  }

  private async touch(key: Key): Promise<void> {
    const now = this.clock.now();
    if (key.lastUsedAt && now.getTime() - Date.parse(key.lastUsedAt) <= TOUCH_INTERVAL_MS) return;
    await this.store.run((repos) => repos.keys.touch(key.id, now.toISOString()));
  }
}

export function parseAuthorization(header: string | undefined): ClientCredential | { token: string } {
  if (!header) throw unauthorized('Authentication required');
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : header.slice(space + 1).trim();
  if (scheme === 'bearer' && value) return isAccessToken(value) ? { token: value } : { secret: value };
  if (scheme === 'basic' && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  }
  throw unauthorized('Unsupported or malformed Authorization header');
}

/** RFC 6749 §2.3.1: Basic credentials are form-encoded first; a client that did not encode still works. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
