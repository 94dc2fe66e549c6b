// The dialects iamgate serves: one import line and one list entry each. Everything else (routes,
// validation, OpenAPI documents, /docs, CORS headers, scope spellings) is read from the dialect.
import { dialect as v1 } from '../adapters/v1';
import { dialect as v2 } from '../adapters/v2';
import { dialect as v3 } from '../adapters/v3';
import type { Dialect } from './http/dialect';

export const DIALECTS: Dialect[] = [v1, v2, v3];
