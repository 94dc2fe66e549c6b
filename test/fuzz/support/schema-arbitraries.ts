// Arbitraries derived from the JSON Schemas in schemas/: values a schema accepts, and values one
// mutation away from that (a wrong type, a missing required member, an unknown or read-only or
// prototype key, a length just past a limit, a malformed format, a huge number, deep nesting …).
import fc from 'fast-check';
import { INJECTIONS, PROTOTYPE_KEYS, UNICODE, lengthEdges } from './nasty';
import { Raw, RawObject, removeAt, setAt } from './wire-json';

export interface JsonSchema {
  type?: string | readonly string[];
  enum?: readonly unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
}

/** Fields a client may read but not write (the server's read-only list, plus v3's spellings). */
const READ_ONLY_NAMES = [
  'id',
  'createdAt',
  'organizationId',
  'accountId',
  'clientId',
  'clientSecret',
  'email',
  'status',
  'key',
  'secretHash',
  'client_secret',
  'created_at',
  'isActive',
  'credentials',
  'version',
  'relationships',
  'links',
];

export function typesOf(schema: JsonSchema): string[] {
  if (schema.type === undefined) return [];
  return typeof schema.type === 'string' ? [schema.type] : [...schema.type];
}

const readable = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ABCXYZ-_.0123456789'.split(''));

/** Small JSON of any shape, for `{}` schemas and for garbage. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

/** Date-times the format accepts that a server may still trip on: the last year, offsets, lower case, leap seconds. */
const EDGE_DATE_TIMES = [
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59.999-23:59',
  '2099-01-01T00:00:00+14:00',
  '2099-01-01t00:00:00z',
  '2099-06-30T23:59:60Z',
  '2099-01-01T00:00:00.123456789Z',
];

function validString(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'date-time') {
    return fc.oneof(
      {
        weight: 4,
        arbitrary: fc.integer({ min: 86_400_000, max: 5 * 365 * 86_400_000 }).map((ms) => new Date(Date.now() + ms).toISOString()),
      },
      { weight: 1, arbitrary: fc.constantFrom(...EDGE_DATE_TIMES) },
    );
  }
  const max = s.maxLength ?? 64;
  const min = s.minLength ?? 0;
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern), { size: 'xsmall' }).filter((v) => v.length <= max && v.length >= min);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.string({ unit: readable, minLength: Math.max(min, 1), maxLength: Math.min(max, 24) }).filter((v) => v.trim() !== ''),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: Math.max(min, 1), maxLength: Math.min(max, 12) }) },
    // At the limit, counted as the schema counts (code points): 'İ' also doubles when lower-cased.
    { weight: 1, arbitrary: fc.constantFrom('m'.repeat(max), 'İ'.repeat(max), '💥'.repeat(max), ` ${'m'.repeat(Math.max(0, max - 2))} `) },
  );
}

/** Values the schema accepts. */
export function validOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => validOf({ ...schema, type })));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1e6, max: Math.min(schema.maximum ?? 1e6, 1e6) });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'string':
      return validString(schema);
    case 'array':
      return fc.array(validOf(schema.items ?? {}), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case 'object': {
      const props = schema.properties ?? {};
      if (!Object.keys(props).length)
        return schema.additionalProperties === false
          ? fc.constant({})
          : fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 });
      const model = Object.fromEntries(Object.entries(props).map(([k, sub]) => [k, validOf(sub)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
    }
    default:
      return anyJson;
  }
}

/** One place in a value, with the schema that governs it (undefined: anything goes there). */
interface Location {
  path: (string | number)[];
  schema: JsonSchema | undefined;
  value: unknown;
}

function locations(schema: JsonSchema | undefined, value: unknown, path: (string | number)[] = []): Location[] {
  const here: Location = { path, schema, value };
  if (value instanceof Raw || value instanceof RawObject) return [here];
  if (Array.isArray(value)) return [here, ...value.flatMap((v, i) => locations(schema?.items, v, [...path, i]))];
  if (value !== null && typeof value === 'object') {
    return [here, ...Object.entries(value).flatMap(([k, v]) => locations(schema?.properties?.[k], v, [...path, k]))];
  }
  return [here];
}

function matchesType(schema: JsonSchema, v: unknown): boolean {
  const types = typesOf(schema);
  if (!types.length) return true;
  const actual = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' && Number.isInteger(v) ? 'integer' : typeof v;
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

/** A value of some other JSON type (including arrays for objects and raw numbers past double range). */
function wrongType(schema: JsonSchema, current: unknown): fc.Arbitrary<unknown> {
  const candidates: unknown[] = [
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    -0,
    '',
    'x',
    [],
    [current],
    {},
    { value: current },
    '1',
    'true',
    'null',
  ];
  const others = candidates.filter((c) => !matchesType(schema, c));
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...(others.length ? others : candidates)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(new Raw('1e400'), new Raw('-1e400'), new Raw('123456789012345678901234567890'), new Raw('-0.0e-0')),
    },
  );
}

