// What the oracle scripts (oracle.ts, macs_oracle.ts, graphs_oracle.ts) share: the venv's Python,
// a failure that names the script and stops it, a child process that must succeed, and a seed
// that can be replayed. Each message starts with the script's label, e.g. "oracle:macs".

/** The venv with real Keras 3 that .ci/run builds. */
export const PYTHON = ".venv/bin/python";

/**
 * Prints `label: message` and exits with status 1.
 *
 * @param label The script's label, e.g. `"oracle:macs"`.
 * @param message What went wrong.
 */
export function fail(label: string, message: string): never {
  console.error(`${label}: ${message}`);
  Deno.exit(1);
}

/**
 * Runs a command with the terminal's output, and fails when it exits with a status other than 0.
 *
 * @param label The script's label, for the failure.
 * @param command The program.
 * @param args Its arguments.
 * @param env Variables added to the environment.
 *
 * @example
 * ```ts
 * import { run } from "./_run.ts";
 *
 * await run("example", Deno.execPath(), ["eval", "1"], {});
 * ```
 */
export async function run(
  label: string,
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<void> {
  const { code } = await new Deno.Command(command, { args, env, stdin: "null" }).spawn().status;
  if (code !== 0) fail(label, `${command} ${args.join(" ")} exited with ${code}`);
}

/**
 * Fails when the venv's Python is missing.
 *
 * @param label The script's label, for the failure.
 * @param how How to make the venv.
 */
export function requirePython(label: string, how: string): void {
  try {
    Deno.statSync(PYTHON);
  } catch {
    fail(label, `${PYTHON} is missing: ${how}`);
  }
}

/**
 * The seed a run replays, or a fresh one below 2³¹.
 *
 * @param variable The environment variable that holds a seed to replay.
 * @returns The seed, as the scripts pass it on.
 *
 * @example
 * ```ts
 * import { freshSeed } from "./_run.ts";
 * import assert from "assert";
 *
 * assert.match(freshSeed("PARAMLAB_EXAMPLE_SEED_NOT_SET"), /^\d+$/);
 * ```
 */
export function freshSeed(variable: string): string {
  return Deno.env.get(variable) ??
    String(crypto.getRandomValues(new Uint32Array(1))[0] >>> 1);
}
