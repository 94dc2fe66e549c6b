// Property-based fuzzing of every v2 route (see support/run.ts for what is checked).
import { fuzzDialect } from './support/run';

fuzzDialect('v2', 800);
