// What several test files share: a replayable fast-check seed, TensorFlow.js on its CPU
// backend without its "running in Node.js" banner (loaded only by the files that ask for it),
// a gzipped JSON fixture read whole, and a Deno subprocess whose output is read as text.

import type * as Tfjs from "@tensorflow/tfjs";

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
export async function tfjsForTests(): Promise<typeof Tfjs> {
  const tf = await import("@tensorflow/tfjs");
  tf.env().set("IS_TEST", true);
  await tf.setBackend("cpu");
  return tf;
}

/** A layer's row as the Keras oracles record it: its name, class and count. */
export interface KerasRow {
  readonly name: string;
  readonly class_name: string;
  readonly params: number;
}

/** What the Keras oracles record of a model: its rows, its totals and its printed summary. */
export interface KerasRecord {
  readonly layers: readonly KerasRow[];
  readonly total: number;
  readonly trainable: number;
  readonly non_trainable: number;
  readonly summary: string;
}

/** A gzipped JSON fixture (the oracles' `*.json.gz` records), read and parsed. */
export async function readGzipJson<T>(url: URL): Promise<T> {
  const bytes = await Deno.readFile(url);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(stream).text());
}

/** What a subprocess printed, and how it exited. */
export interface RunOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs Deno with `args`, on `stdin` when given (else no input), and reads its output as text.
 *
 * @param args Deno's arguments, e.g. `["run", "--allow-read", tool, file]`.
 * @param options The input; the folder to run in; the whole environment, when it must not be
 * this process's.
 */
export async function runDeno(
  args: string[],
  options: { stdin?: string; cwd?: string; env?: Record<string, string> } = {},
): Promise<RunOutput> {
  const { stdin, cwd, env } = options;
  const child = new Deno.Command(Deno.execPath(), {
    args,
    ...(cwd === undefined ? {} : { cwd }),
    ...(env === undefined ? {} : { clearEnv: true, env }),
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const out = await child.output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}
