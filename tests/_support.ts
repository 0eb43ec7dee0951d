// What several test files share: a replayable fast-check seed, and TensorFlow.js on its CPU
// backend without its "running in Node.js" banner.

import * as tf from "@tensorflow/tfjs";

/**
 * The fast-check seed for a test file: PARAMLAB_SEED when it is set and readable, otherwise a
 * fresh one. It is printed, so a failing run can be replayed with PARAMLAB_SEED=<seed>.
 */
export function replaySeed(file: string): number {
  const env = Deno.permissions.querySync({ name: "env", variable: "PARAMLAB_SEED" });
  const given = env.state === "granted" ? Deno.env.get("PARAMLAB_SEED") : undefined;
  const seed = Number(given ?? Math.floor(Math.random() * 2 ** 31));
  console.log(`${file}: fast-check seed ${seed} (replay with PARAMLAB_SEED=${seed})`);
  return seed;
}

/**
 * TensorFlow.js, set up for tests: CPU backend, and no "install tfjs-node" banner (which its CPU
 * backend prints in Node-like runtimes unless testing).
 */
export async function tfjsForTests(): Promise<typeof tf> {
  tf.env().set("IS_TEST", true);
  await tf.setBackend("cpu");
  return tf;
}
