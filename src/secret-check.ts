// `iamgate secret check [<value>]` (issue 30): says offline whether a value is a well-formed iamgate
// key secret with a valid checksum — what a scanner's hit or a pasted string is — without any
// database or configuration. Exit 0: checksummed and valid; 1: anything else, an old secret without
// checksum included (it may be real, but nothing offline can tell).
import { readSecret } from './auth/secret-format';

/** Far longer than a secret: what is read from standard input at most. */
const MAX_INPUT = 4096;

export async function secretCheck(value: string | undefined, stdin: NodeJS.ReadableStream): Promise<{ line: string; code: number }> {
  const text = (value ?? (await readBounded(stdin))).trim();
  const reading = readSecret(text);
  switch (reading.shape) {
    case 'checksummed':
      return { line: `valid: a well-formed iamgate key secret with a valid checksum (key ${reading.keyId})`, code: 0 };
    case 'legacy':
      return {
        line: `old format: an iamgate key secret from before checksums (key ${reading.keyId}); it cannot be checked offline — roll it`,
        code: 1,
      };
    case 'bad-checksum':
      return {
        line: 'invalid: shaped like an iamgate key secret, but its checksum does not match (a typo, or not a real secret)',
        code: 1,
      };
    default:
      return { line: 'invalid: not an iamgate key secret', code: 1 };
  }
}

/** Standard input up to MAX_INPUT characters (the rest is read and dropped, so the writer never blocks). */
async function readBounded(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stdin.setEncoding('utf8');
  for await (const chunk of stdin) if (text.length <= MAX_INPUT) text += String(chunk);
  return text.length > MAX_INPUT ? '' : text;
}
