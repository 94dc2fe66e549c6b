// The one place that decides what no log may keep (request logs, access log lines, error logs):
// - values under a secret-looking name (`client_secret`, `X-Forwarded-Authorization`, `apiKey` …);
// - anything shaped like what iamgate issues, wherever it appears: key secrets (`iamg_…`), access
//   tokens (`iamgt_…`, JWTs), Basic credentials (`Basic <base64>`), and base64 that hides one of our
//   secrets (`base64(clientId:iamg_…)` in any header, field or parameter).
// Clients may percent-encode anything, so shapes and names are looked for in the text as sent and,
// when it holds a `%` (or a `+`, in form text), in its decoded form too, decoding until nothing
// changes (double encoding, either case of hex). Text whose decoded form held a secret is kept
// decoded, the secret replaced; text without one is kept as sent. Every replacement reads "redacted".
// This runs for every request, so the shapes are one precompiled regular expression, and decoding
// only happens when there is something to decode.

export const REDACTED = 'redacted';

const B64 = 'A-Za-z0-9+/_-';

/**
 * What base64 of each prefix of ours always contains, at each of the three byte alignments: the
 * characters whose six bits lie wholly inside the prefix (the same in standard and url-safe base64).
 */
function base64Cores(prefixes: string[]): string[] {
  const cores = new Set<string>();
  for (const prefix of prefixes) {
    for (let k = 0; k < 3; k++) {
      const b64 = Buffer.concat([Buffer.alloc(k), Buffer.from(prefix)]).toString('base64');
      const core = b64.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + prefix.length)) / 6));
      cores.add(core);
      cores.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...cores].map((c) => c.replace(/[+/]/g, '\\$&'));
}

const CORES = base64Cores(['iamg_', 'iamgt']).join('|');
const BASIC = '[Bb][Aa][Ss][Ii][Cc]';

const SHAPES = new RegExp(
  [
    // Key secrets (`iamg_…`) and opaque access tokens (`iamgt_<header>.<claims>.<signature>`, and
    // the legacy `iamgt_<claims>.<signature>`), whole or cut short.
    `iamgt?_[A-Za-z0-9_-]{4,}(?:\\.[A-Za-z0-9_-]*){0,2}`,
    // A base64 run (from its first character) holding base64 of `iamg_` or `iamgt`: `clientId:secret` …
    `(?<![${B64}])[${B64}]*?(?:${CORES})[${B64}]*={0,2}`,
    // JWTs (TOKEN_FORMAT=jwt): header.payload.signature, whole or cut short.
    `eyJ[A-Za-z0-9_-]{4,}(?:\\.[A-Za-z0-9_-]*){0,2}`,
    // A Basic credential anywhere: the scheme is kept, its base64 goes.
    `\\b(${BASIC}[ \\t]+)[${B64}]{8,}={0,2}`,
  ].join('|'),
  'g',
);
/** What every match of SHAPES contains: a search for literals, far cheaper than SHAPES where nothing is found. */
const MAY_HOLD_SHAPES = new RegExp(`iamg|eyJ|${BASIC}|${CORES}`);

/** Our shapes in `text` as it is (no decoding). */
export function redactShapes(text: string): string {
  return MAY_HOLD_SHAPES.test(text) ? text.replace(SHAPES, `$1${REDACTED}`) : text;
}

const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;
const ESCAPE = /%[0-9A-Fa-f]{2}/;
/** Nobody encodes a value more than a few times; text still decoding after this many rounds is refused whole. */
const MAX_DECODES = 8;

function decodeRun(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    return Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'); // not UTF-8: U+FFFD for the bad bytes
  }
}

/** One round of percent-decoding; stray `%` and bytes that are not UTF-8 do not stop the rest. */
function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(ESCAPES, decodeRun);
  }
}

/** `text` decoded until nothing changes (form text: `+` is a space first), or null past MAX_DECODES. */
function decodeAll(text: string, form: boolean): string | null {
  let out = form && text.includes('+') ? text.replace(/\+/g, ' ') : text;
  for (let i = 0; i < MAX_DECODES; i++) {
    if (!ESCAPE.test(out)) return out;
    out = decodeOnce(out);
  }
  return ESCAPE.test(out) ? null : out;
}

const hasEncoding = (text: string, form: boolean) => text.includes('%') || (form && text.includes('+'));

/** The decoded text with its secrets redacted, or null when decoding shows no secret the text did not. */
function decodedRedaction(text: string, form: boolean): string | null {
  const decoded = decodeAll(text, form);
  if (decoded === null) return REDACTED;
  if (decoded === text) return null;
  const redacted = redactShapes(decoded);
  return redacted === decoded ? null : redacted;
}

