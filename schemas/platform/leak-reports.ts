// What POST /secret-scanning/github and POST /credentials/revoke take and answer (issue 30,
// src/http/platform/leaked-secrets-handlers.ts, which validates the requests with these), for /openapi/platform.json.
import { Type, type Static } from '@sinclair/typebox';
import { about, closedObject, enumOf, text } from '../common/fields';

/** The most candidates one report or revocation names: each one may cost a bcrypt check. */
export const MAX_CANDIDATES = 100;
/** Far longer than a secret (86 characters): a longer string is no secret of ours, and is refused unread. */
const candidate = Type.String({ maxLength: 1024 });

/** GitHub's secret-scanning partner report: the tokens it found, each with where. */
export const secretScanningReport = about(
  "A secret-scanning report in GitHub's partner format: the strings that match iamgate's pattern, each with where it was found.",
  Type.Array(
    about(
      'One string found.',
      Type.Object({
        token: about('The string found (a key secret, if it is one).', candidate),
        type: about('The pattern it matched, as registered with the partner (`iamgate_key_secret` …).', Type.String({ maxLength: 200 })),
        url: Type.Optional(about('Where it was found (a commit, an issue, a gist …).', Type.String({ maxLength: 2048 }))),
        source: Type.Optional(
          about('What kind of place that is (`content`, `commit`, `issue_comment` …).', Type.String({ maxLength: 200 })),
        ),
      }),
    ),
    { maxItems: MAX_CANDIDATES },
  ),
);

export const secretScanningAnswer = about(
  "The verdict on each string reported, in the report's order (GitHub's format).",
  Type.Array(
    closedObject({
      token_hash: about('The SHA-256 of the string, in hex.', Type.String({ pattern: '^[0-9a-f]{64}$' })),
      token_type: about('The `type` the report gave it.', text),
      label: about(
        '`true_positive`: the secret of a live key (neither revoked nor expired), revoked now; `false_positive`: anything else.',
        enumOf(['true_positive', 'false_positive'] as const),
      ),
    }),
  ),
);

export const publicRevocationRequest = about(
  'Secrets to revoke: anyone who finds a leaked one may send it.',
  closedObject({
    credentials: about(
      `The secrets (\`iamg_…\`), at most ${MAX_CANDIDATES}.`,
      Type.Array(candidate, { minItems: 1, maxItems: MAX_CANDIDATES }),
    ),
  }),
);

export const publicRevocationAnswer = about('Always empty: the answer says nothing about what was valid.', closedObject({}));

const LEAK_ERRORS = [
  'invalid_request',
  'invalid_signature',
  'not_found',
  'rate_limited',
  'temporarily_unavailable',
  'server_error',
] as const;

export const leakReportError = about(
  'Why a report or revocation was refused; nothing was changed.',
  closedObject({
    error: about(
      '`invalid_request` (400, 413, 415), `invalid_signature` (401), `not_found` (404), `rate_limited` (429), ' +
        '`temporarily_unavailable` (503), `server_error` (500).',
      enumOf(LEAK_ERRORS),
    ),
    error_description: about('What went wrong.', text),
  }),
);

export type SecretScanningReport = Static<typeof secretScanningReport>;
export type PublicRevocationRequest = Static<typeof publicRevocationRequest>;
