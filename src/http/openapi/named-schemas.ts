// The schemas a dialect names, as `components.schemas`: wherever the document holds one of those
// very objects (the tables share them by reference: one `account` in every account response), it
// refers to the component instead, so a generated client gets one type per resource, not one per
// operation. Nothing is changed in place: the schemas are the validators' too.

export interface NamedDocument {
  /** The document, every named schema in it replaced by a `$ref`. */
  document: Record<string, unknown>;
  /** The named schemas the document refers to (directly or through another), in the order given. */
  schemas: Record<string, object>;
}

/** `always`: names the document refers to by hand (`Error`, from the error responses). */
export function withNamedSchemas(document: Record<string, unknown>, named: Record<string, object>, always: string[] = []): NamedDocument {
  const nameOf = new Map<object, string>();
  for (const [name, schema] of Object.entries(named)) {
    if (nameOf.has(schema)) throw new Error(`OpenAPI: ${name} and ${nameOf.get(schema)} are the same schema`);
    nameOf.set(schema, name);
  }
  const used = new Set<string>(always);
  const copy = (value: unknown, own?: object): unknown => {
    if (Array.isArray(value)) return value.map((v) => copy(v));
    if (value === null || typeof value !== 'object') return value;
    const name = value === own ? undefined : nameOf.get(value);
    if (name !== undefined) {
      used.add(name);
      return { $ref: `#/components/schemas/${name}` };
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  };
  const out = copy(document) as Record<string, unknown>;
  // A named schema may hold others: copying it can add names, so go on until none is new.
  const copies = new Map<string, object>();
  for (let pending = [...used]; pending.length; pending = [...used].filter((n) => !copies.has(n))) {
    for (const name of pending) {
      if (!named[name]) throw new Error(`OpenAPI: no schema is named ${name}`);
      copies.set(name, copy(named[name], named[name]) as object);
    }
  }
  const schemas = Object.fromEntries(
    Object.keys(named)
      .filter((n) => copies.has(n))
      .map((n) => [n, copies.get(n)!]),
  );
  return { document: out, schemas };
}
