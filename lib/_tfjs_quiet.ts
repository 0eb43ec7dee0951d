// TF.js's CPU backend prints, on its first tensor in Node.js or Deno, a banner suggesting the
// native tfjs-node backend ("Hi, looks like you are running TensorFlow.js in Node.js…"). It is
// advice, not a warning about the caller's code, and the CPU backend is plenty for the models
// here; in a notebook it shows as a red stderr box. TF.js has no switch for this banner alone
// (its PROD flag also turns off correctness checks), so mark the backend's first use as past.

/** The part of the TF.js namespace this needs. */
interface BackendRegistry {
  findBackend(name: string): unknown;
  engine(): unknown;
}

type Factory = () => unknown;

function markUsed(backend: unknown): unknown {
  const cpu = backend as { firstUse?: boolean } | null;
  if (cpu !== null && typeof cpu === "object" && typeof cpu.firstUse === "boolean") {
    cpu.firstUse = false;
  }
  return backend;
}

/**
 * Silences the CPU backend's one-time tfjs-node banner, once the namespace is loaded.
 *
 * @param tf The TF.js namespace.
 *
 * @example The first tensor prints no banner
 * ```ts
 * import { tf } from "./tfjs.ts";
 * import assert from "assert";
 *
 * const warnings: unknown[] = [];
 * const warn = console.warn;
 * console.warn = (...args: unknown[]) => warnings.push(args);
 * try {
 *   await tf.setBackend("cpu");
 *   tf.tensor([1, 2]).dispose();
 * } finally {
 *   console.warn = warn;
 * }
 * assert.ok(!warnings.some((w) => String(w).includes("looks like you are running")));
 * ```
 */
export function quietCpuBackend(tf: BackendRegistry): void {
  // The engine makes a fresh CPU backend whenever it picks one without setBackend("cpu"), so
  // every backend its factory makes is marked, as well as one made already.
  const registry = (tf.engine() as { registryFactory?: Record<string, { factory: Factory }> })
    .registryFactory;
  const entry = registry?.cpu;
  if (entry !== undefined) {
    const make = entry.factory;
    entry.factory = () => markUsed(make());
  }
  markUsed(tf.findBackend("cpu"));
}
