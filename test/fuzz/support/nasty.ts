// Values that break careless servers: injections, unicode edge cases, lengths around the limits.
import fc from 'fast-check';

export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE service_accounts; --",
  '%',
  '_',
  '\\',
  '%_%',
  "\\'",
  '"',
  '`',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '..',
  '.',
  '~',
  'null',
  'undefined',
  'NaN',
  'true',
  '[]',
  '{}',
  '0x1F',
  '-0',
  '1e400',
  '$where',
  '{"$gt":""}',
];

export const UNICODE = [
  'a\u0000b',
  '\u0000',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '💥🔑',
  '\u202eevil',
  'e\u0301',
  '\ufeffname',
  'ﬀ',
  'İİİ',
  'ß',
  'Ω',
  '\u00a0',
  '\t\n\r',
  '\u2028\u2029',
  '中文名字',
  '\u200b',
  'ǅ',
  '\u0085',
];

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Strings around a length limit, plus the shapes that trip trimming and case folding. */
export function lengthEdges(max: number | undefined, min = 0): string[] {
  const out = ['', ' ', '   ', ' \t '];
  if (min > 0) out.push('x'.repeat(min - 1));
  if (max !== undefined) {
    out.push('x'.repeat(max), 'x'.repeat(max + 1), ` ${'y'.repeat(max)} `, '💥'.repeat(max), '💥'.repeat(max + 1));
    // 'İ' is one character that lower-cases to two: a name within the limit whose case-folded key is not.
    out.push('İ'.repeat(max), 'e\u0301'.repeat(Math.ceil(max / 2)));
  }
  out.push('z'.repeat(70 * 1024));
  return out;
}

/** Any nasty string: injections, unicode, or a random one. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.constantFrom(...UNICODE),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 5000, minLength: 300 }),
);

export const nastyNumberText: fc.Arbitrary<string> = fc.constantFrom(
  '-1',
  '0',
  '1.5',
  '1e2',
  '1e400',
  '-1e400',
  '99999999999999999999',
  '2147483648',
  '9007199254740993',
  'NaN',
  'Infinity',
  '0x10',
  ' 1',
  '1 ',
  '+1',
  '',
  '1,2',
  '٣',
  '1_000',
);
