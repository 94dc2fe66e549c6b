// Writes a JSON:API top-level document: every one carries `jsonapi` and the request id in `meta`.
import type { Request, Response } from 'express';
import { JSONAPI_MEDIA_TYPE } from './media-type';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

export interface TopLevel {
  data?: Json;
  errors?: Json[];
  included?: Json[];
  links?: Record<string, string | null>;
  meta?: Record<string, Json>;
}

export const JSONAPI_OBJECT = { version: '1.1' } as const;

/**
 * A successful DELETE: 200 with a meta-only document naming what is gone (JSON:API 1.1 allows it),
 * not 204 with no body — Ctrl-Hub's SDK parses every response body as JSON (issue 26).
 */
export function sendDeleted(req: Request, res: Response, type: string, id: string): void {
  sendDocument(req, res, 200, { meta: { deleted: { type, id } } });
}

export function sendDocument(req: Request, res: Response, status: number, doc: TopLevel): void {
  const body = {
    ...doc,
    meta: { ...doc.meta, request_id: req.requestId },
    jsonapi: JSONAPI_OBJECT,
  };
  // A Buffer, not a string: express would append `; charset=utf-8`, a parameter JSON:API forbids.
  res.status(status).setHeader('Content-Type', JSONAPI_MEDIA_TYPE);
  res.send(Buffer.from(JSON.stringify(body)));
}
