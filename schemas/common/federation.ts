// Building blocks of federated credentials (issue 31) shared by every dialect's schemas; each
// dialect names the fields in its own words. The rules come from src/core/federation-rules.ts.
import { Type } from '@sinclair/typebox';
import { CLAIM_NAME_PATTERN, FEDERATION_LIMITS, type JsonWebKeySet } from '../../src/core/federation-rules';
import { about, closedObject, enumOf, name, strings, text, timestamp, uuid } from './fields';

const { Optional } = Type;

const L = FEDERATION_LIMITS;

export const issuer = about(
  "The token issuer, exactly as its tokens' `iss` says: an https URL (http only when FEDERATION_HTTP_ISSUERS lists it). Without `jwks`, its keys are found at `{issuer}/.well-known/openid-configuration`.",
  Type.String({ minLength: 1, maxLength: L.issuer }),
);
export const subject = about(
  "The token's `sub`, exactly, or a prefix of it ending in `*` (`repo:acme/app:*`); a bare `*` is refused.",
  Type.String({ minLength: 1, maxLength: L.subject }),
);
export const audiences = about(
  "The token's `aud` must hold one of these.",
  Type.Array(Type.String({ minLength: 1, maxLength: L.audience }), { minItems: 1, maxItems: L.audiences }),
);
export const claims = about(
  "Further claims the token must carry, each with exactly this value (GitHub: `repository`, `ref`, `environment`; a dotted name reaches into an object: Kubernetes' `kubernetes.io.namespace`).",
  Type.Unsafe<Record<string, string>>({
    type: 'object',
    maxProperties: L.claims,
    propertyNames: { maxLength: L.claimName, pattern: CLAIM_NAME_PATTERN.source },
    additionalProperties: { type: 'string', minLength: 1, maxLength: L.claimValue },
  }),
);

const jwkMember = (what: string) => Optional(about(what, Type.String({ maxLength: 2048 })));
const jwk = about(
  'A public signing key (RFC 7517): RSA of 2048 bits or more (RS256), EC P-256 (ES256) or OKP Ed25519 (EdDSA).',
  Type.Object(
    {
      kty: about('The key type.', enumOf(['RSA', 'EC', 'OKP'] as const)),
      kid: jwkMember("The key's id: a token names the key it was signed with by it."),
      use: jwkMember('`sig`, when given.'),
      alg: jwkMember('`RS256`, `ES256` or `EdDSA`, when given.'),
      crv: jwkMember('The curve of an EC (`P-256`) or OKP (`Ed25519`) key.'),
      n: jwkMember("An RSA key's modulus."),
      e: jwkMember("An RSA key's exponent."),
      x: jwkMember("An EC or OKP key's x coordinate."),
      y: jwkMember("An EC key's y coordinate."),
    },
    { maxProperties: 30 },
  ),
);
export const jwks = about(
  "The issuer's public keys as a JSON Web Key Set, for an issuer iamgate cannot reach (many clusters' service-account issuers); null or absent: discovered from the issuer.",
  Type.Unsafe<JsonWebKeySet | null>({
    type: ['object', 'null'],
    additionalProperties: false,
    required: ['keys'],
    properties: { keys: about('The keys.', Type.Array(jwk, { minItems: 1, maxItems: L.jwksKeys })) },
  }),
);
export const allowTokenReuse = about(
  'true: the same token may be exchanged again until it expires (Kubernetes presents one projected token many times). false (the default): each `jti` once, and a token without one is refused.',
  Type.Boolean(),
);
export const credentialName = about("The rule's name, unique among the account's federated credentials.", name);

/** The request fields in a dialect's words: `reuse` is `allowTokenReuse` or `allow_token_reuse`. */
export function requestFields<R extends string>(reuse: R) {
  return {
    name: credentialName,
    issuer,
    subject,
    audiences,
    claims,
    jwks,
    ...({ [reuse]: allowTokenReuse } as Record<R, typeof allowTokenReuse>),
  };
}

/** What a response shows of a rule, in a dialect's words: `reuse` is `allowTokenReuse` or `allow_token_reuse`. */
export function shownFields<R extends string>(reuse: R) {
  return {
    name: about("Its name, unique among the account's federated credentials.", text),
    issuer: about("The token issuer, exactly as its tokens' `iss` says.", text),
    subject: about("The token's `sub`, exactly, or a prefix of it ending in `*`.", text),
    audiences: about("The token's `aud` must hold one of these.", strings),
    claims: about(
      'Further claims the token must carry, with their exact values.',
      Type.Unsafe<Record<string, string>>({ type: 'object', additionalProperties: text }),
    ),
    jwks: about(
      'The inline JSON Web Key Set; null: the keys are discovered from the issuer.',
      Type.Unsafe<JsonWebKeySet | null>({
        type: ['object', 'null'],
        additionalProperties: false,
        required: ['keys'],
        properties: { keys: about('The public keys, as given.', { type: 'array', items: { type: 'object' } }) },
      }),
    ),
    ...({ [reuse]: about('Whether one token may be exchanged more than once (else each `jti` once).', Type.Boolean()) } as Record<
      R,
      ReturnType<typeof Type.Boolean>
    >),
  };
}

/** A rule as v1 and v2 show it (camelCase), with its id, account and times. */
export function camelCaseCredential(description: string) {
  return about(
    description,
    closedObject({
      id: about("The federated credential's id.", uuid),
      serviceAccountId: about('The service account it admits tokens for.', uuid),
      ...shownFields('allowTokenReuse'),
      createdAt: about('When it was made.', timestamp),
      updatedAt: about('When it last changed (a change ends the access tokens it minted before).', timestamp),
    }),
  );
}
