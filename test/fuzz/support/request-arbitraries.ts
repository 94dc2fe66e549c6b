// A request to one route, described symbolically ("the second target account", "the admin by Basic",
// "a truncated secret") so that it can be made concrete against whatever the database holds when
// it is sent. Bodies and query values come from the route's schemas: valid, or mutated. URLs stay
// well under MAX_HEADER_BYTES: beyond it Node answers 431 itself, before any dialect sees the request.
import fc from 'fast-check';
import { INJECTIONS, PROTOTYPE_KEYS, UNICODE, nastyNumberText, nastyString } from './nasty';
import { ACCOUNT_TYPE, FIELDS, KEY_TYPE } from '../../../adapters/v3/resource-types';
import { paramKind, paramsOf, type FuzzRoute } from './routes';
import { anyJson, mutatedOf, typesOf, validOf, type JsonSchema } from './schema-arbitraries';
import { toJsonText } from './wire-json';

export type IdChoice =
  | { kind: 'target'; pick: number }
  | { kind: 'own' }
  | { kind: 'foreign' }
  | { kind: 'random'; uuid: string }
  | { kind: 'raw'; text: string; encode: boolean };

export type BodyChoice =
  { kind: 'none' } | { kind: 'json'; value: unknown; fix: boolean } | { kind: 'text'; text: string } | { kind: 'bytes'; bytes: number[] };

/** Credentials that authenticate, and credentials that must never get a 2xx. */
export const VALID_AUTH = ['admin-bearer', 'admin-bearer-lowercase', 'admin-basic', 'admin-token', 'reader', 'other-org'] as const;
export const GARBAGE_AUTH = [
  'none',
  'empty',
  'scheme-only',
  'bearer-random',
  'truncated',
  'appended',
  'flipped',
  'basic-wrong-client',
  'basic-no-client',
  'basic-no-secret',
  'basic-garbage',
  'basic-bad-percent',
  'unknown-scheme',
  'revoked',
  'disabled-account',
  'fake-token',
  'flipped-token',
] as const;
export type AuthChoice = { kind: (typeof VALID_AUTH)[number] } | { kind: (typeof GARBAGE_AUTH)[number]; salt: string; at: number };

export interface QueryPart {
  name: string;
  value: string;
  encode: boolean;
}

export interface RequestSpec {
  route: FuzzRoute;
  method: string;
  params: Record<string, IdChoice>;
  query: QueryPart[];
  body: BodyChoice;
  /** 'auto': the dialect's own media type; null: no Content-Type. */
  contentType: string | null;
  accept: string | null;
  auth: AuthChoice;
  ifMatch: string | null;
  idempotencyKey: string | null;
  requestId: string | null;
  orgHeader: 'own' | 'other' | 'garbage' | null;
}

export const isGarbageAuth = (a: AuthChoice) => (GARBAGE_AUTH as readonly string[]).includes(a.kind);

const uuid = fc.uuid();

function idChoice(kind: 'org' | 'account' | 'key'): fc.Arbitrary<IdChoice> {
  const raw = fc
    .record({
      text: fc.oneof(
        fc.constantFrom(...INJECTIONS, ...UNICODE, '%ZZ', '%00', '%', '%2e%2e', '..', 'x'.repeat(300), '0', '-1'),
        nastyString.map((s) => s.slice(0, 300)),
      ),
      encode: fc.boolean(),
    })
    .map((r): IdChoice => ({ kind: 'raw', ...r }));
  // Almost a UUID: upper case, one character more or less, padded.
  const close = fc
    .tuple(uuid, fc.nat(4))
    .map(([u, i]): IdChoice => ({ kind: 'raw', text: [u.toUpperCase(), `${u}x`, u.slice(0, 35), ` ${u}`, `${u}/`][i], encode: true }));
  return fc.oneof(
    {
      weight: 2,
      arbitrary: kind === 'org' ? fc.constant<IdChoice>({ kind: 'own' }) : fc.nat(50).map((pick): IdChoice => ({ kind: 'target', pick })),
    },
    { weight: 2, arbitrary: fc.constant<IdChoice>({ kind: 'foreign' }) },
    { weight: 2, arbitrary: uuid.map((u): IdChoice => ({ kind: 'random', uuid: u })) },
    { weight: 2, arbitrary: close },
    { weight: 3, arbitrary: raw },
  );
}

