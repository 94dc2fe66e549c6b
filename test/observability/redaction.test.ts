// The one redaction module every log uses (request logs, access log lines, error logs): our secrets'
// shapes are found as sent and however a client encoded them (percent-encoding, double encoding,
// either case of hex, `+` for spaces, base64 of `clientId:secret`, a Basic credential anywhere),
// secret-named values go whatever their spelling, and text without a secret is kept as sent.
import { randomUUID } from 'node:crypto';
import { formatSecret } from '../../src/auth/secret-format';
import { errorFields, errorMessage } from '../../src/observability/logger';
import {
  isSecretName,
  redactedForm,
  redactedJson,
  redactHeader,
  redactJsonText,
  redactQuery,
  redactText,
} from '../../src/observability/redaction';

const secret = formatSecret(randomUUID());
const clientId = randomUUID();
/** The part of the secret that makes it work: what no redacted text may contain. */
const tail = secret.slice(12);

/** Every character as %XX, in the given case of hex. */
const encodeEvery = (text: string, upper = true) =>
  [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, '0')[upper ? 'toUpperCase' : 'toLowerCase']()}`).join('');
const doubly = (text: string) => encodeEvery(text).replace(/%/g, '%25');

const encodings: Record<string, string> = {
  'as is': secret,
  'underscore encoded': secret.replace('_', '%5F'),
  'underscore encoded, lower-case hex': secret.replace('_', '%5f'),
  'every character encoded': encodeEvery(secret),
  'every character encoded, lower-case hex': encodeEvery(secret, false),
  'double-encoded': doubly(secret),
  'double-encoded underscore': secret.replace('_', '%255F'),
  'triple-encoded underscore': secret.replace('_', '%25255f'),
  'mixed: some characters encoded once, some twice': `${encodeEvery(secret.slice(0, 20))}${doubly(secret.slice(20, 40))}${secret.slice(40)}`,
};

describe('free text (paths, header values, user agents, error messages)', () => {
  test.each(Object.entries(encodings))('when a secret is in it %s, then none of it is left', (_how, encoded) => {
    const out = redactText(`/v3/orgs/x/iam/service-accounts/${encoded}/keys`);
    expect(out).not.toContain(tail);
    expect(out).toContain('redacted');
  });

  test('when an opaque access token is in it (a JWS after the prefix, or the earlier one-dot format), then nothing after the prefix is left', () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = b64({ jti: randomUUID(), sub: randomUUID(), scope: 'service-accounts:read', exp: 1_800_000_000 });
    const signature = Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url') + 'AbCdEfGhIjK';
    for (const token of [`iamgt_${b64({ alg: 'HS256', kid: 'k1' })}.${claims}.${signature}`, `iamgt_${claims}.${signature}`]) {
      for (const form of [token, token.slice(0, -5), token.replace('_', '%5F'), encodeEvery(token)]) {
        const out = redactText(`seen ${form} in a header`);
        expect(out).toBe('seen redacted in a header');
      }
    }
  });

  test('when text holds no secret, then it is kept exactly as sent, encoded characters included', () => {
    for (const text of [
      '/v3/orgs/0a/iam/service-accounts?filter%5Bname%5D=a%20b',
      'Mozilla/5.0 (X11; Linux x86_64)',
      '100%',
      '%zz%4',
      '',
    ]) {
      expect(redactText(text)).toBe(text);
    }
  });

  test('when text is encoded more deeply than any client would, then it is refused whole', () => {
    let deep = '%5F';
    for (let i = 0; i < 12; i++) deep = deep.replace('%', '%25');
    expect(redactText(`a${deep}b`)).toBe('redacted');
  });

  test('when a Basic credential is anywhere, then its base64 goes and the scheme stays', () => {
    const b64 = Buffer.from(`${clientId}:${secret}`).toString('base64');
    expect(redactText(`forwarded: Basic ${b64}`)).toBe('forwarded: Basic redacted');
    expect(redactText(`basic\t${b64}`)).toBe('basic\tredacted');
    expect(redactText('Basic plan')).toBe('Basic plan');
  });

  test.each([0, 1, 2, 3, 5])(
    'when base64 of clientId:secret is anywhere (after %i other base64 characters), then all of the run goes',
    (before) => {
      for (const pair of [`${clientId}:${secret}`, `x:${secret}`, `${clientId}:iamgt_${tail}.sig`, `{"auth":"${secret}"}`]) {
        for (const encoding of ['base64', 'base64url'] as const) {
          const b64 = Buffer.from(pair).toString(encoding);
          const text = `seen ${'Q'.repeat(before)}${b64} here`;
          const out = redactText(text);
          expect(out).toBe('seen redacted here');
          // …and percent-encoded, as a query or header might carry it.
          expect(redactText(`seen ${encodeEvery(b64)} here`)).not.toContain(b64.slice(8, 40));
        }
      }
    },
  );
});

describe('names', () => {
  test('when a name says it holds a secret, however spelled or encoded, then it is one', () => {
    const secretNames = [
      'client_secret',
      'client%5Fsecret',
      'CLIENT%5fSECRET',
      'client%255Fsecret',
      'clientSecret',
      'client-secret',
      'X-Forwarded-Authorization',
      'proxy-authorization',
      'x-api-key',
      'apiKey',
      'key',
      'Idempotency-Key',
      'refresh_token',
      'X-Auth-Token',
      'password',
      'passwd',
      'Cookie',
      'set-cookie',
      'X-Session-Token',
      'data[attributes][client_secret]',
    ];
    expect(secretNames.filter((n) => !isSecretName(n))).toEqual([]);
    const plainNames = ['name', 'token_type', 'grant_type', 'client_id', 'keyId', 'include', 'fields[service-account-keys]', 'User-Agent'];
    expect(plainNames.filter(isSecretName)).toEqual([]);
  });

  test('when a header is named like a credential, then its whole value goes; otherwise only our shapes', () => {
    expect(redactHeader('X-Forwarded-Authorization', 'Basic abc')).toBe('redacted');
    expect(redactHeader('X-Debug', `key ${secret.replace('_', '%5F')}`)).toBe('key redacted');
    expect(redactHeader('Accept', 'application/vnd.api+json')).toBe('application/vnd.api+json');
  });
});

describe('query strings and form bodies', () => {
  test.each(Object.entries(encodings))('when a value holds a secret %s, then the pair reads redacted, decoded too', (_how, encoded) => {
    const out = redactQuery(`a=1&note=${encoded}&b=%20x+y`);
    expect(out).not.toContain(tail);
    expect(new URLSearchParams(out).get('note')).toBe('redacted');
    expect(out.startsWith('a=1&')).toBe(true);
    expect(out.endsWith('&b=%20x+y')).toBe(true);
  });

  test('when a secret-named parameter is spelled with escapes, then its value is replaced and the rest kept as sent', () => {
    const query = `grant_type=client_credentials&client%5Fsecret=s3cr3t&CLIENT%255fSECRET=s3cr3t&client_id=${clientId}&x=a%2Bb`;
    expect(redactQuery(query)).toBe(
      `grant_type=client_credentials&client%5Fsecret=redacted&CLIENT%255fSECRET=redacted&client_id=${clientId}&x=a%2Bb`,
    );
    expect(redactQuery('token=t0k&name=kept', '[redacted]')).toBe('token=[redacted]&name=kept');
  });

  test('when a value around the secret holds encoded separators, then decoding does not split the pair', () => {
    const out = redactQuery(`note=a%26b%3Dc%20${secret.replace('_', '%5F')}`);
    expect([...new URLSearchParams(out)]).toEqual([['note', 'a&b=c redacted']]);
  });

  test('when a Basic credential is sent in a query with + for spaces, then it is found', () => {
    const b64 = Buffer.from(`${clientId}:${secret}`).toString('base64');
    expect(redactQuery(`auth=Basic+${encodeURIComponent(b64)}`)).not.toContain(encodeURIComponent(b64).slice(0, 20));
  });

  test('when a parsed form body holds secrets, then its text has none', () => {
    const out = redactedForm({ grant_type: 'client_credentials', client_secret: secret, note: [secret, 'x'], 'client%5Fsecret': 'raw' });
    expect(out).toBe('grant_type=client_credentials&client_secret=redacted&note=redacted&note=x&client%255Fsecret=redacted');
  });
});

describe('JSON', () => {
  test('when a parsed body holds secrets under any name, encoded or not, then its text has none', () => {
    const body = {
      name: 'x',
      clientSecret: 'anything',
      nested: [
        { note: secret.replace('_', '%5f') },
        { deep: doubly(secret) },
        `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      ],
      plain: 'a%20b',
    };
    const out = redactedJson(body);
    expect(out).not.toContain(tail);
    expect(JSON.parse(out)).toEqual({
      name: 'x',
      clientSecret: 'redacted',
      nested: [{ note: 'redacted' }, { deep: 'redacted' }, 'Basic redacted'],
      plain: 'a%20b',
    });
  });

  test('when response text names or links a secret, then it reads redacted', () => {
    const text = JSON.stringify({
      data: { attributes: { client_secret: 'x', token_type: 'Bearer' }, links: { self: `/v3/x?note=iamg%5F${tail}` } },
    });
    const out = redactJsonText(text);
    expect(out).not.toContain(tail);
    expect(out).toContain('"client_secret":"redacted"');
    expect(out).toContain('"token_type":"Bearer"');
  });
});

describe('error logs', () => {
  test('when an error message holds an encoded secret, then neither the logged message nor the stack does', () => {
    const err = new TypeError(`insert failed for ${encodings['double-encoded']} and ${encodings['underscore encoded, lower-case hex']}`);
    const logged = JSON.stringify({ fields: errorFields(err), message: errorMessage(err, 500) });
    expect(logged).not.toContain(tail);
    expect(logged).not.toContain(encodings['double-encoded'].slice(15, 120));
    expect(errorFields(err)).toMatchObject({ type: 'TypeError', message: 'insert failed for redacted and redacted' });
  });
});
