// Every v3 failure as a JSON:API error document: one error object per invalid field, each saying
// where the problem is (`source.pointer` into the body, or `source.parameter`).
import type { DomainError, FieldError } from '../../src/core/errors';
import type { WireRequest, WireResponse } from '../../src/http/kernel/wire';
import { HTTP_STATUS, REASON } from '../../src/http/status';
import { document, type Json } from './document';
import { V3_ATTRIBUTE_NAMES } from './resource-types';

type Source = { pointer: string } | { parameter: string };

/** Core validation names (`name`, `expiresAt`) point at the attribute the v3 client sent. */
function sourceOf(f: FieldError): Source {
  if (f.parameter !== undefined) return { parameter: f.parameter };
  if (f.pointer !== undefined) return { pointer: f.pointer };
  const attribute = V3_ATTRIBUTE_NAMES[f.field];
  return { pointer: attribute ? `/data/attributes/${attribute}` : '/data' };
}

/** The member the client would recognise: the last step of the pointer, or the parameter. */
function subjectOf(source: Source): string {
  if ('parameter' in source) return `Query parameter ${source.parameter}`;
  const last = source.pointer.split('/').pop();
  return last ? last.replace(/~1/g, '/').replace(/~0/g, '~') : 'The document';
}

export function serializeV3Error(err: DomainError, request: Pick<WireRequest, 'requestId'>): WireResponse {
  const status = HTTP_STATUS[err.code];
  const common = { status: String(status), code: err.code, title: REASON[status] ?? 'Error' };
  const meta = { timestamp: new Date().toISOString() };
  const errors: Json[] = err.fields.length
    ? err.fields.map((f) => {
        const source = sourceOf(f);
        return { ...common, detail: `${subjectOf(source)} ${f.message}`, source, meta };
      })
    : [{ ...common, detail: err.message, meta }];
  return document(request, status, { errors: unique(errors) });
}

/** The JSON:API schema wants distinct error objects; two checks may say the same thing. */
function unique(errors: Json[]): Json[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
