// A dialect's codec without a server: plain WireRequests, and a bound operation's parse and reply.
import type { Dialect } from '../../../src/http/dialect';
import type { Operation } from '../../../src/http/operation';
import type { WireRequest, WireResponse } from '../../../src/http/kernel/wire';

/** A request as the kernel hands it to a codec: `fields` over an empty GET of `path`. */
export function wireRequest(path: string, fields: Partial<WireRequest> = {}): WireRequest {
  return {
    method: 'GET',
    url: path,
    path,
    rawQuery: {},
    params: {},
    query: {},
    headers: {},
    body: null,
    requestId: 'req_1',
    publicBase: 'https://iam.example',
    ...fields,
  };
}

export function boundOperation(dialect: Dialect, operationId: string): Operation & Required<Pick<Operation, 'bound'>> {
  const op = dialect.operations.find((o) => o.operationId === operationId);
  if (!op?.bound) throw new Error(`${operationId} is not bound`);
  return { ...op, bound: op.bound };
}

/** Parses the request with the operation's codec, then answers `result` with it. */
export function exchange(
  dialect: Dialect,
  operationId: string,
  req: WireRequest,
  result: unknown,
): { parsed: unknown; answer: WireResponse } {
  const { bound } = boundOperation(dialect, operationId);
  const parsed = bound.parse(req);
  return { parsed, answer: bound.reply(result, req, parsed) };
}
