// JSON Schemas as the reference pages show them: a table of fields (nested ones dotted), a type and
// its constraints in words, and an indented JSON-like sketch. reference.ts and platform-reference.ts
// both write with these.

// A JSON Schema as the tables write them: plain objects, read loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Schema = Record<string, any>;

export interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  constraints: string;
  description: string;
}

/** Every property, nested ones dotted (`data.attributes.name`, `workspaceAssignments[].role`). */
export function fieldRows(schema: Schema, prefix = '', depth = 0): FieldRow[] {
  const rows: FieldRow[] = [];
  const required = new Set<string>(schema.required ?? []);
  for (const [name, prop] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    const path = prefix ? `${prefix}.${name}` : name;
    rows.push({
      path,
      type: typeOf(prop),
      required: required.has(name),
      constraints: constraintsOf(prop).join('; '),
      description: prop.description ?? '',
    });
    if (depth >= 8) continue;
    if (prop.properties && Object.keys(prop.properties).length) rows.push(...fieldRows(prop, path, depth + 1));
    const items = prop.items as Schema | undefined;
    if (items?.properties && Object.keys(items.properties).length) rows.push(...fieldRows(items, `${path}[]`, depth + 1));
  }
  return rows;
}

function typesOf(s: Schema): string[] {
  return Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
}

export function typeOf(s: Schema): string {
  if (!s || Object.keys(s).length === 0) return 'any';
  if ('const' in s) return `\`${JSON.stringify(s.const)}\``;
  if (s.oneOf) return (s.oneOf as Schema[]).map(typeOf).join(' or ');
  const types = typesOf(s);
  if (!types.length) return s.properties ? 'object' : 'any';
  return types
    .map((t) => {
      if (t === 'array')
        return s.items ? `array of ${typeOf(s.items as Schema).replace(/^(object|string|integer|number|boolean)\b/, '$1s')}` : 'array';
      if (t === 'string' && s.format) return `string (${s.format})`;
      return t;
    })
    .join(' or ');
}

function range(min: number | undefined, max: number | undefined, unit = ''): string {
  const u = unit ? ` ${unit}` : '';
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${min}${u}` : `${min}–${max}${u}`;
  if (max !== undefined) return `at most ${max}${u}`;
  if (min === 1 && unit) return `not empty`;
  return `at least ${min}${u}`;
}

export function constraintsOf(s: Schema): string[] {
  const out: string[] = [];
  if (s.enum) out.push(`one of ${(s.enum as unknown[]).map((v) => `\`${v === null ? 'null' : String(v)}\``).join(', ')}`);
  if (s.minLength !== undefined || s.maxLength !== undefined) out.push(range(s.minLength, s.maxLength, 'characters'));
  if (s.minimum !== undefined || s.maximum !== undefined) out.push(range(s.minimum, s.maximum));
  if (s.minItems !== undefined || s.maxItems !== undefined) out.push(range(s.minItems, s.maxItems, 'items'));
  if (s.pattern) out.push(`matches \`${s.pattern}\``);
  const items = s.items as Schema | undefined;
  if (items && !items.properties) out.push(...constraintsOf(items).map((c) => `each ${c}`));
  if (s.additionalProperties === false && s.properties && !Object.keys(s.properties).length) out.push('empty');
  return out;
}

const MAX_SKETCH_DEPTH = 6;

/** A schema as an indented JSON-like sketch: members with their types, `?` after optional ones. */
export function sketch(s: Schema, depth = 0, indent = ''): string {
  if (!s || Object.keys(s).length === 0) return '"any"';
  if ('const' in s) return JSON.stringify(s.const);
  if (s.oneOf) {
    const alternatives = s.oneOf as Schema[];
    const resourceTypes = alternatives.map((a) => a.properties?.type?.const as string | undefined);
    if (resourceTypes.every(Boolean)) return JSON.stringify(`<a ${resourceTypes.join(' or ')} resource>`);
    if (alternatives.every((a) => !a.properties)) return JSON.stringify(alternatives.map(scalarText).join(' | '));
    return alternatives.map((a) => sketch(a, depth, indent)).join(` |\n${indent}`);
  }
  const types = typesOf(s);
  if (s.properties || (types.includes('object') && s.additionalProperties === false)) {
    const entries = Object.entries((s.properties ?? {}) as Record<string, Schema>);
    if (!entries.length) return '{}';
    if (depth >= MAX_SKETCH_DEPTH) return '{ … }';
    const required = new Set<string>(s.required ?? []);
    const inner = `${indent}  `;
    const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(required.has(k) ? k : `${k}?`)}: ${sketch(v, depth + 1, inner)}`);
    const nullable = types.includes('null') ? ' | null' : '';
    return `{\n${lines.join(',\n')}\n${indent}}${nullable}`;
  }
  if (types.includes('object') && s.additionalProperties && typeof s.additionalProperties === 'object') {
    return `{ "<name>": ${sketch(s.additionalProperties as Schema, depth + 1, indent)} }`;
  }
  if (types.includes('array')) {
    const items = (s.items ?? {}) as Schema;
    if (items.properties && depth < MAX_SKETCH_DEPTH) {
      const inner = `${indent}  `;
      return `[\n${inner}${sketch(items, depth + 1, inner)}\n${indent}]`;
    }
    return `[${sketch(items, depth + 1, indent)}]`;
  }
  if (types.length === 1 && types[0] === 'null') return 'null';
  return JSON.stringify(scalarText(s));
}

function scalarText(s: Schema): string {
  if ('const' in s) return JSON.stringify(s.const);
  if (s.enum) return (s.enum as unknown[]).map((v) => (v === null ? 'null' : String(v))).join(' | ');
  const types = typesOf(s);
  if (!types.length) return s.properties ? 'object' : 'any';
  return types.map((t) => (t === 'string' && s.format ? s.format : t === 'object' ? 'object' : t)).join(' | ');
}

/** A table cell: pipes escaped, no line breaks. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}
