// JSON:API content negotiation (jsonapi.org/format/1.1/#content-negotiation-servers), run before
// authentication so a client learns about a wrong media type without sending credentials: pure
// checks of the request's headers, each a first step of the dialect (src/http/dialect.ts).
import { DomainError } from '../../src/core/errors';
import type { BeforeStep } from '../../src/http/dialect';

export const JSONAPI_MEDIA_TYPE = 'application/vnd.api+json';

/** The only media type parameters JSON:API allows; we support no extensions, any profile. */
const ALLOWED_PARAMETERS = new Set(['ext', 'profile']);

interface MediaRange {
  type: string;
  parameters: Map<string, string>;
  /** The Accept weight; 0 means "not acceptable". */
  q: number;
}

function parseMediaRange(text: string): MediaRange {
  const [type, ...rest] = text.split(';');
  const parameters = new Map<string, string>();
  let q = 1;
  for (const part of rest) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const value =
      eq < 0
        ? ''
        : part
            .slice(eq + 1)
            .trim()
            .replace(/^"(.*)"$/, '$1');
    if (!key) continue;
    // `q` separates the media type's own parameters from Accept's (RFC 9110 §12.5.1).
    if (key === 'q') q = Number(value);
    else parameters.set(key, value);
  }
  return { type: type.trim().toLowerCase(), parameters, q: Number.isNaN(q) ? 0 : q };
}

/** A JSON:API media type we can honour: no foreign parameters and no extension asked for. */
function isServable(range: MediaRange): boolean {
  for (const [key, value] of range.parameters) {
    if (!ALLOWED_PARAMETERS.has(key)) return false;
    if (key === 'ext' && value.trim() !== '') return false;
  }
  return true;
}

/** A header as one value (Node joins a repeated one). */
const headerOf = (request: Parameters<BeforeStep>[0], name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/** Content-Type of the JSON:API media type with other parameters, or an extension → 415. */
export const checkContentType: BeforeStep = (request) => {
  const header = headerOf(request, 'content-type');
  if (header === undefined) return;
  const range = parseMediaRange(header);
  if (range.type === JSONAPI_MEDIA_TYPE && !isServable(range)) {
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${JSONAPI_MEDIA_TYPE} may carry only the ext and profile parameters, and no extension is supported`,
    );
  }
};

/** What a client that accepts this range gets from us: JSON:API documents. */
function accepts(range: MediaRange): boolean {
  if (range.q <= 0) return false;
  if (range.type === JSONAPI_MEDIA_TYPE) return isServable(range);
  return range.type === '*/*' || range.type === 'application/*' || range.type === 'application/json';
}

/** Every answer past the Content-Type check says it depends on Accept (the 406 included). */
export const varyOnAccept: BeforeStep = () => ({ Vary: 'Accept' });

/**
 * Accept: 406 when every JSON:API instance carries parameters other than ext/profile (or an
 * extension), or when nothing listed is a type we send. No Accept header accepts anything.
 */
export const checkAccept: BeforeStep = (request) => {
  const header = headerOf(request, 'accept');
  if (header === undefined || header.trim() === '') return;
  const ranges = header
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(parseMediaRange);
  const jsonApi = ranges.filter((r) => r.type === JSONAPI_MEDIA_TYPE);
  const acceptable = jsonApi.length ? jsonApi.some(accepts) : ranges.some(accepts);
  if (!acceptable) {
    throw new DomainError(
      'NOT_ACCEPTABLE',
      `This API answers only with ${JSONAPI_MEDIA_TYPE} (without parameters other than ext and profile, and with no extension)`,
    );
  }
};
