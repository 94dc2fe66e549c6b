// A real OIDC token issuer for the tests (issue 31): OpenID discovery and a JWK Set over http on
// 127.0.0.1, and tokens signed with jose, shaped like GitHub Actions' and Kubernetes' tokens.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';

export interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256' | 'EdDSA';
  privateKey: KeyLike;
  publicJwk: JWK;
}

export async function signingKey(alg: SigningKey['alg'], kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export interface TokenOptions {
  key: SigningKey;
  /** Seconds from now; default -10 (issued just now). */
  iatOffset?: number;
  /** Lifetime in seconds from iat (default 300). */
  lifetime?: number;
  nbfOffset?: number;
  /** Header changes (a kid the set lacks, another alg …). */
  header?: Record<string, unknown>;
  /** The clock the token is made by (the server's, when tests move it). */
  now?: Date;
}

export async function signToken(claims: Record<string, unknown>, o: TokenOptions): Promise<string> {
  const now = Math.floor((o.now ?? new Date()).getTime() / 1000);
  const iat = now + (o.iatOffset ?? -10);
  const jwt = new SignJWT({ ...claims })
    .setProtectedHeader({ alg: o.key.alg, kid: o.key.kid, typ: 'JWT', ...o.header })
    .setIssuedAt(iat)
    .setExpirationTime(iat + (o.lifetime ?? 300));
  if (o.nbfOffset !== undefined) jwt.setNotBefore(now + o.nbfOffset);
  return jwt.sign(o.key.privateKey);
}

/** The claims of a GitHub Actions OIDC token for a job of `repository` deploying to `environment`. */
export function githubClaims(issuer: string, repository: string, environment = 'production', extra: Record<string, unknown> = {}) {
  return {
    iss: issuer,
    sub: `repo:${repository}:environment:${environment}`,
    aud: 'iamgate',
    jti: randomUUID(),
    repository,
    repository_owner: repository.split('/')[0],
    ref: 'refs/heads/main',
    sha: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4',
    environment,
    workflow: 'deploy',
    event_name: 'push',
    run_id: '1234567890',
    runner_environment: 'github-hosted',
    ...extra,
  };
}

/** The claims of a Kubernetes projected service-account token (no jti: one token is presented until refreshed). */
export function kubernetesClaims(issuer: string, namespace: string, serviceAccount: string, extra: Record<string, unknown> = {}) {
  return {
    iss: issuer,
    sub: `system:serviceaccount:${namespace}:${serviceAccount}`,
    aud: ['iamgate'],
    'kubernetes.io': {
      namespace,
      serviceaccount: { name: serviceAccount, uid: randomUUID() },
      pod: { name: `${serviceAccount}-7d9f8b6c5-x2x4z`, uid: randomUUID() },
    },
    ...extra,
  };
}

export interface TestIssuer {
  /** `http://127.0.0.1:<port>`: the issuer, and its tokens' `iss`. */
  url: string;
  keys: SigningKey[];
  /** Requests per path, to see what iamgate fetched. */
  hits: Map<string, number>;
  /** Replaces what a path answers (a slow issuer, a redirect, a huge document …). */
  override: Map<string, (req: IncomingMessage, res: ServerResponse) => void>;
  close(): Promise<void>;
}

export async function startIssuer(keys: SigningKey[]): Promise<TestIssuer> {
  const hits = new Map<string, number>();
  const override = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const issuer = { url: '', keys, hits, override } as TestIssuer;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const special = override.get(path);
    if (special) return special(req, res);
    const json = (body: unknown) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (path === '/.well-known/openid-configuration') return json({ issuer: issuer.url, jwks_uri: `${issuer.url}/jwks` });
    if (path === '/jwks') return json({ keys: issuer.keys.map((k) => k.publicJwk) });
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return issuer;
}
