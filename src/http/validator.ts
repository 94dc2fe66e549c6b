// ajv, set up once: every schema in schemas/ is compiled at start-up through here, and every
// failure becomes one DomainError naming the fields in the client's own terms.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { DomainError, type FieldError } from '../core/errors';
import { isWellFormed, PERMISSION_PATTERN } from '../core/rules';

function newAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, coerceTypes: coerce ? 'array' : false, useDefaults: false });
  addFormats(ajv);
  return ajv;
}

const bodies = newAjv(false);
const queries = newAjv(true);

export type Validator<T> = (value: unknown) => T;

export interface ValidatorOptions {
  /** Where the value sits: field paths of `query` errors are reported as parameters. */
  source: 'body' | 'query';
  /** Fallback name for an error about the whole value. */
  rootName?: string;
  /** Fields a client may see but never set (the dialect's words): a clearer message than "unknown". */
  readOnly?: ReadonlySet<string>;
}

export function compile<T>(schema: object, options: ValidatorOptions = { source: 'body' }): Validator<T> {
  const validate: ValidateFunction = (options.source === 'query' ? queries : bodies).compile(schema);
  return (value: unknown): T => {
    // Query objects from express have a null prototype and may be shared; validate a copy.
    const input = options.source === 'query' ? { ...(value as object) } : value;
    const errors = validate(input)
      ? [...infiniteParameters(input, options), ...unstorableText(input, options)]
      : toFieldErrors(validate.errors ?? [], options);
    if (!errors.length) return input as T;
    throw new DomainError(
      'VALIDATION_ERROR',
      options.source === 'query' ? 'A query parameter is not valid' : 'The request body is not valid',
      errors,
    );
  };
}

/**
 * ajv coerces `limit=Infinity` (or `1e400`) to Infinity, calls it an integer, and skips minimum and
 * maximum for it; a query parameter that came out infinite is refused here instead.
 */
function infiniteParameters(input: unknown, options: ValidatorOptions): FieldError[] {
  if (options.source !== 'query') return [];
  return Object.entries(input as object)
    .filter(([, v]) => typeof v === 'number' && !Number.isFinite(v))
    .map(([name]) => ({ field: name, parameter: name, message: 'must be a finite number' }));
}

/**
 * PostgreSQL cannot store U+0000 in text (SQLite can): no name, description or filter may hold it.
 * Nor a lone surrogate (JSON.parse accepts "\ud800"): it is no character, and would be stored as U+FFFD.
 */
function unstorableText(input: unknown, options: ValidatorOptions): FieldError[] {
  const out: FieldError[] = [];
  // Bodies are at most MAX_BODY_DEPTH deep (json-body.ts), so recursion is bounded.
  const walk = (value: unknown, segments: string[]): void => {
    if (typeof value === 'string' && value.includes('\u0000'))
      out.push(fieldError(segments, 'must not contain the character U+0000', options));
    else if (typeof value === 'string' && !isWellFormed(value))
      out.push(fieldError(segments, 'must be well-formed Unicode (it holds a lone surrogate)', options));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...segments, k]);
  };
  walk(input, []);
  return out;
}

function toFieldErrors(errors: ErrorObject[], options: ValidatorOptions): FieldError[] {
  const out = new Map<string, FieldError>();
  for (const e of errors) {
    const segments = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let message = `${e.message ?? 'is not valid'}`;
    if (e.keyword === 'additionalProperties') {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      segments.push(extra);
      message = options.readOnly?.has(extra) ? 'is read-only and cannot be set' : 'is not a known field';
    } else if (e.keyword === 'required') {
      segments.push(String((e.params as { missingProperty: string }).missingProperty));
      message = 'is required';
    } else if (e.keyword === 'enum') {
      message = `must be one of: ${listed((e.params as { allowedValues: unknown[] }).allowedValues.map((v) => (v === null ? 'null' : String(v))))}`;
    } else if (e.keyword === 'type') {
      const types = String((e.params as { type: string | string[] }).type).split(',');
      message = `must be ${listed(
        types.map((t) => (t === 'null' ? 'null' : `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`)),
        'or',
      )}`;
    } else if (e.keyword === 'pattern' && (e.params as { pattern: string }).pattern === PERMISSION_PATTERN.source) {
      message = 'is not a valid permission (like "service-accounts:read")';
    } else if (e.keyword === 'format') {
      message = `must be a valid ${(e.params as { format: string }).format}`;
    }
    const entry = fieldError(segments, message, options);
    const key = `${entry.field}|${message}`;
    if (!out.has(key)) out.set(key, entry);
  }
  return [...out.values()];
}

/** `a, b or c` (no stray comma when a value is null or empty). */
function listed(items: string[], last = 'or'): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

/** The error about the value at `segments`, named as the client wrote it (dotted, JSON pointer or parameter). */
function fieldError(segments: string[], message: string, options: ValidatorOptions): FieldError {
  const field = dotted(segments) || options.rootName || (options.source === 'query' ? 'query' : 'body');
  if (options.source === 'query') return { field, message, parameter: field };
  const pointer = `/${segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
  return { field, message, pointer: segments.length ? pointer : '' };
}

/** ['workspaceAssignments', '0', 'role'] → 'workspaceAssignments[0].role' */
function dotted(segments: string[]): string {
  return segments.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
}
