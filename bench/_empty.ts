// bench/import_cost.ts's baseline: a fresh Deno process that loads nothing.
export {};
