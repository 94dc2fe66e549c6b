// Turns credentials into a Principal: a key secret (Bearer or Basic) or an access token (Bearer).
// Every request reads the key (and token) and the account, so a revocation or a disable made by
// any process is seen on the very next request. bcrypt runs only on a key's first use in this
// process; before it runs, the failure limits are checked, so guessing cannot burn the CPU.
import { principalFor, unusableReason, type Principal } from '../core/authorization';
import { unauthorized } from '../core/errors';
import type { Key, ServiceAccount } from '../core/model';
import type { Clock, Repositories, Store } from '../core/ports';
import type { RateLimiter } from './rate-limiter';
import { keyIdOf } from './secret-format';
import type { SecretVerifier } from './secret-verifier';
import { hashToken, isAccessToken, tokenIdOf } from './token-format';
import { timingSafeEqual } from 'node:crypto';

export interface ClientCredential {
  secret: string;
  clientId?: string;
}

export interface AuthenticatedClient {
  principal: Principal;
  key: Key;
  account: ServiceAccount;
}

type TokenRecord = NonNullable<Awaited<ReturnType<Repositories['accessTokens']['getWithKey']>>>;

/** lastUsedAt is written at most this often per key, to keep reads from becoming writes. */
const TOUCH_INTERVAL_MS = 60_000;

export class Authenticator {
  constructor(
    private readonly store: Store,
    private readonly verifier: SecretVerifier,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
    /** Told the reason of every refused authentication (metrics). */
    private readonly onFailure: (reason: string) => void = () => undefined,
  ) {}

  async authenticate(header: string | undefined, address: string): Promise<Principal> {
    const credential = parseAuthorization(header);
    if ('token' in credential) return this.authenticateToken(credential.token, address);
    return (await this.authenticateClient(credential, address)).principal;
  }

  /** A key secret, optionally with the client id it must belong to (Basic, or the token endpoint). */
  async authenticateClient(credential: ClientCredential, address: string): Promise<AuthenticatedClient> {
    const { secret, clientId } = credential;
    const keyId = keyIdOf(secret);
    const subjects = this.limiter.subjects(address, clientId ?? keyId ?? '-');
    if (!keyId) return this.fail(subjects, 'Invalid credentials');
    const found = await this.store.run((repos) => repos.keys.getWithAccount(keyId));
    const clientMatches = found !== null && (clientId === undefined || clientId === found.account.clientId);
    if (!(found && clientMatches && this.verifier.verifiedBefore(keyId, secret, found.key.secretHash))) {
      await this.limiter.check('auth-failure', subjects);
      if (!found || !clientMatches) {
        await this.verifier.decoy(secret);
        return this.fail(subjects, 'Invalid credentials');
      }
      if (!(await this.verifier.verify(keyId, secret, found.key.secretHash))) return this.fail(subjects, 'Invalid credentials');
    }
    const { key, account } = found;
    await this.assertUsable(key, account, subjects);
    await this.touch(key);
    return { principal: principalFor(key, account), key, account };
  }

  async authenticateToken(token: string, address: string): Promise<Principal> {
    const checked = await this.inspectToken(token);
    if ('reason' in checked) return this.fail(this.limiter.subjects(address), checked.reason);
    return checked.principal;
  }

  /** Checks an access token without counting failures (introspection asks about others' tokens). */
  async inspectToken(token: string): Promise<{ principal: Principal; found: TokenRecord } | { reason: string }> {
    const id = tokenIdOf(token);
    const found = id ? await this.store.run((repos) => repos.accessTokens.getWithKey(id)) : null;
    if (!found || !sameHash(found.token.tokenHash, hashToken(token))) return { reason: 'Invalid access token' };
    if (found.token.revokedAt) return { reason: 'The access token is revoked' };
    if (Date.parse(found.token.expiresAt) <= this.clock.now().getTime()) return { reason: 'The access token has expired' };
    const unusable = unusableReason(found.key, found.account, this.clock.now());
    if (unusable) return { reason: unusable };
    const principal: Principal = {
      ...principalFor(found.key, found.account), tokenId: found.token.id, narrowedTo: found.token.narrowed ? found.token.scopes : undefined,
    };
    return { principal, found };
  }

  private async assertUsable(key: Key, account: ServiceAccount, subjects: string[]): Promise<void> {
    const unusable = unusableReason(key, account, this.clock.now());
    if (unusable) await this.fail(subjects, unusable);
  }

  private async fail(subjects: string[], message: string): Promise<never> {
    this.onFailure(message);
    await this.limiter.hit('auth-failure', subjects);
    throw unauthorized(message);
  }

  private async touch(key: Key): Promise<void> {
    const now = this.clock.now();
    if (key.lastUsedAt && now.getTime() - Date.parse(key.lastUsedAt) <= TOUCH_INTERVAL_MS) return;
    await this.store.run((repos) => repos.keys.touch(key.id, now.toISOString()));
  }
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
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
