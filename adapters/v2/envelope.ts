// The v2 envelope: `{data, meta}` for one item, `{data, pagination, meta}` for lists; and what the
// OpenAPI document says of each.
import type { TSchema } from '@sinclair/typebox';
import type { WireRequest, WireResponse } from '../../src/http/kernel/wire';
import * as res from '../../schemas/v2/responses';

/** v2 answers JSON as express's `res.json` always has. */
export const JSON_TYPE = 'application/json; charset=utf-8';

const meta = (request: Pick<WireRequest, 'requestId'>) => ({ requestId: request.requestId, timestamp: new Date().toISOString() });

/** One item; `headers` (ETag, no-store) go before Content-Type, as they always have. */
export function item(request: WireRequest, status: number, data: unknown, headers: Record<string, string> = {}): WireResponse {
  return { status, headers: { ...headers, 'Content-Type': JSON_TYPE }, body: { data, meta: meta(request) } };
}

export function list(request: WireRequest, data: unknown[], continuationToken: string | null = null): WireResponse {
  const body = { data, pagination: { continuationToken, hasMore: continuationToken !== null }, meta: meta(request) };
  return { status: 200, headers: { 'Content-Type': JSON_TYPE }, body };
}

/** The document's side: a 200 answering one item (with the headers it always carries) or a page. */
export const ok = (description: string, data: TSchema, headers?: string[]) => ({ 200: { description, schema: res.item(data), headers } });
export const okList = (description: string, data: TSchema) => ({ 200: { description, schema: res.list(data) } });