/** Free text (a path, a header value, an error message): our shapes, as sent and decoded. */
export function redactText(text: string, form = false): string {
  const out = redactShapes(text);
  return hasEncoding(out, form) ? (decodedRedaction(out, form) ?? out) : out;
}

/** Names (of fields, parameters, headers) whose values are secrets: these words anywhere … */
const SECRET_WORDS = ['secret', 'passw', 'cookie', 'session', 'signature'];
/** … or these at the end (`access_token`, `apiKey`, `X-Forwarded-Authorization`; not `token_type`, `keyId`). */
const SECRET_ENDINGS = ['token', 'key', 'auth', 'authorization', 'credential', 'credentials'];
const SECRET_NAME = new RegExp(`${SECRET_WORDS.join('|')}|(?:${SECRET_ENDINGS.join('|')})[^a-z0-9]*$`, 'i');

/** `client_secret`, `Client%5FSecret`, `apiKey`, `X-Forwarded-Authorization`, `refresh-token` … */
export function isSecretName(name: string): boolean {
  const plain = hasEncoding(name, true) ? decodeAll(name, true) : name;
  return plain === null || SECRET_NAME.test(plain);
}

/** A header value as a log may keep it. */
export function redactHeader(name: string, value: string): string {
  return isSecretName(name) ? REDACTED : redactText(value);
}

/** Form text can hold what decoding produced (`&`, `=`, `%`, `+`): those are encoded again. */
const formEncode = (text: string) => text.replace(/[%&=+#\s]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);

/** A name or a value of form text: as it may be kept, and decoded (null: encoded too deeply to read). */
function formPart(part: string): { kept: string; plain: string | null } {
  const kept = redactShapes(part);
  if (!hasEncoding(kept, true)) return { kept, plain: kept };
  const plain = decodeAll(kept, true);
  if (plain === null) return { kept: REDACTED, plain };
  const redacted = redactShapes(plain);
  return { kept: redacted === plain ? kept : formEncode(redacted), plain };
}

/** A secret-named pair in form text as sent: with MAY_HOLD_SHAPES, what lets most queries through untouched. */
const SECRET_PAIR = new RegExp(`(?:${SECRET_WORDS.join('|')})[^=&]*=|(?:${SECRET_ENDINGS.join('|')})[^a-z0-9=&]*=`, 'i');

/**
 * A query string or form body (`a=1&client_secret=…`): secret-named values become `censor`, our
 * shapes `redacted`, each name and value looked at as sent and decoded. Pairs with nothing to
 * redact are kept byte for byte.
 */
export function redactQuery(raw: string, censor = REDACTED): string {
  if (!hasEncoding(raw, true) && !MAY_HOLD_SHAPES.test(raw) && !SECRET_PAIR.test(raw)) return raw;
  return raw
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return formPart(pair).kept;
      const name = formPart(pair.slice(0, eq));
      const secret = name.plain === null || SECRET_NAME.test(name.plain);
      return `${name.kept}=${secret ? censor : formPart(pair.slice(eq + 1)).kept}`;
    })
    .join('&');
}

/** A parsed form body (express.urlencoded) as form text, redacted like a query. */
export function redactedForm(body: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    for (const one of Array.isArray(value) ? (value as unknown[]) : [value]) form.append(name, String(one));
  }
  return redactQuery(form.toString());
}

/** A parsed JSON body as text: secret-named string values replaced whatever their depth, then our shapes. */
export function redactedJson(body: unknown): string {
  const text = JSON.stringify(body, (name, value: unknown) => {
    if (typeof value !== 'string') return value;
    if (name && isSecretName(name)) return REDACTED;
    return value.includes('%') ? (decodedRedaction(value, false) ?? value) : value;
  });
  return redactShapes(text ?? '');
}

/** `secret` → `[Ss]ecret`: the names in our JSON are snake_case or camelCase. */
const eitherCase = (words: string[]) => words.map((w) => `[${w[0].toUpperCase()}${w[0]}]${w.slice(1)}`).join('|');
/**
 * The string value of a secret-named member in JSON text (`"client_secret": "…"`), found from the
 * name's secret word (a search far cheaper than looking at every member); an unterminated value at
 * the end (a cut body) counts too.
 */
const JSON_SECRET_VALUE = new RegExp(
  `((?:${eitherCase(SECRET_WORDS)})[^"\\\\]*"\\s*:\\s*|(?:${eitherCase(SECRET_ENDINGS)})[^"\\\\A-Za-z0-9]*"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*(?:"|$)`,
  'g',
);

/** JSON text we wrote (a response body, perhaps cut): secret-named string values replaced, then our shapes. */
export function redactJsonText(text: string): string {
  return redactText(text.replace(JSON_SECRET_VALUE, `$1"${REDACTED}"`));
}
