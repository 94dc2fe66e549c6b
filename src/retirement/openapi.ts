// A retiring dialect's OpenAPI document says so: every operation `deprecated: true`, and the
// dates, brownouts, successor and link in its description, so generated clients warn their users.
import type { DialectRetirement } from './config';

type Document = { info: { description?: string }; paths: Record<string, Record<string, { deprecated?: boolean }>> };

export function markRetiring(doc: object, r: DialectRetirement | undefined, successor: string | undefined): object {
  if (!r) return doc;
  const d = doc as Document;
  for (const item of Object.values(d.paths)) for (const op of Object.values(item)) op.deprecated = true;
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
