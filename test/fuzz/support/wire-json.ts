// JSON text the fuzzer sends. Plain values go through as JSON; `Raw` pieces are written verbatim
// (numbers like 1e400, nesting too deep to build as objects) and `RawObject` keeps duplicate keys
// and `__proto__` as the client wrote them.

export class Raw {
  constructor(readonly text: string) {}
}

export class RawObject {
  constructor(readonly entries: [string, unknown][]) {}
}

export function toJsonText(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof RawObject) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}:${toJsonText((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A copy of `target` with the value at `path` replaced by `update(old)`; own `__proto__` keys stay own keys. */
function updateAt(target: unknown, path: (string | number)[], update: (old: unknown) => unknown): unknown {
  if (!path.length) return update(target);
  const [head, ...rest] = path;
  if (Array.isArray(target)) return target.map((item, i) => (i === head ? updateAt(item, rest, update) : item));
  const out: Record<string, unknown> = {};
  const source = target as Record<string, unknown>;
  for (const k of Object.keys(source)) define(out, k, k === head ? updateAt(source[k], rest, update) : source[k]);
  return out;
}

/** A copy of `target` with `value` at `path`. */
export function setAt(target: unknown, path: (string | number)[], value: unknown): unknown {
  return updateAt(target, path, () => value);
}

/** A copy of `target` whose object at `path` lacks `key`. */
export function removeAt(target: unknown, path: (string | number)[], key: string): unknown {
  return updateAt(target, path, (obj) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj as object)) if (k !== key) define(out, k, v);
    return out;
  });
}

/** An own, enumerable property even for `__proto__`. */
export function define(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