/** Nesting deeper than any recursive walker (JSON.stringify, a validator) should follow. */
const deepNesting = fc
  .constantFrom(100, 3_000, 20_000)
  .chain((depth) =>
    fc.constantFrom(new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`), new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)),
  );

const badStringsCache = new WeakMap<JsonSchema, fc.Arbitrary<unknown>>();

function badStrings(s: JsonSchema): fc.Arbitrary<unknown> {
  let arbitrary = badStringsCache.get(s);
  if (!arbitrary) badStringsCache.set(s, (arbitrary = makeBadStrings(s)));
  return arbitrary;
}

function makeBadStrings(s: JsonSchema): fc.Arbitrary<unknown> {
  const variants: unknown[] = [...lengthEdges(s.maxLength, s.minLength), ...INJECTIONS, ...UNICODE];
  if (s.format === 'uuid')
    variants.push(
      'not-a-uuid',
      '00000000-0000-0000-0000-00000000000g',
      'urn:uuid:01890a5d-ac96-774b-bcce-b302099a8057',
      '{01890a5d-ac96-774b-bcce-b302099a8057}',
    );
  if (s.format === 'date-time') {
    variants.push(
      '2020-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '9999-12-31T23:59:59.999-23:59',
      '2030-13-45T25:61:61Z',
      '2030-01-01',
      '2030-01-01t00:00:00z',
      '2030-06-30T23:59:60Z',
      '0000-01-01T00:00:00Z',
      'tomorrow',
      '1700000000',
    );
  }
  if (s.pattern)
    variants.push('Service-Accounts:Read', 'a', 'a:', ':b', 'a::b', 'a:b c', `a:${'b'.repeat(200)}`, 'service-accounts:read\n');
  if (s.enum)
    variants.push(...s.enum.filter((e): e is string => typeof e === 'string').flatMap((e) => [e.toLowerCase(), e.toUpperCase(), ` ${e}`]));
  return fc.constantFrom(...variants);
}

function arrayEdges(s: JsonSchema, current: unknown[]): fc.Arbitrary<unknown> {
  const item = current[0] ?? 'x';
  const max = s.maxItems ?? 100;
  return fc.constantFrom<unknown>(
    Array.from({ length: max + 1 }, (_, i) => (typeof item === 'string' ? `${item.split(':')[0] || 'a'}:p${i}` : item)),
    [...current, ...current],
    [current],
    [null],
    [[]],
    Array(max + 1).fill(item),
  );
}

/** A key the schema does not list: read-only names, prototype keys, case and space variants. */
function unknownKey(schema: JsonSchema): fc.Arbitrary<string> {
  const known = Object.keys(schema.properties ?? {});
  return fc
    .oneof(
      fc.constantFrom(...READ_ONLY_NAMES, ...PROTOTYPE_KEYS, ''),
      fc.constantFrom(...(known.length ? known.flatMap((k) => [k.toUpperCase(), ` ${k}`, `${k}\u0000`]) : ['x'])),
      fc.string({ maxLength: 12 }),
    )
    .filter((k) => !known.includes(k));
}

function objectMutations(loc: Location, root: unknown): fc.Arbitrary<unknown>[] {
  const s = loc.schema ?? {};
  const obj = loc.value as Record<string, unknown>;
  const out: fc.Arbitrary<unknown>[] = [];
  const required = (s.required ?? []).filter((k) => Object.hasOwn(obj, k));
  if (required.length) out.push(fc.constantFrom(...required).map((k) => removeAt(root, loc.path, k)));
  if (s.additionalProperties === false) {
    out.push(fc.tuple(unknownKey(s), anyJson).map(([k, v]) => setAt(root, loc.path, new RawObject([...Object.entries(obj), [k, v]]))));
  }
  const keys = Object.keys(obj);
  if (keys.length) {
    // The same member twice: parsers keep the last one, which must still be checked.
    out.push(
      fc.tuple(fc.constantFrom(...keys), anyJson).map(([k, v]) => setAt(root, loc.path, new RawObject([...Object.entries(obj), [k, v]]))),
    );
  }
  return out;
}

/** One mutation at one place in a valid value. */
function mutationAt(loc: Location, root: unknown): fc.Arbitrary<unknown> {
  const s = loc.schema;
  const options: fc.Arbitrary<unknown>[] = [deepNesting.map((d) => setAt(root, loc.path, d))];
  if (s) options.push(wrongType(s, loc.value).map((v) => setAt(root, loc.path, v)));
  else options.push(anyJson.map((v) => setAt(root, loc.path, v)));
  if (s && typeof loc.value === 'string')
    options.push(
      badStrings(s).map((v) => setAt(root, loc.path, v)),
      badStrings(s).map((v) => setAt(root, loc.path, v)),
    );
  if (s && typeof loc.value === 'number')
    options.push(fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53 + 1, 1e21, 0.5).map((v) => setAt(root, loc.path, v)));
  if (s && Array.isArray(loc.value)) options.push(arrayEdges(s, loc.value).map((v) => setAt(root, loc.path, v)));
  if (
    loc.value !== null &&
    typeof loc.value === 'object' &&
    !Array.isArray(loc.value) &&
    !(loc.value instanceof Raw) &&
    !(loc.value instanceof RawObject)
  ) {
    const objectOnes = objectMutations(loc, root);
    options.push(...objectOnes, ...objectOnes);
  }
  return fc.oneof(...options);
}

/** Values one (or two) mutations away from valid; most of them the schema refuses. */
export function mutatedOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  const once = (value: unknown) => {
    const spots = locations(schema, value);
    return fc.integer({ min: 0, max: spots.length - 1 }).chain((i) => mutationAt(spots[i], value));
  };
  return validOf(schema)
    .chain(once)
    .chain((v) => fc.oneof({ weight: 4, arbitrary: fc.constant(v) }, { weight: 1, arbitrary: once(v) }));
}
