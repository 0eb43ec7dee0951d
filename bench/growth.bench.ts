// One LSTM with units = features = 10, 100, 1,000 and 4,096: paramlab's cost stays flat while
// TF.js's grows with the weights. Run with `deno task bench`; `bench/report.ts` times the same
// cases for BENCHMARKS.md.

import { growthCases, registerCases } from "./_cases.ts";

registerCases(growthCases());
