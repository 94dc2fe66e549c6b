// The token exchange (issue 31): an outside OIDC token (a GitHub Actions job's, a Kubernetes pod's)
// admitted by a service account's federated credential, in place of a key. The token's `iss` picks
// the rules; its subject, audience and claims must match one, and its signature verify with that
// rule's keys (inline, or discovered from the issuer: issuer-keys.ts) under RS256, ES256 or EdDSA,
// with at most 60 s of skew and a lifetime of at most 24 h; a `jti` is accepted once per rule unless
// the rule allows reuse. The client only ever learns the error code: every way a token fails is
// `invalid_grant`. Failures count against the address and against each rule the token named
// (rate-limiter.ts), reserved before the work so concurrent attempts count too.
import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { BoundedMap } from '../../bounded-map';
import { recordAudit } from '../../core/audit';
import type { Principal } from '../../core/authorization';
import type { CoreDeps } from '../../core/deps';
import { federatedPrincipal } from '../../core/federated-principal';
import type { FederatedCredential } from '../../core/federation-rules';
import type { ServiceAccount } from '../../core/model';
import type { ServiceStore } from '../../store/service-tables';
import type { RateLimiter } from '../rate-limiter';
import { OAuthError } from '../token-service';
import type { FederationCandidate, FederationStore } from './federation-store';
import type { IssuerKeys } from './issuer-keys';
import { EXCHANGE_ALGORITHMS } from './jwk-check';
import { ruleMatches } from './rule-match';

/** Longer than any platform's OIDC token (GitHub's are ~1.2 KB); longer ones are refused unread. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const MAX_JTI_LENGTH = 256;
const CLOCK_SKEW_S = 60;
const MAX_LIFETIME_S = 24 * 3600;
/** Rules read for one token: more than this many for one issuer and subject without `audience` is ambiguous anyway. */
const MAX_CANDIDATES = 20;
/** A rule's failures a minute may reach this many times an address's before its exchanges get 429. */
const RULE_FAILURE_FACTOR = 5;
/** Inline key sets, by the rule's token key id (a new one on every change): bounded like every cache of what clients send. */
const MAX_INLINE_SETS = 1_000;

export interface ExchangeRequest {
  token: string;
  /** The `audience` parameter: an account's client id, choosing among several matching accounts. */
  audience?: string;
  address: string;
  /** Who asked, for the audit event. */
  via: NonNullable<Principal['via']>;
}

/** A token one rule admitted: who it stands for, and what it said. */
export interface Admitted {
  credential: FederatedCredential;
  account: ServiceAccount;
  /** The caller the minted token makes: the account, with the rule in the key's place. */
  principal: Principal;
  claims: { iss: string; sub: string; jti: string | null; exp: number };
}

export interface ExchangeOptions {
  /** Told why an exchange was refused (metrics, the operator's log; never the client). */
  onRefusal?: (reason: string, issuer: string | null) => void;
}

const refused = () => new OAuthError('invalid_grant', 'The token was not accepted');

class Refusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export class FederatedExchange {
  private readonly inline = new BoundedMap<string, ReturnType<typeof createLocalJWKSet>>(MAX_INLINE_SETS);

  constructor(
    private readonly rules: FederationStore,
    private readonly store: ServiceStore,
    private readonly limiter: RateLimiter,
    private readonly issuerKeys: IssuerKeys,
    private readonly deps: CoreDeps,
    private readonly options: ExchangeOptions = {},
  ) {}

  /**
   * Admits the token or throws (invalid_grant, invalid_target, or 429 past a failure budget).
   * `check` runs once a rule has admitted it, before its `jti` is used up: what else the request
   * must satisfy (client authentication, scope); what it throws goes to the client as it is.
   */
  async exchange(req: ExchangeRequest, check: (admitted: Admitted) => Promise<void>): Promise<Admitted> {
    const addressSubjects = this.limiter.subjects(req.address, 'token-exchange');
    // An address past its failure budget is refused before any rule is read.
    await this.limiter.check('auth-failure', addressSubjects);
    let issuer: string | null = null;
    let candidates: FederationCandidate[];
    let payload: JWTPayload;
    try {
      payload = this.readToken(req.token);
      issuer = payload.iss!;
      candidates = await this.rules.candidates(issuer, payload.sub!, req.audience, MAX_CANDIDATES + 1);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      await this.countFailure(addressSubjects);
      throw this.refuse(err.reason, issuer);
    }
    const ruleSubjects = candidates.slice(0, MAX_CANDIDATES).map((c) => `federated-credential:${c.credential.id}`);
    const attempt = await this.limiter.reserve('auth-failure', [...addressSubjects, ...ruleSubjects], (_totals, limit) => [
      ...addressSubjects.map(() => limit),
      ...ruleSubjects.map(() => RULE_FAILURE_FACTOR * limit),
    ]);
    let failed = true;
    try {
      const admitted = await this.admit(req, payload, candidates);
      await check(admitted);
      await this.record(admitted, req.via);
      failed = false;
      return admitted;
    } catch (err) {
      // Only a token that failed counts: a wrong client secret or scope is another check's failure.
      if (err instanceof Refusal) throw this.refuse(err.reason, issuer);
      failed = false;
      throw err;
    } finally {
      if (!failed) attempt.release();
    }
  }

