// What POST /secret-scanning/github and POST /credentials/revoke take and answer (issue 30,
// src/http/platform/leaked-secrets-handlers.ts, which validates the requests with these), for /openapi/platform.json.
import { about, closed, text } from '../common/fields';

/** The most candidates one report or revocation names: each one may cost a bcrypt check. */
export const MAX_CANDIDATES = 100;
/** Far longer than a secret (86 characters): a longer string is no secret of ours, and is refused unread. */
const candidate = { type: 'string', maxLength: 1024 } as const;

/** GitHub's secret-scanning partner report: the tokens it found, each with where. */
export const secretScanningReport = about(
  "A secret-scanning report in GitHub's partner format: the strings that match iamgate's pattern, each with where it was found.",
  {
    type: 'array',
    maxItems: MAX_CANDIDATES,
    items: {
      type: 'object',
      description: 'One string found.',
      required: ['token', 'type'],
      properties: {
        token: about('The string found (a key secret, if it is one).', candidate),
        type: about('The pattern it matched, as registered with the partner (`iamgate_key_secret` …).', {
          type: 'string',
          maxLength: 200,
        }),
        url: about('Where it was found (a commit, an issue, a gist …).', { type: 'string', maxLength: 2048 }),
        source: about('What kind of place that is (`content`, `commit`, `issue_comment` …).', { type: 'string', maxLength: 200 }),
      },
    },
  },
);

export const secretScanningAnswer = about("The verdict on each string reported, in the report's order (GitHub's format).", {
  type: 'array',
  items: closed({
    token_hash: about('The SHA-256 of the string, in hex.', { type: 'string', pattern: '^[0-9a-f]{64}$' }),
    token_type: about('The `type` the report gave it.', text),
    label: about('`true_positive`: the secret of a live key (neither revoked nor expired), revoked now; `false_positive`: anything else.', {
      type: 'string',
      enum: ['true_positive', 'false_positive'],
    }),
  }),
});

export const publicRevocationRequest = about('Secrets to revoke: anyone who finds a leaked one may send it.', {
  type: 'object',
  additionalProperties: false,
  required: ['credentials'],
  properties: {
    credentials: about(`The secrets (\`iamg_…\`), at most ${MAX_CANDIDATES}.`, {
      type: 'array',
      minItems: 1,
      maxItems: MAX_CANDIDATES,
      items: candidate,
    }),
  },
});

export const publicRevocationAnswer = about('Always empty: the answer says nothing about what was valid.', closed({}));

const LEAK_ERRORS = ['invalid_request', 'invalid_signature', 'not_found', 'rate_limited', 'temporarily_unavailable', 'server_error'];

export const leakReportError = about(
  'Why a report or revocation was refused; nothing was changed.',
  closed({
    error: about(
      '`invalid_request` (400, 413, 415), `invalid_signature` (401), `not_found` (404), `rate_limited` (429), ' +
        '`temporarily_unavailable` (503), `server_error` (500).',
      { type: 'string', enum: LEAK_ERRORS },
    ),
    error_description: about('What went wrong.', text),
  }),
);
