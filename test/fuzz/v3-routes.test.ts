// Property-based fuzzing of every v3 (JSON:API) route (see support/run.ts for what is checked).
import { fuzzDialect } from './support/run';

fuzzDialect('v3', 800);