  /** The token taken apart, unverified: only its issuer and subject are read, to find the rules. */
  private readToken(token: string): JWTPayload {
    if (token.length > MAX_TOKEN_LENGTH) throw new Refusal('too long');
    let alg: unknown;
    let payload: JWTPayload;
    try {
      alg = decodeProtectedHeader(token).alg;
      payload = decodeJwt(token);
    } catch {
      throw new Refusal('not a JWT');
    }
    if (!(EXCHANGE_ALGORITHMS as readonly unknown[]).includes(alg)) throw new Refusal('algorithm not accepted');
    if (typeof payload.iss !== 'string' || typeof payload.sub !== 'string') throw new Refusal('no iss or sub');
    return payload;
  }

  private async admit(req: ExchangeRequest, unverified: JWTPayload, candidates: FederationCandidate[]): Promise<Admitted> {
    if (candidates.length > MAX_CANDIDATES) throw ambiguous();
    const matches: { candidate: FederationCandidate; payload: JWTPayload }[] = [];
    for (const candidate of candidates.filter((c) => ruleMatches(c.credential, unverified))) {
      const payload = await this.verified(req.token, candidate.credential);
      if (payload && ruleMatches(candidate.credential, payload)) matches.push({ candidate, payload });
    }
    if (!matches.length) throw new Refusal('no rule admits the token');
    // Several accounts may trust one subject: `audience` names one; without it, exactly one rule may match.
    if (req.audience === undefined && matches.length > 1) throw ambiguous();
    const { candidate, payload } = matches[0];
    const { credential, account } = candidate;
    if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number' || payload.exp - payload.iat > MAX_LIFETIME_S)
      throw new Refusal('lifetime over 24 h');
    const jti = typeof payload.jti === 'string' && payload.jti.length > 0 && payload.jti.length <= MAX_JTI_LENGTH ? payload.jti : null;
    if (!jti && !credential.allowTokenReuse) throw new Refusal('no jti');
    if (account.status !== 'active') throw new Refusal('account disabled');
    return {
      credential,
      account,
      principal: federatedPrincipal(credential, account),
      claims: { iss: payload.iss!, sub: payload.sub!, jti, exp: payload.exp },
    };
  }

  /** The payload when the token verifies under the rule (signature, issuer, audience, times), else null. */
  private async verified(token: string, rule: FederatedCredential): Promise<JWTPayload | null> {
    try {
      const keys = rule.jwks ? this.inlineKeys(rule) : this.issuerKeys.keyFor(rule.issuer);
      const { payload } = await jwtVerify(token, keys, {
        algorithms: [...EXCHANGE_ALGORITHMS],
        issuer: rule.issuer,
        audience: rule.audiences,
        clockTolerance: CLOCK_SKEW_S,
        maxTokenAge: MAX_LIFETIME_S,
        requiredClaims: ['iat', 'exp', 'sub'],
        currentDate: this.deps.clock.now(),
      });
      return payload;
    } catch {
      return null;
    }
  }

  private inlineKeys(rule: FederatedCredential): ReturnType<typeof createLocalJWKSet> {
    let keys = this.inline.get(rule.tokenKeyId);
    if (!keys) {
      keys = createLocalJWKSet({ keys: rule.jwks!.keys as unknown as JWK[] });
      this.inline.set(rule.tokenKeyId, keys);
    }
    return keys;
  }

  /** The jti used up (unless the rule allows reuse) and the audit event, in one transaction. */
  private async record(admitted: Admitted, via: ExchangeRequest['via']): Promise<void> {
    const { credential, account, claims } = admitted;
    await this.store.transaction(async (repos) => {
      if (!credential.allowTokenReuse) {
        const id = createHash('sha256').update(`${credential.id}\n${claims.jti}`).digest('hex');
        // Kept until no clock skew could let the token pass again.
        const until = new Date((claims.exp + CLOCK_SKEW_S) * 1000).toISOString();
        if (!(await repos.federationJtis.claim(id, until))) throw new Refusal('jti replayed');
      }
      await recordAudit(
        this.deps,
        repos,
        { ...admitted.principal, via },
        {
          action: 'federated-credential.exchange',
          targetType: 'federated-credential',
          targetId: credential.id,
          serviceAccountId: account.id,
          changes: { issuer: claims.iss, subject: claims.sub, jti: claims.jti },
          values: [],
          targetName: credential.name,
        },
        account.organizationId,
      );
    });
  }

  private async countFailure(subjects: string[]): Promise<void> {
    await this.limiter.reserve('auth-failure', subjects, (_totals, limit) => subjects.map(() => limit));
  }

  private refuse(reason: string, issuer: string | null): OAuthError {
    this.options.onRefusal?.(reason, issuer);
    return refused();
  }
}

function ambiguous(): OAuthError {
  return new OAuthError('invalid_target', 'The token matches several service accounts: name one with `audience` (its client id)');
}
