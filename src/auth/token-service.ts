// OAuth2 client-credentials tokens: issue (with optional scope narrowing), introspect, revoke.
import { hasCapability, usableScopes, type Principal } from '../core/authorization';
import type { AccessToken } from '../core/model';
import type { Clock, IdGenerator, Store } from '../core/ports';
import type { AuthenticatedClient, Authenticator } from './authenticator';
import { formatToken, hashToken, tokenIdOf } from './token-format';

export class OAuthError extends Error {
  constructor(readonly error: string, readonly description: string, readonly status = 400) {
    super(description);
  }
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  scope: string;
}

export interface Introspection {
  active: boolean;
  token?: AccessToken;
  clientId?: string;
  /** What the token can exercise right now (its key, account, narrowing and read-only cap). */
  scopes?: string[];
}

const PURGE_EVERY = 100;

export class TokenService {
  private issued = 0;

  constructor(
    private readonly store: Store,
    private readonly authenticator: Authenticator,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly ttlSeconds: number,
  ) {}

  /** The scopes a token may carry: what the client's credential can use right now. */
  grantable(principal: Principal): string[] {
    return usableScopes(principal);
  }

  async issue(client: AuthenticatedClient, requestedScope: string | undefined): Promise<IssuedToken> {
    const available = this.grantable(client.principal);
    const requested = requestedScope === undefined ? null : [...new Set(requestedScope.split(' ').filter(Boolean))];
    if (requested) {
      const unknown = requested.filter((s) => !available.includes(s));
      if (unknown.length || !requested.length) {
        throw new OAuthError('invalid_scope', unknown.length ? `Scope not available to this client: ${unknown.join(' ')}` : 'scope is empty');
      }
    }
    const now = this.clock.now();
    const id = this.ids.next();
    const value = formatToken(id);
    const scopes = requested ?? available;
    const token: AccessToken = {
      id,
      organizationId: client.account.organizationId,
      serviceAccountId: client.account.id,
      keyId: client.key.id,
      tokenHash: hashToken(value),
      scopes,
      narrowed: requested !== null,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000).toISOString(),
      revokedAt: null,
    };
    await this.store.transaction(async (repos) => {
      await repos.accessTokens.insert(token);
      if (++this.issued % PURGE_EVERY === 0) await repos.accessTokens.deleteExpired(now.toISOString());
    });
    return { accessToken: value, expiresIn: this.ttlSeconds, scope: scopes.join(' ') };
  }

  /**
   * RFC 7662: active only when the token works right now, belongs to the caller's organization, and
   * the caller is its account or may read service accounts. `scope` is what it can use now.
   */
  async introspect(caller: Principal, value: string): Promise<Introspection> {
    const checked = await this.authenticator.inspectToken(value);
    if ('reason' in checked || checked.found.token.organizationId !== caller.organizationId) return { active: false };
    if (checked.found.token.serviceAccountId !== caller.accountId && !hasCapability(caller, 'read')) return { active: false };
    return { active: true, token: checked.found.token, clientId: checked.found.account.clientId, scopes: usableScopes(checked.principal) };
  }

  /** RFC 7009: revokes a token of the calling account; anything else is quietly ignored. */
  async revoke(caller: Principal, value: string): Promise<void> {
    const id = tokenIdOf(value);
    if (!id) return;
    await this.store.transaction(async (repos) => {
      const found = await repos.accessTokens.getWithKey(id);
      if (!found || found.token.tokenHash !== hashToken(value)) return;
      if (found.token.serviceAccountId !== caller.accountId) return;
      if (!found.token.revokedAt) await repos.accessTokens.revoke(id, this.clock.now().toISOString());
    });
  }
}
