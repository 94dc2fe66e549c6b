// v1 errors keep the success envelope's shape: `data` is null, `message` says what went wrong, and
// only a validation error adds `errors: [{field, message}]`.
import type { DomainError } from '../../src/core/errors';
import type { WireRequest, WireResponse } from '../../src/http/kernel/wire';
import { HTTP_STATUS } from '../../src/http/status';
import type { Static } from '@sinclair/typebox';
import type * as res from '../../schemas/v1/responses';
import { JSON_TYPE } from './envelope';

export function serializeV1Error(err: DomainError, request: Pick<WireRequest, 'requestId'>): WireResponse {
  const status = HTTP_STATUS[err.code];
  const body: Static<typeof res.error> = { code: status, data: null, message: err.message, requestId: request.requestId };
  if (err.code === 'VALIDATION_ERROR') body.errors = err.fields.map((f) => ({ field: f.field, message: f.message }));
  return { status, headers: { 'Content-Type': JSON_TYPE }, body };
}
