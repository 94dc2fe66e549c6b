// The v2 envelope: `{data, meta}` for one item, `{data, pagination, meta}` for lists.
import type { Request, Response } from 'express';

const meta = (req: Request) => ({ requestId: req.requestId, timestamp: new Date().toISOString() });

export function sendItem(req: Request, res: Response, status: number, data: unknown): void {
  res.status(status).json({ data, meta: meta(req) });
}

export function sendList(req: Request, res: Response, data: unknown[], continuationToken: string | null = null): void {
  res.status(200).json({ data, pagination: { continuationToken, hasMore: continuationToken !== null }, meta: meta(req) });
}
