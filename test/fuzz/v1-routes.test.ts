// Property-based fuzzing of every v1 route (see support/run.ts for what is checked).
import { fuzzDialect } from './support/run';

fuzzDialect('v1', 800);
