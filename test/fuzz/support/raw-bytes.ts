// What the raw-socket fuzzer sends: HTTP/1.1 messages built from parts that are each sometimes
// right and sometimes wrong (request line, header lines, framing, chunked body), several on one
// connection (pipelined), cut short at any byte, written in pieces, with the client's side ended
// or left open. The arbitrary maps to the bytes themselves, so a counterexample prints what was sent.
import fc from 'fast-check';

export interface RawCase {
  /** The bytes, in the pieces they are written in (latin1: one character, one byte). */
  pieces: string[];
  /** Whether the client ends its side after the last piece. */
  end: boolean;
}

const junk = (maxLength: number) => fc.string({ unit: 'binary-ascii', maxLength });

// Each part is right most of the time, so a connection often carries good requests before a bad one.
const method = fc.oneof(
  { weight: 24, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS') },
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Z]{1,16}$/) },
  { weight: 1, arbitrary: fc.constantFrom('CONNECT', 'PRI', 'get', 'G ET', '', 'TRACE', 'PROPFIND') },
  { weight: 1, arbitrary: junk(12) },
);

const target = (orgId: string) =>
  fc
    .tuple(
      fc.oneof(
        {
          weight: 8,
          arbitrary: fc.constantFrom(
            '/healthz',
            '/api/v2/service-accounts',
            '/v1/service-accounts',
            `/v3/orgs/${orgId}/iam/service-accounts`,
            '/oauth2/token',
            '/metrics',
            '/nowhere',
          ),
        },
        { weight: 1, arbitrary: fc.constantFrom('/v3/orgs/%ZZ/iam/roles', '*', 'http://x/healthz', 'x:443') },
      ),
      fc.oneof(
        { weight: 20, arbitrary: fc.constant('') },
        { weight: 1, arbitrary: junk(20).map((j) => `?${j}`) },
        { weight: 1, arbitrary: fc.constantFrom(' /extra', '/%00', '/..%2f..', '\t', `/${'a'.repeat(9_000)}`) },
      ),
    )
    .map(([path, tail]) => path + tail);

const version = fc.oneof(
  { weight: 24, arbitrary: fc.constant('HTTP/1.1') },
  { weight: 1, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.x', 'HTTQ/1.1', '', 'HTTP/1.1 extra', 'HTTP/01.1') },
);

const eol = fc.oneof({ weight: 30, arbitrary: fc.constant('\r\n') }, { weight: 1, arbitrary: fc.constantFrom('\n', '\r', '\r\r\n') });

/** Header lines; framing headers come from `framing`, so they agree with the body or not on purpose. */
const header = (secret: string) =>
  fc.oneof(
    {
      weight: 24,
      arbitrary: fc.constantFrom('Host: localhost', 'Content-Type: application/json', 'Accept: */*', 'Connection: keep-alive'),
    },
    { weight: 6, arbitrary: fc.constantFrom(`Authorization: Bearer ${secret}`, 'Authorization: Bearer iamg_wrong', 'Connection: close') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'Bad Header: x',
        'NoColon',
        ' folded: continuation',
        ': no name',
        'X: \x00',
        'X-\x7f: y',
        'Expect: 100-continue',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `X-Padding: ${'a'.repeat(20 * 1024)}`,
        `X-Half: ${'b'.repeat(9 * 1024)}`,
      ),
    },
    { weight: 1, arbitrary: fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,20}$/), junk(40)).map(([n, v]) => `${n}: ${v}`) },
  );

const json = fc.constantFrom('{"name":"fuzzed"}', '{}', '[', '{"name":' + '['.repeat(40), '', 'null');

/** Size lines of a chunk: right, or wrong in one of the ways a parser has to catch. */
const chunkSize = (size: number) =>
  fc.oneof(
    { weight: 20, arbitrary: fc.constant(size.toString(16)) },
    { weight: 1, arbitrary: fc.constantFrom('ZZ', '-1', 'FFFFFFFFFFFFFFFFFF', '', ' 5', `${size.toString(16)};ext=\x01`, '0x5') },
  );

const chunked = fc.tuple(json, fc.nat(3), chunkSize(0), fc.nat(9)).chain(([text, splits, last, trailer]) => {
  const cut = Math.max(1, Math.ceil(text.length / (splits + 1)));
  const parts = text.match(new RegExp(`[\\s\\S]{1,${cut}}`, 'g')) ?? [];
  return fc
    .tuple(...parts.map((p) => chunkSize(p.length).map((s) => `${s}\r\n${p}\r\n`)))
    .map((chunks) => `${chunks.join('')}${last}\r\n${trailer === 0 ? 'Trailer-Bad Header: x\r\n' : ''}\r\n`);
});

/** Framing headers and body together. */
const framing = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ headers: [] as string[], body: '' }) },
  { weight: 4, arbitrary: json.map((body) => ({ headers: [`Content-Length: ${body.length}`], body })) },
  { weight: 4, arbitrary: chunked.map((body) => ({ headers: ['Transfer-Encoding: chunked'], body })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        json,
        fc.constantFrom(
          ['Content-Length: 3', 'Transfer-Encoding: chunked'],
          ['Content-Length: 3', 'Content-Length: 4'],
          ['Content-Length: -1'],
          ['Content-Length: 99999999999999999999'],
          ['Content-Length: 12abc'],
          ['Content-Length: 100'],
          ['Transfer-Encoding: gzip, chunked'],
          ['Transfer-Encoding: chunked, identity'],
          ['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked'],
        ),
      )
      .map(([body, headers]) => ({ headers, body })),
  },
);

const message = (orgId: string, secret: string) =>
  fc
    .record({
      method,
      target: target(orgId),
      version,
      eol,
      host: fc.oneof({ weight: 20, arbitrary: fc.constant(['Host: localhost']) }, { weight: 1, arbitrary: fc.constant([]) }),
      headers: fc.array(header(secret), { maxLength: 4 }),
      framing,
    })
    .map(
      ({ method: m, target: t, version: v, eol: e, host, headers, framing: f }) =>
        [`${m} ${t} ${v}`, ...host, ...headers, ...f.headers].map((line) => `${line}${e}`).join('') + e + f.body,
    );

/** A connection's worth: one to four messages, maybe cut short, in one to four pieces. */
export function rawCase(orgId: string, secret: string): fc.Arbitrary<RawCase> {
  return fc
    .record({
      messages: fc.array(message(orgId, secret), { minLength: 1, maxLength: 4 }),
      cut: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
      splits: fc.array(fc.nat(), { maxLength: 3 }),
      end: fc.boolean(),
    })
    .map(({ messages, cut, splits, end }) => {
      let bytes = messages.join('');
      if (cut !== null) bytes = bytes.slice(0, 1 + (cut % bytes.length));
      const at = [...new Set(splits.map((s) => s % bytes.length))].filter((s) => s > 0).sort((a, b) => a - b);
      const pieces = [0, ...at].map((from, i) => bytes.slice(from, i < at.length ? at[i] : undefined)).filter((p) => p.length > 0);
      return { pieces, end };
    });
}
