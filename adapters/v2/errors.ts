// v2 errors are RFC 7807 problem documents with Contraforce's extra members (code, requestId,
// timestamp, target, errors).
import type { DomainError } from '../../src/core/errors';
import type { WireRequest, WireResponse } from '../../src/http/kernel/wire';
import { HTTP_STATUS, REASON } from '../../src/http/status';
import { V2_FIELD_NAMES } from './mapper';

/** NOT_ACCEPTABLE is not among v2's codes; it is a bad request there. */
const V2_CODE: Partial<Record<DomainError['code'], string>> = { NOT_ACCEPTABLE: 'BAD_REQUEST' };

export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

export function wireField(field: string): string {
  const head = /^[A-Za-z_]+/.exec(field)?.[0] ?? field;
  return (V2_FIELD_NAMES[head] ?? head) + field.slice(head.length);
}

export function serializeV2Error(err: DomainError, request: WireRequest): WireResponse {
  const status = HTTP_STATUS[err.code];
  const code = V2_CODE[err.code] ?? err.code;
  const body: Record<string, unknown> = {
    // Like Contraforce's: the URL of the error's description, served at /docs/errors.
    type: `${request.publicBase}/docs/errors#${code}`,
    title: REASON[status] ?? 'Error',
    status,
    detail: err.message,
    instance: request.url,
    code,
    requestId: request.requestId,
    timestamp: new Date().toISOString(),
  };
  if (err.fields.length) {
    // The offending field or query parameter in the client's words (the first, when there are several).
    body.target = wireField(err.fields[0].field);
    const errors: Record<string, string[]> = {};
    for (const f of err.fields) (errors[wireField(f.field)] ??= []).push(f.message);
    body.errors = errors;
  }
  return { status, headers: { 'Content-Type': PROBLEM_TYPE }, body };
}
