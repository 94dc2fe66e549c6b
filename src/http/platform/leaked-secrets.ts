// The leaked-secret rows of the platform table (issue 30): GitHub's secret-scanning partner endpoint
// and public revocation. Their handlers are in leaked-secrets-handlers.ts.
import * as s from '../../../schemas/platform/leak-reports';
import { leakReportErrors, noStore, publicRevocationHandlers, secretScanningHandlers } from './leaked-secrets-handlers';
import { json, JSON_TYPE, type PlatformRoute, type PlatformSection } from './route';

export const LEAKED_SECRETS: PlatformSection = {
  tag: {
    name: 'Leaked secrets',
    description:
      "Leaked key secrets revoke themselves: a secret-scanning partner's signed report (GitHub's format), or anyone who sends one.",
  },
  before: () => [noStore],
  errors: {
    schema: s.leakReportError,
    shape: 'leak-report refusal',
    handler: leakReportErrors,
    responses: {
      400: {
        name: 'LeakReportBadRequest',
        error: 'invalid_request',
        description: 'The body is not JSON of the documented shape.',
        headers: ['Cache-Control'],
      },
      401: {
        name: 'LeakReportBadSignature',
        error: 'invalid_signature',
        description: 'The signature headers are missing, or do not verify over the raw body against a key in SECRET_SCANNING_GITHUB_KEYS.',
        headers: ['Cache-Control'],
      },
      404: {
        name: 'LeakReportNotConfigured',
        error: 'not_found',
        description: 'SECRET_SCANNING_GITHUB_KEYS is not set on this server.',
        headers: ['Cache-Control'],
      },
      413: { name: 'LeakReportTooLarge', error: 'invalid_request', description: 'The body is over 64 KiB.', headers: ['Cache-Control'] },
      415: {
        name: 'LeakReportNotJson',
        error: 'invalid_request',
        description: 'The body is not `application/json`.',
        headers: ['Cache-Control'],
      },
      429: {
        name: 'LeakReportTooManyRequests',
        error: 'rate_limited',
        description:
          "Too many checks from this address (each well-formed candidate counts against the address's failed-authentication budget), " +
          'or the bcrypt queue is full; nothing was revoked.',
        headers: ['Cache-Control', 'Retry-After'],
      },
      500: {
        name: 'LeakReportServerError',
        error: 'server_error',
        description: 'Something unexpected went wrong; nothing was revoked.',
        headers: ['Cache-Control'],
      },
      503: {
        name: 'LeakReportUnavailable',
        error: 'temporarily_unavailable',
        description: 'The database cannot answer right now; nothing was revoked.',
        headers: ['Cache-Control', 'Retry-After'],
      },
    },
  },
};

export const secretScanning: PlatformRoute = {
  method: 'post',
  path: '/secret-scanning/github',
  section: LEAKED_SECRETS,
  summary: "GitHub's secret-scanning partner endpoint: leaked secrets it found are revoked",
  operationId: 'reportLeakedSecrets',
  description:
    "For GitHub's secret scanning partner program. The body is a JSON array of the strings GitHub found that match " +
    "iamgate's pattern, signed by GitHub (its keys, as GitHub publishes them, in the file SECRET_SCANNING_GITHUB_KEYS " +
    'names; unset, this is 404). The signature is checked before anything else, the body and the number of strings (100) are ' +
    'bounded; each string that is the secret of a live key (neither revoked nor expired) revokes that key at once, ' +
    'recorded with the reason `leaked` and an audit event of principal type `secret-scanning` holding the `url` and ' +
    '`source`. A bad checksum costs nothing; the others are checked within the bcrypt budget, all before anything is ' +
    'revoked. The answer says, for each string in order, `true_positive` (revoked now) or `false_positive`.',
  security: [],
  parameters: [
    {
      name: 'Github-Public-Key-Identifier',
      in: 'header',
      required: true,
      schema: { type: 'string' },
      description: 'The `key_identifier` of the key (in SECRET_SCANNING_GITHUB_KEYS) that signed the body.',
    },
    {
      name: 'Github-Public-Key-Signature',
      in: 'header',
      required: true,
      schema: { type: 'string' },
      description: 'Base64 of the DER-encoded ECDSA P-256 signature of the raw body, with SHA-256.',
    },
  ],
  body: {
    schema: s.secretScanningReport,
    examples: {
      [JSON_TYPE]: [
        { token: 'iamg_…', type: 'iamgate_key_secret', url: 'https://github.com/octo/repo/blob/abc/config.yml', source: 'content' },
      ],
    },
  },
  responses: {
    200: { description: 'The verdict on each string.', headers: ['Cache-Control'], content: json(s.secretScanningAnswer) },
  },
  errors: [400, 401, 404, 413, 429, 500, 503],
  handlers: secretScanningHandlers,
};

export const publicRevocation: PlatformRoute = {
  method: 'post',
  path: '/credentials/revoke',
  section: LEAKED_SECRETS,
  summary: 'Revoke leaked secrets: anyone who finds one may send it',
  operationId: 'revokeLeakedSecrets',
  description:
    'No authentication: holding a secret is the right to kill it. Each of the (at most 100) strings that is the secret of a ' +
    'live key revokes that key at once, with the reason `leaked` and an audit event of principal type ' +
    '`public-revocation`. The answer is `202 {}` whatever was valid, so it reveals nothing. A bad checksum costs ' +
    "nothing; every other string is checked as a failed authentication would be, within the sender's address's budget and " +
    'the bcrypt queue (429 beyond, nothing revoked). Access tokens are revoked at /oauth2/revoke.',
  security: [],
  body: { schema: s.publicRevocationRequest, examples: { [JSON_TYPE]: { credentials: ['iamg_…'] } } },
  responses: {
    202: {
      description: 'Accepted: every live secret named is revoked (nothing says which were).',
      headers: ['Cache-Control'],
      content: json(s.publicRevocationAnswer),
    },
  },
  errors: [400, 413, 415, 429, 500, 503],
  handlers: publicRevocationHandlers,
};
