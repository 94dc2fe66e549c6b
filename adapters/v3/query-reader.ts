import { invalid, type FieldError } from '../../src/core/errors';
import type { QuerySchema } from '../../src/http/dialect';
import { compile } from '../../src/http/validator';
import type { Query } from './query';

/** All lower case, or a JSON:API family like `page[size]`: names the specification keeps for itself. */
const RESERVED_NAME = /^[a-z]+(\[.*\])?$/;

/**
 * A reader for one endpoint's query: unknown parameters are refused first, saying why (JSON:API
 * reserves lower-case names, so we may not guess at them), then the schema checks the values.
 */
export function queryReader<T extends Query = Query>(schema: QuerySchema): (query: unknown) => T {
  const validate = compile<T>(schema, { source: 'query' });
  const known = new Set(Object.keys(schema.properties ?? {}));
  return (query) => {
    const unknown: FieldError[] = Object.keys(typeof query === 'object' && query !== null ? query : {})
      .filter((name) => !known.has(name))
      .map((name) => ({
        field: name,
        parameter: name,
        message: RESERVED_NAME.test(name)
          ? 'is reserved by JSON:API and not supported by this endpoint'
          : 'is not a parameter this endpoint knows',
      }));
    if (unknown.length) throw invalid(unknown, 'A query parameter is not valid');
    return validate(query);
  };
}
