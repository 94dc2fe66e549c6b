// The model's rules as pure functions: names, permissions, expiry, emails, key status.
import { chooseEmail, emailLocalPart } from '../../../src/core/email';
import { keyStatus } from '../../../src/core/model';
import {
  FieldChecks,
  followingScopes,
  nameKey,
  normalizeAssignments,
  normalizeExpiry,
  normalizeName,
  normalizePermissions,
} from '../../../src/core/rules';

const checked = <T>(run: (checks: FieldChecks) => T) => {
  const checks = new FieldChecks();
  const value = run(checks);
  return { value, errors: checks.errors.map((e) => `${e.field}: ${e.message}`) };
};

describe('names', () => {
  test('when a name is written in compatibility forms or cases, then its key is the same (NFKC, case-folded, trimmed)', () => {
    expect(nameKey(' ＡＣＭＥ Straße ')).toBe('acme strasse');
    expect(nameKey('ACME STRASSE')).toBe(nameKey('acme straße'));
    expect(nameKey('ﬁle')).toBe('file');
  });

  test('when a name is normalized, then it is stored NFKC and trimmed', () => {
    expect(checked((c) => normalizeName('  ＡＢＣ  ', c))).toEqual({ value: 'ABC', errors: [] });
  });

  test.each([
    ['empty once trimmed', ' \t ', 'name: must not be empty'],
    ['too long', 'x'.repeat(201), 'name: must be at most 200 characters (once NFKC-normalized)'],
    ['with a zero-width space', 'ad\u200Bmin', 'name: must not contain zero-width or bidirectional control characters'],
    ['starting with a byte order mark', '\uFEFFadmin', 'name: must not contain zero-width or bidirectional control characters'],
    ['with a lone surrogate', 'bad\uD800', 'name: must be well-formed Unicode (it holds a lone surrogate)'],
  ])('when a name is %s, then it is refused saying why', (_case, raw, error) => {
    expect(checked((c) => normalizeName(raw, c)).errors).toEqual([error]);
  });
});

describe('permissions', () => {
  test('when permissions repeat, then each is kept once, in order', () => {
    expect(checked((c) => normalizePermissions(['b:read', 'a:write', 'b:read'], c))).toEqual({ value: ['b:read', 'a:write'], errors: [] });
  });

  test('when a permission does not look like one, then the entry is named', () => {
    expect(checked((c) => normalizePermissions(['ok:read', 'Not Ok', 'x'], c, 'scopes')).errors).toEqual([
      'scopes[1]: "Not Ok" is not a valid permission (like "service-accounts:read")',
      'scopes[2]: "x" is not a valid permission (like "service-accounts:read")',
    ]);
  });

  test('when a key follows its account, then a read-only one gets only the read permissions', () => {
    expect(followingScopes(['a:read', 'a:write', 'b:read'], true)).toEqual(['a:read', 'b:read']);
    expect(followingScopes(['a:read', 'a:write'], false)).toEqual(['a:read', 'a:write']);
  });
});

describe('workspace assignments', () => {
  test('when a workspace is assigned twice, in either case, then the second is refused; ids are kept lower-case', () => {
    const id = '0198F0A0-0000-7000-8000-00000000000A';
    const result = checked((c) =>
      normalizeAssignments(
        [
          { workspaceId: id, role: 'Owner' },
          { workspaceId: id.toLowerCase(), role: 'Boss' as 'Owner' },
        ],
        c,
      ),
    );
    expect(result.value.map((a) => a.workspaceId)).toEqual([id.toLowerCase(), id.toLowerCase()]);
    expect(result.errors).toEqual([
      'workspaceAssignments[1].role: must be one of Owner, Contributor, Reader',
      'workspaceAssignments[1].workspaceId: is assigned twice',
    ]);
  });
});

describe('expiry', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  test.each([
    ['no expiry', null, null, []],
    ['a future time with an offset', '2030-01-01T02:00:00+01:00', '2030-01-01T01:00:00.000Z', []],
    ['the present', '2030-01-01T00:00:00Z', '2030-01-01T00:00:00.000Z', ['expiresAt: must be in the future']],
    ['no date at all', 'tomorrow', null, ['expiresAt: must be an RFC 3339 date-time']],
    ['after the year 9999', '+010000-01-01T00:00:00Z', '+010000-01-01T00:00:00.000Z', ['expiresAt: must be before the year 10000 (UTC)']],
  ])('when the expiry is %s, then it reads as expected', (_case, raw, value, errors) => {
    expect(checked((c) => normalizeExpiry(raw, now, c))).toEqual({ value, errors });
  });

  test('when a key is revoked, expired and disabled at once, then the final state wins: Revoked, then Expired, then Disabled', () => {
    const now2 = new Date('2030-06-01T00:00:00Z');
    const past = '2030-01-01T00:00:00Z';
    expect(keyStatus({ revokedAt: past, expiresAt: past, enabled: false }, now2)).toBe('Revoked');
    expect(keyStatus({ revokedAt: null, expiresAt: past, enabled: false }, now2)).toBe('Expired');
    expect(keyStatus({ revokedAt: null, expiresAt: null, enabled: false }, now2)).toBe('Disabled');
    expect(keyStatus({ revokedAt: null, expiresAt: '2031-01-01T00:00:00Z', enabled: true }, now2)).toBe('Active');
  });
});

describe('emails', () => {
  test('when an account is named, then its email local part keeps only lower-case letters and digits, at most 30', () => {
    expect(emailLocalPart('ACME Billing-Bot #2')).toBe('acmebillingbot2');
    expect(emailLocalPart('Ünïcödé only ✓')).toBe('ncdonly');
    expect(emailLocalPart('日本')).toBe('sa');
    expect(emailLocalPart('a'.repeat(40))).toHaveLength(30);
  });

  test('when emails are taken, then the first free numbered one is chosen, whatever their case', () => {
    const at = '@o1.iam.test';
    expect(chooseEmail('Bot', 'o1', 'iam.test', [])).toBe(`bot${at}`);
    expect(chooseEmail('Bot', 'o1', 'iam.test', [`BOT${at}`, `bot-2${at}`, `bot-4${at}`])).toBe(`bot-3${at}`);
  });
});
