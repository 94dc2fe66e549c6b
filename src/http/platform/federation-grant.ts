// The two grants of /oauth2/token that take an outside OIDC token instead of a key (issue 31):
// RFC 8693 token exchange (`subject_token`) and RFC 7523 §2.1 JWT bearer (`assertion`). No client
// authentication is needed: the token is the proof; when some is sent, it must be the admitted
// account's. Parameters are checked here (invalid_request), the token in src/auth/federation.
import type { Request, Response } from 'express';
import type { ClientCredential } from '../../auth/authenticator';
import { OAuthError } from '../../auth/token-service';
import { clientAddress } from '../authenticate';
import type { AppContext } from '../context';

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const FEDERATED_GRANTS: readonly string[] = [TOKEN_EXCHANGE, JWT_BEARER];
const SUBJECT_TOKEN_TYPES = ['urn:ietf:params:oauth:token-type:jwt', 'urn:ietf:params:oauth:token-type:id_token'];
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** A parameter given once, as a string; absent is undefined; anything else is invalid_request. */
function single(body: Record<string, unknown>, name: string, required = false): string | undefined {
  const value = body[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new OAuthError('invalid_request', `${name} ${value === undefined ? 'is required' : 'must be given once, as a non-empty string'}`);
  return value;
}

function tokenOf(grant: string, body: Record<string, unknown>): string {
  if (grant === JWT_BEARER) return single(body, 'assertion', true)!;
  const token = single(body, 'subject_token', true)!;
  const type = single(body, 'subject_token_type', true)!;
  if (!SUBJECT_TOKEN_TYPES.includes(type))
    throw new OAuthError('invalid_request', `subject_token_type must be ${SUBJECT_TOKEN_TYPES.join(' or ')}`);
  const requested = single(body, 'requested_token_type');
  if (requested !== undefined && requested !== ACCESS_TOKEN_TYPE)
    throw new OAuthError('invalid_request', `requested_token_type must be ${ACCESS_TOKEN_TYPE}`);
  if (body.actor_token !== undefined || body.actor_token_type !== undefined)
    throw new OAuthError('invalid_request', 'Delegation (actor_token) is not supported');
  if (body.resource !== undefined)
    throw new OAuthError('invalid_target', 'resource is not supported: name the service account with audience');
  return token;
}

/**
 * `client`: the client authentication the request carried (Basic, or client_id with client_secret),
 * or null; a bare client_id in the body names the account too.
 */
export async function exchangeGrant(
  ctx: AppContext,
  req: Request,
  res: Response,
  body: Record<string, unknown>,
  client: ClientCredential | null,
  issuer: string,
): Promise<void> {
  const grant = body.grant_type as string;
  const token = tokenOf(grant, body);
  const audience = single(body, 'audience');
  const scope = single(body, 'scope');
  const namedClient = client?.clientId ?? (client ? undefined : single(body, 'client_id'));
  const address = clientAddress(req);
  await ctx.limiter.hit('token', ctx.limiter.subjects(address, 'token-exchange'));
  const userAgent = req.get('user-agent');
  const via = { dialect: 'oauth2', requestId: req.requestId, clientIp: address, ...(userAgent ? { userAgent } : {}) };
  let granted: ReturnType<AppContext['tokens']['scopesFor']> | undefined;
  const admitted = await ctx.federation.exchange({ token, audience, address, via }, async ({ account, principal }) => {
    if (namedClient !== undefined && namedClient !== account.clientId)
      throw new OAuthError('invalid_client', 'The client is not the service account the token stands for', 401);
    if (client && (await ctx.authenticator.authenticateClient(client, address)).account.id !== account.id)
      throw new OAuthError('invalid_client', 'The client is not the service account the token stands for', 401);
    granted = ctx.tokens.scopesFor(principal, scope);
  });
  // The request log (and so the usage counts) names the account, with the rule as its key.
  req.principal = { ...admitted.principal, via };
  const issued = await ctx.tokens.mint({ keyId: admitted.credential.tokenKeyId, account: admitted.account }, granted!, issuer);
  res.json({
    access_token: issued.accessToken,
    ...(grant === TOKEN_EXCHANGE ? { issued_token_type: ACCESS_TOKEN_TYPE } : {}),
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
    scope: issued.scope,
  });
}
