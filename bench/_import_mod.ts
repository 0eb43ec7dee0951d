// What bench/import_cost.ts times in a fresh process: loading the public module, nothing else.
import "../mod.ts";