function cleanId(kind: 'org' | 'account' | 'key'): fc.Arbitrary<IdChoice> {
  return kind === 'org' ? fc.constant<IdChoice>({ kind: 'own' }) : fc.nat(50).map((pick): IdChoice => ({ kind: 'target', pick }));
}

/** Comma lists of field, relationship and sort names, known and unknown. */
const listValue = fc
  .array(
    fc.constantFrom(
      'keys',
      'name',
      'description',
      'enabled',
      'email',
      'client_id',
      'client_secret',
      'service-account',
      'created_at',
      '-created_at',
      '-name',
      '+name',
      'keys.service-account',
      'foo',
      '',
      ' ',
      '*',
      '-',
      '__proto__',
    ),
    { maxLength: 4 },
  )
  .map((names) => names.join(','));

function valueFor(schema: JsonSchema): fc.Arbitrary<string> {
  const bad = fc.oneof(
    nastyNumberText,
    nastyString.map((s) => s.slice(0, 600)),
  );
  const types = typesOf(schema);
  const good =
    types.includes('string') && !schema.format && !schema.pattern
      ? fc.oneof(listValue, validOf(schema).map(String))
      : validOf(schema).map(String);
  return fc.oneof({ weight: 3, arbitrary: good }, { weight: 2, arbitrary: bad });
}

const UNKNOWN_PARAMS = [
  'foo',
  'page[size]',
  'page[number]',
  'page[limit]',
  'page[offset]',
  'filter[role]',
  'filter[name]',
  'filter[enabled]',
  'fields[unknown]',
  'fields[service-accounts]',
  'filter',
  'page',
  'sort',
  'include',
  'limit',
  'offset',
  'Limit',
  'OFFSET',
  'x-y',
  'camelCase',
  'q',
  'search',
  'continuationToken',
  'isActive',
  'serviceAccountId',
  '',
  '[]',
  'a[b][c]',
  'limit[]',
  'page[limit][x]',
  ...PROTOTYPE_KEYS,
];

function queryArb(schema: JsonSchema | undefined): fc.Arbitrary<QueryPart[]> {
  const props = Object.entries(schema?.properties ?? {});
  const known = props.length
    ? fc.subarray(props).chain((chosen) => fc.tuple(...chosen.map(([name, s]) => valueFor(s).map((value) => ({ name, value })))))
    : fc.constant([] as { name: string; value: string }[]);
  const extra = fc.array(
    fc.record({ name: fc.constantFrom(...UNKNOWN_PARAMS), value: fc.oneof(nastyNumberText, listValue, fc.constantFrom(...INJECTIONS)) }),
    { maxLength: 2 },
  );
  return fc
    .record({
      known,
      extra: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: extra }),
      repeat: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      encode: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    })
    .map(({ known: k, extra: e, repeat, encode }) => {
      const parts = [...k, ...e].map((p) => ({ ...p, encode }));
      // The same parameter twice, as `a=1&a=2` (arrays, to a lenient parser).
      if (repeat && parts.length) parts.push({ ...parts[0], value: parts[0].value === '1' ? '2' : '1' });
      return parts;
    });
}

/** Subsets of a vocabulary as a comma list. */
const commaList = (words: readonly string[]) => fc.subarray([...words], { minLength: 1 }).map((w) => w.join(','));

/**
 * Values the server accepts for JSON:API's list parameters (the schema says only "a string"; the
 * vocabulary is the adapter's, and the sort fields docs/reference/v3.md's).
 */
