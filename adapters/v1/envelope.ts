// The v1 envelope: `{code, data, message, requestId}`, where `code` is always the HTTP status.
import type { Request, Response } from 'express';

export function sendV1(req: Request, res: Response, data: unknown): void {
  res.status(200).json({ code: 200, data, message: 'success', requestId: req.requestId });
}
