// A retiring dialect's OpenAPI document says so: every operation `deprecated: true`, the dates,
// brownouts, successor and link in its description, so generated clients warn their users, and the
// Deprecation, Sunset and Link headers (policy.ts) on every response that carries them.
import type { DialectRetirement } from './config';

interface Responses {
  [status: string]: { $ref?: string; headers?: Record<string, object> };
}
type Document = {
  info: { description?: string };
  paths: Record<string, Record<string, { deprecated?: boolean; responses?: Responses }>>;
  components?: { headers?: Record<string, object>; responses?: Responses };
};

const HEADERS: Record<string, object> = {
  Deprecation: {
    description: 'When the dialect was deprecated (RFC 9745: `@` and seconds since the epoch).',
    required: true,
    schema: { type: 'string', pattern: '^@-?\\d+$' },
  },
  Sunset: {
    description: 'When the dialect stops answering (RFC 8594, an HTTP date): 410 Gone from then on.',
    required: true,
    schema: { type: 'string' },
  },
  Link: {
    description: 'Where the retirement is explained (`rel="deprecation"`, `rel="sunset"`).',
    required: true,
    schema: { type: 'string' },
  },
};

/** The headers policy.ts sends for this retirement. */
function headersOf(r: DialectRetirement): string[] {
  return [
    ...(r.deprecatedAt !== undefined ? ['Deprecation'] : []),
    ...(r.sunsetAt !== undefined ? ['Sunset'] : []),
    ...(r.deprecationLink || (r.sunsetLink && r.sunsetAt !== undefined) ? ['Link'] : []),
  ];
}

export function markRetiring(doc: object, r: DialectRetirement | undefined, successor: string | undefined): object {
  if (!r) return doc;
  const d = doc as Document;
  for (const item of Object.values(d.paths)) for (const op of Object.values(item)) op.deprecated = true;
  const names = headersOf(r);
  if (names.length && d.components) {
    d.components.headers = { ...d.components.headers, ...Object.fromEntries(names.map((n) => [n, HEADERS[n]])) };
    const responses = [
      ...Object.values(d.paths).flatMap((item) => Object.values(item).flatMap((op) => Object.values(op.responses ?? {}))),
      ...Object.values(d.components.responses ?? {}),
    ];
    for (const response of responses.filter((x) => !x.$ref)) {
      response.headers = { ...response.headers, ...Object.fromEntries(names.map((n) => [n, { $ref: `#/components/headers/${n}` }])) };
    }
  }
  const day = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const notes = [
    r.deprecatedAt !== undefined ? `deprecated since ${day(r.deprecatedAt)}` : 'being retired',
    r.sunsetAt !== undefined ? `sunset on ${day(r.sunsetAt)} (410 Gone from then on)` : null,
    r.brownouts.length ? `brownouts (410 Gone): ${r.brownouts.map((w) => `${day(w.start)} to ${day(w.end)}`).join(', ')}` : null,
    successor ? `use ${successor} instead` : null,
    r.deprecationLink ? `see ${r.deprecationLink}` : null,
  ].filter(Boolean);
  d.info.description = `**This dialect is ${notes.join('; ')}.**\n\n${d.info.description ?? ''}`;
  return doc;
}