const GOOD_LISTS: Record<string, fc.Arbitrary<string>> = {
  include: fc.constantFrom('keys', ''),
  sort: fc.constantFrom('name', '-name', 'created_at', '-created_at'),
  [`fields[${ACCOUNT_TYPE}]`]: commaList(FIELDS[ACCOUNT_TYPE]),
  [`fields[${KEY_TYPE}]`]: commaList(FIELDS[KEY_TYPE]),
};

function cleanQuery(schema: JsonSchema | undefined): fc.Arbitrary<QueryPart[]> {
  const props = Object.entries(schema?.properties ?? {});
  if (!props.length) return fc.constant([]);
  return fc
    .subarray(props, { maxLength: Math.min(3, props.length) })
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map(([name, s]) =>
          (GOOD_LISTS[name] ?? validOf(s).map(String)).map((value): QueryPart => ({ name, value, encode: true })),
        ),
      ),
    );
}

function cleanBody(route: FuzzRoute): fc.Arbitrary<BodyChoice> {
  const carriesBody = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH';
  if (!carriesBody) return fc.constant({ kind: 'none' });
  return validOf(route.body ?? {}).map((value): BodyChoice => ({ kind: 'json', value, fix: true }));
}

const garbageText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'null',
    '{',
    '{"a":',
    '[1,',
    '{"a":1}}',
    "{'a':1}",
    'undefined',
    'NaN',
    '\ufeff{}',
    '{"a":1}garbage',
    '1e400',
    '"\\ud800"',
  ),
  fc.string({ maxLength: 200 }),
);

function bodyArb(route: FuzzRoute): fc.Arbitrary<BodyChoice> {
  const schema = route.body ?? {};
  const json = (value: fc.Arbitrary<unknown>) =>
    fc.tuple(value, fc.boolean()).map(([v, fix]): BodyChoice => ({ kind: 'json', value: v, fix }));
  const carriesBody = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH';
  return fc.oneof(
    { weight: carriesBody ? 3 : 1, arbitrary: json(validOf(schema)) },
    { weight: carriesBody ? 6 : 1, arbitrary: json(mutatedOf(schema)) },
    { weight: 1, arbitrary: json(anyJson) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        garbageText.map((text): BodyChoice => ({ kind: 'text', text })),
        // A valid body cut short.
        fc.tuple(validOf(schema), fc.nat()).map(([v, cut]): BodyChoice => {
          const text = toJsonText(v);
          return { kind: 'text', text: text.slice(0, cut % Math.max(1, text.length)) };
        }),
        fc.array(fc.nat(255), { minLength: 1, maxLength: 64 }).map((bytes): BodyChoice => ({ kind: 'bytes', bytes })),
      ),
    },
    { weight: carriesBody ? 1 : 5, arbitrary: fc.constant<BodyChoice>({ kind: 'none' }) },
  );
}

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'application/json; charset="utf-8"',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/json; foo=bar',
  'application/json;',
  'application/vnd.api+json',
  'application/vnd.api+json; ext="https://x.example/ext"',
  'application/vnd.api+json; profile="https://x.example/p"',
  'application/vnd.api+json; charset=utf-8',
  'application/vnd.api+json; q=0.5',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '*/*',
  '',
  'garbage',
  'application/',
  ';charset=utf-8',
  'application/json, text/plain',
];

const ACCEPTS = [
  '*/*',
  'application/json',
  'application/vnd.api+json',
  'application/vnd.api+json; ext="https://x.example/ext"',
  'application/vnd.api+json; profile="https://x.example/p"',
  'application/vnd.api+json; charset=utf-8',
  'application/vnd.api+json; charset=utf-8, application/vnd.api+json',
  'application/vnd.api+json;q=0',
  'application/vnd.api+json; q=abc',
  'text/html',
  'application/*',
  'garbage',
  '',
  ',,,',
  'application/vnd.api+json;;;',
  'text/html;q=0.9, */*;q=0.1',
  'image/png, text/html',
];

