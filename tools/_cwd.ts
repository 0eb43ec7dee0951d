// Where a command-line path is meant from. `deno task` runs a task in the folder of its
// deno.json and records the folder it was started from in INIT_CWD; a path a user types is
// meant from there.

/**
 * A path as the user meant it: relative to the folder `deno task` was started from.
 *
 * @param path The path typed.
 * @param env Where INIT_CWD is read (for tests).
 * @returns An absolute path, or the path itself when it is absolute or no INIT_CWD is set.
 *
 * @example
 * ```ts
 * import { resolveFromCaller } from "./_cwd.ts";
 * import assert from "assert";
 *
 * const env = { get: (_key: string) => "/home/me/project" };
 * assert.equal(resolveFromCaller("summary.txt", env), "/home/me/project/summary.txt");
 * assert.equal(resolveFromCaller("/tmp/summary.txt", env), "/tmp/summary.txt");
 * ```
 */
export function resolveFromCaller(
  path: string,
  env: { get(key: string): string | undefined } = Deno.env,
): string {
  if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path)) return path;
  let base: string | undefined;
  try {
    base = env.get("INIT_CWD");
  } catch {
    base = undefined; // No --allow-env: the path stays relative to the working folder.
  }
  if (!base) return path;
  return `${base.replace(/[\\/]+$/, "")}/${path}`;
}
