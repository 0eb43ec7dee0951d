// The 1,000,000-point units × features sweep (the heatmap's data) and Dense stacks of up to
// 10,000 layers. Run with `deno task bench`; `bench/report.ts` times the same cases for
// BENCHMARKS.md.

import { registerCases, scaleCases } from "./_cases.ts";

registerCases(scaleCases());