const IF_MATCH = [
  'current',
  '*',
  '"1"',
  'W/"1"',
  '"0"',
  '"-1"',
  '"999999999999999999999"',
  'garbage',
  '""',
  '"1", "2"',
  '1',
  'W/',
  '"current"',
];

const IDEMPOTENCY_KEYS = ['fuzz-shared-key', 'x'.repeat(256), 'with space', 'caf\u00e9', '', ' ', 'a'.repeat(255), '\t'];

const cleanAuth = fc.constantFrom<AuthChoice>(
  { kind: 'admin-bearer' },
  { kind: 'admin-bearer-lowercase' },
  { kind: 'admin-basic' },
  { kind: 'admin-token' },
);

const dirtyAuth: fc.Arbitrary<AuthChoice> = fc.oneof(
  // Valid credentials of a caller that may not do this: a read-only Member, another organization.
  fc.constantFrom<AuthChoice>({ kind: 'reader' }, { kind: 'other-org' }),
  fc.record({ kind: fc.constantFrom(...GARBAGE_AUTH), salt: fc.string({ maxLength: 60, unit: 'binary-ascii' }), at: fc.nat(100) }),
);

/** Printable ASCII and Latin-1 (what an HTTP client can put in a header), of any shape. */
const headerGarbage = fc.string({
  maxLength: 300,
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((c) => c !== 0x7f)
    .map((c) => String.fromCharCode(c)),
});

type Dimension = Exclude<keyof RequestSpec, 'route'>;
const DIMENSIONS: Dimension[] = [
  'method',
  'params',
  'query',
  'body',
  'contentType',
  'accept',
  'auth',
  'ifMatch',
  'idempotencyKey',
  'requestId',
  'orgHeader',
];

/**
 * A clean request (the route's own method, ids that exist, a valid body and query, an Admin's
 * credentials) with up to three dimensions swapped for dirty ones: most requests are one or two
 * steps from valid, so they get past the first check and reach the next; shrinking drops the
 * dimensions that do not matter.
 */
export function requestArb(route: FuzzRoute): fc.Arbitrary<RequestSpec> {
  const names = paramsOf(route.template);
  const clean = fc.record({
    method: fc.constant(route.method),
    params: fc.record(Object.fromEntries(names.map((name) => [name, cleanId(paramKind(route.template, name))]))),
    query: cleanQuery(route.query),
    body: cleanBody(route),
    contentType: fc.constant<string | null>('auto'),
    accept: fc.constant<string | null>(null),
    auth: cleanAuth,
    ifMatch: fc.constant<string | null>(null),
    idempotencyKey: fc.constant<string | null>(null),
    requestId: fc.constant<string | null>(null),
    orgHeader: fc.constant<RequestSpec['orgHeader']>(null),
  });
  const dirty = fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
    params: fc.record(Object.fromEntries(names.map((name) => [name, idChoice(paramKind(route.template, name))]))),
    query: queryArb(route.query),
    body: bodyArb(route),
    contentType: fc.oneof(fc.constant(null), fc.constantFrom(...CONTENT_TYPES), headerGarbage),
    accept: fc.oneof(fc.constantFrom(...ACCEPTS), headerGarbage),
    auth: dirtyAuth,
    ifMatch: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...IF_MATCH) }, { weight: 1, arbitrary: headerGarbage }),
    idempotencyKey: fc.oneof(fc.constantFrom(...IDEMPOTENCY_KEYS), headerGarbage, fc.uuid()),
    requestId: fc.oneof(fc.constantFrom('fuzz-req-1', 'x'.repeat(129), 'a b', 'ünï', '../x'), headerGarbage),
    orgHeader: fc.constantFrom('own' as const, 'other' as const, 'garbage' as const),
  });
  return fc.record({ clean, dirty, which: fc.subarray(DIMENSIONS, { maxLength: 3 }) }).map(({ clean: c, dirty: d, which }) => {
    const spec: RequestSpec = { route, ...c };
    for (const dim of which) (spec as unknown as Record<string, unknown>)[dim] = d[dim];
    return spec;
  });
}
