// GET /docs/errors: what every error code means, one anchor per code (`/docs/errors#NOT_FOUND`).
// v2 problem documents name these anchors as their `type`; every dialect's errors carry the codes.
import type { ErrorCode } from '../../core/errors';
import { openApiPath, type Dialect } from '../dialect';
import { HTTP_STATUS } from '../status';

/** A Record over ErrorCode, so a new code cannot be left off the page (docs/reference/*.md reuse it). */
export const MEANING: Record<ErrorCode, string> = {
  VALIDATION_ERROR:
    'A body field or query parameter is not valid (wrong type, out of range, unknown or read-only). Each one is named: v1 <code>errors[].field</code>, v2 <code>errors</code> and <code>target</code>, v3 <code>source</code>. Nothing was changed.',
  BAD_REQUEST:
    'The request could not be read: malformed JSON, a bad header or encoding, or (v2) an <code>Accept</code> the server cannot answer. Nothing was changed.',
  UNAUTHORIZED:
    'No credential, or one that is unknown, revoked, expired or disabled, or whose service account is disabled. <code>WWW-Authenticate</code> names the schemes.',
  FORBIDDEN:
    'The credential is valid but may not do this: it lacks the scope, would grant more than it holds, or (v1) <code>X-Org-ID</code> names another organization.',
  NOT_FOUND:
    "No such route, or nothing with that id in the caller's organization (what belongs to another organization is not found either).",
  CONFLICT:
    "The name is taken, the change would leave the organization without a usable Admin, an <code>Idempotency-Key</code> was reused for another request, or (v3) the document's type or id does not match.",
  UNPROCESSABLE:
    '(v3) The document is well formed but names something iamgate does not have: a user (<code>type: "users"</code>) as a group\'s member, where members are service accounts. Each one is named; nothing was changed.',
  METHOD_NOT_ALLOWED: 'The path exists, but not with this method: <code>Allow</code> lists the methods it takes.',
  PRECONDITION_FAILED: '<code>If-Match</code> does not match the current <code>ETag</code>: read the resource again and retry.',
  UNSUPPORTED_MEDIA_TYPE:
    'The body is not in a media type the dialect accepts (<code>application/json</code>; v3 also <code>application/vnd.api+json</code>).',
  NOT_ACCEPTABLE: '(v3) <code>Accept</code> allows no representation the server can send.',
  PAYLOAD_TOO_LARGE: 'The body is over 64 KiB.',
  HEADERS_TOO_LARGE: "The request's header block is over <code>MAX_HEADER_BYTES</code> (16 KiB by default). Nothing was read or changed.",
  RATE_LIMITED: 'Too many failed authentications or token requests: wait <code>Retry-After</code> seconds.',
  GONE: 'The dialect is being retired: it answers 410 during a scheduled brownout and always after its sunset date (see the <code>Deprecation</code>, <code>Sunset</code> and <code>Link</code> headers); the message names the dialect to use instead.',
  UNAVAILABLE:
    'The database cannot take changes right now (disk full, read-only, unreachable); nothing was stored. Retry after <code>Retry-After</code> seconds.',
  INTERNAL_ERROR: 'Something unexpected went wrong; no details are given. Quote the request id when reporting it.',
};

export function errorsPage(dialects: Dialect[]): string {
  const rows = Object.entries(MEANING).map(
    ([code, meaning]) =>
      `    <tr id="${code}"><td><a href="#${code}"><code>${code}</code></a></td><td>${HTTP_STATUS[code as ErrorCode]}</td><td>${meaning}</td></tr>`,
  );
  const served = dialects.map((d) => `<a href="/openapi/${d.name}.json">${d.name}</a> (<code>${openApiPath(d.basePath)}</code>)`);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>iamgate error codes</title>
</head>
<body>
  <h1>iamgate error codes</h1>
  <p>Every dialect answers errors with these codes and HTTP statuses: v1 as <code>code</code> (the HTTP status) with a
  <code>message</code>, v2 as the problem document's <code>code</code> (its <code>type</code> links here), v3 as each
  error object's <code>code</code>. Dialects served: ${served.join(', ')}.</p>
  <table>
    <thead><tr><th>code</th><th>HTTP status</th><th>meaning</th></tr></thead>
    <tbody>
${rows.join('\n')}
    </tbody>
  </table>
</body>
</html>`;
}
