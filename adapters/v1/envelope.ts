// The v1 envelope: `{code, data, message, requestId}`, where `code` is always the HTTP status; and
// what the OpenAPI document says of it.
import type { TSchema } from '@sinclair/typebox';
import type { WireRequest, WireResponse } from '../../src/http/kernel/wire';
import * as res from '../../schemas/v1/responses';

/** v1 answers JSON as express's `res.json` always has. */
export const JSON_TYPE = 'application/json; charset=utf-8';

/** A success: always 200; `headers` (ETag, no-store) go before Content-Type, as they always have. */
export function success(request: Pick<WireRequest, 'requestId'>, data: unknown, headers: Record<string, string> = {}): WireResponse {
  return {
    status: 200,
    headers: { ...headers, 'Content-Type': JSON_TYPE },
    body: { code: 200, data, message: 'success', requestId: request.requestId },
  };
}

/** The document's side: a 200 whose `data` is `data` (with the headers it always carries). */
export const ok = (description: string, data: TSchema, headers?: string[]) => ({
  200: { description, schema: res.envelope(data), headers },
});
