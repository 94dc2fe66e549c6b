// A JSON:API top-level document as an answer: every one carries `jsonapi` and the request id in
// `meta`, with Content-Type exactly `application/vnd.api+json` (JSON:API forbids a charset).
import type { WireRequest, WireResponse } from '../../src/http/kernel/wire';
import { JSONAPI_MEDIA_TYPE } from './media-type';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

export interface TopLevel {
  data?: unknown;
  errors?: Json[];
  included?: unknown[];
  links?: Record<string, string | null>;
  meta?: Record<string, unknown>;
}

export const JSONAPI_OBJECT = { version: '1.1' } as const;

/** `headers` (Location, ETag, no-store) go before Content-Type, as they always have. */
export function document(
  request: Pick<WireRequest, 'requestId'>,
  status: number,
  doc: TopLevel,
  headers: Record<string, string> = {},
): WireResponse {
  const body = { ...doc, meta: { ...doc.meta, request_id: request.requestId }, jsonapi: JSONAPI_OBJECT };
  return { status, headers: { ...headers, 'Content-Type': JSONAPI_MEDIA_TYPE }, body };
}

/**
 * A successful DELETE: 200 with a meta-only document naming what is gone (JSON:API 1.1 allows it),
 * not 204 with no body — Ctrl-Hub's SDK parses every response body as JSON (issue 26).
 */
export function deleted(request: Pick<WireRequest, 'requestId'>, type: string, id: string): WireResponse {
  return document(request, 200, { meta: { deleted: { type, id } } });
}
