// OAuth2 client-credentials tokens: issue (with optional scope narrowing), introspect, revoke.
// Issuing signs a self-describing token and stores nothing; revoking puts its id on a deny list
// until it expires (see token-format.ts, token-store.ts).
import { hasCapability, usableScopes, type Principal } from '../core/authorization';
import type { ServiceAccount } from '../core/model';
import type { Clock, IdGenerator } from '../core/ports';
import type { AuthenticatedClient, Authenticator } from './authenticator';
import type { SigningKeys } from './signing-keys';
import type { TokenChecker } from './token-checker';
import { signJwt, signOpaque, type TokenClaims, type TokenFormat } from './token-format';
import type { TokenStore } from './token-store';

export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
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
  claims?: TokenClaims;
  clientId?: string;
  /** What the token can exercise right now (its key, account, narrowing and read-only cap). */
  scopes?: string[];
}

/** The scopes a token will carry, and whether the client narrowed them with `scope`. */
export interface GrantedScopes {
  scopes: string[];
  narrowed: boolean;
}

/** Who a token is for, and what it names as its key. */
export interface TokenGrant {
  keyId: string;
  account: ServiceAccount;
}

export interface TokenSettings {
  ttlSeconds: number;
  format: TokenFormat;
  /** JWT `aud`; the issuer when unset. */
  audience?: string;
}

export class TokenService {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly settings: TokenSettings,
    private readonly keys: SigningKeys,
    private readonly checker: TokenChecker,
    private readonly tokenStore: TokenStore,
  ) {}

  get format(): TokenFormat {
    return this.settings.format;
  }

  /** The JWKS of the signing keys (EdDSA ones: HMAC keys are never published). */
  jwks(): { keys: object[] } {
    return this.keys.jwks();
  }

  /** The scopes a token may carry: what the client's credential can use right now. */
  grantable(principal: Principal): string[] {
    return usableScopes(principal);
  }

  /** `issuer`: the OAuth2 issuer of this request (a JWT's `iss`, and its `aud` unless configured). */
  async issue(client: AuthenticatedClient, requestedScope: string | undefined, issuer: string): Promise<IssuedToken> {
    const grant = { keyId: client.key.id, account: client.account };
    return this.mint(grant, this.scopesFor(client.principal, requestedScope), issuer);
  }

  /** What a token for this caller carries: the `scope` asked for (each one it can use), or all it can use. */
  scopesFor(principal: Principal, requestedScope: string | undefined): GrantedScopes {
    const available = this.grantable(principal);
    const requested = requestedScope === undefined ? null : [...new Set(requestedScope.split(' ').filter(Boolean))];
    if (requested) {
      const unknown = requested.filter((s) => !available.includes(s));
      if (unknown.length || !requested.length) {
        throw new OAuthError(
          'invalid_scope',
          unknown.length ? `Scope not available to this client: ${unknown.join(' ')}` : 'scope is empty',
        );
      }
    }
    return { scopes: requested ?? available, narrowed: requested !== null };
  }

  /**
   * Signs a token for `grant`: `keyId` is what the token names as its key (a key's id, or a
   * federated credential's token key id), looked up again on every request.
   */
  async mint(grant: TokenGrant, granted: GrantedScopes, issuer: string): Promise<IssuedToken> {
    const now = this.clock.now();
    const { ttlSeconds } = this.settings;
    const claims: TokenClaims = {
      jti: this.ids.next(),
      keyId: grant.keyId,
      accountId: grant.account.id,
      orgId: grant.account.organizationId,
      scopes: granted.scopes,
      narrowed: granted.narrowed,
      iat: Math.floor(now.getTime() / 1000),
      exp: Math.floor(now.getTime() / 1000) + ttlSeconds,
    };
    const signer = await this.keys.signer();
    const accessToken =
      this.settings.format === 'jwt'
        ? await signJwt(claims, signer, { issuer, audience: this.settings.audience ?? issuer, clientId: grant.account.clientId })
        : await signOpaque(claims, signer);
    return { accessToken, expiresIn: ttlSeconds, scope: granted.scopes.join(' ') };
  }

  /**
   * RFC 7662: active only when the token works right now, belongs to the caller's organization, and
   * the caller is its account or may read service accounts. `scope` is what it can use now.
   */
  async introspect(caller: Principal, value: string): Promise<Introspection> {
    const checked = await this.authenticator.inspectToken(value);
    if ('reason' in checked || checked.claims.orgId !== caller.organizationId) return { active: false };
    if (checked.claims.accountId !== caller.accountId && !hasCapability(caller, 'read')) return { active: false };
    return { active: true, claims: checked.claims, clientId: checked.account.clientId, scopes: usableScopes(checked.principal) };
  }

  /** RFC 7009: denies a token of the calling account until it expires; anything else is quietly ignored. */
  async revoke(caller: Principal, value: string): Promise<void> {
    const checked = await this.checker.check(value);
    if ('reason' in checked) return; // not ours, or expired: nothing left to revoke
    const { claims } = checked;
    if (claims.accountId !== caller.accountId || claims.orgId !== caller.organizationId) return;
    await this.tokenStore.deny(claims.jti, new Date(claims.exp * 1000).toISOString());
  }
}
