// v1 errors keep the success envelope's shape: `data` is null, `message` says what went wrong, and
// only a validation error adds `errors: [{field, message}]`.
import type { Request, Response } from 'express';
import type { DomainError } from '../../src/core/errors';
import { HTTP_STATUS } from '../../src/http/status';

interface V1ErrorBody {
  code: number;
  data: null;
  message: string;
  requestId: string;
  errors?: { field: string; message: string }[];
}

export function renderV1Error(err: DomainError, req: Request, res: Response): void {
  const status = HTTP_STATUS[err.code];
  const body: V1ErrorBody = { code: status, data: null, message: err.message, requestId: req.requestId };
  if (err.code === 'VALIDATION_ERROR') body.errors = err.fields.map((f) => ({ field: f.field, message: f.message }));
  res.status(status).json(body);
}
