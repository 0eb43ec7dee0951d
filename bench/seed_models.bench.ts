// Build + paramCount() + summary() of every seed model, paramlab against TensorFlow.js. Run with
// `deno task bench`; `bench/report.ts` times the same cases for BENCHMARKS.md.

import { registerCases, seedCases } from "./_cases.ts";

registerCases(seedCases());
