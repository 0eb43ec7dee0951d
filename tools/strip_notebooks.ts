/**
 * Strips outputs and execution counts from notebooks, so the committed notebooks hold only
 * what a person wrote: `deno task notebooks:strip [--check] [notebook.ipynb ...]`.
 *
 * With no paths it strips every `notebooks/*.ipynb`. With `--check` it changes nothing and
 * exits with 1 if a notebook still holds outputs.
 *
 * @module
 */

import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** A notebook cell as nbformat 4 stores it. */
export interface NotebookCell {
  /** `"code"`, `"markdown"` or `"raw"`. */
  readonly cell_type: string;
  /** The cell's text, whole or as lines. */
  readonly source: string | readonly string[];
  /** Cell metadata, e.g. `tags`. */
  readonly metadata?: Record<string, unknown>;
  /** Code cells only: what running the cell showed. */
  readonly outputs?: readonly Record<string, unknown>[];
  /** Code cells only: the run's number, `null` when not run. */
  readonly execution_count?: number | null;
  /** Any other field, kept as it is. */
  readonly [key: string]: unknown;
}

/** A notebook as nbformat 4 stores it. */
export interface Notebook {
  /** The cells, in order. */
  readonly cells: readonly NotebookCell[];
  /** Notebook metadata: the kernelspec and language. */
  readonly metadata: Record<string, unknown>;
  /** Always 4. */
  readonly nbformat: number;
  /** The minor format version. */
  readonly nbformat_minor: number;
}

/** Cell metadata that only records a run (nbclient's timings), never authored. */
const RUN_METADATA = ["execution", "ExecuteTime"];

/**
 * Returns the notebook without outputs, execution counts and run timings. Everything else,
 * including cell ids and tags, is kept.
 *
 * @param notebook A parsed notebook.
 * @returns A stripped copy; the argument is not changed.
 *
 * @example Outputs and counts go, sources stay
 * ```ts
 * import { stripNotebook } from "./strip_notebooks.ts";
 * import assert from "assert";
 *
 * const stripped = stripNotebook({
 *   cells: [{
 *     cell_type: "code",
 *     source: "1 + 1",
 *     metadata: {},
 *     execution_count: 1,
 *     outputs: [{ output_type: "execute_result", data: { "text/plain": "2" } }],
 *   }],
 *   metadata: {},
 *   nbformat: 4,
 *   nbformat_minor: 5,
 * });
 * assert.deepEqual(stripped.cells[0].outputs, []);
 * assert.equal(stripped.cells[0].execution_count, null);
 * assert.equal(stripped.cells[0].source, "1 + 1");
 * ```
 */
export function stripNotebook(notebook: Notebook): Notebook {
  return {
    ...notebook,
    cells: notebook.cells.map((cell) => {
      const metadata = { ...cell.metadata };
      for (const key of RUN_METADATA) delete metadata[key];
      if (cell.cell_type !== "code") return { ...cell, metadata };
      return { ...cell, metadata, outputs: [], execution_count: null };
    }),
  };
}

/**
 * Tells whether a notebook holds no outputs, execution counts or run timings.
 *
 * @param notebook A parsed notebook.
 * @returns `true` when {@linkcode stripNotebook} would change nothing.
 *
 * @example An executed cell is not stripped
 * ```ts
 * import { isStripped } from "./strip_notebooks.ts";
 * import assert from "assert";
 *
 * const cell = { cell_type: "code", source: "1 + 1", metadata: {}, outputs: [] };
 * const notebook = { metadata: {}, nbformat: 4, nbformat_minor: 5 };
 * assert.equal(isStripped({ ...notebook, cells: [{ ...cell, execution_count: null }] }), true);
 * assert.equal(isStripped({ ...notebook, cells: [{ ...cell, execution_count: 3 }] }), false);
 * ```
 */
export function isStripped(notebook: Notebook): boolean {
  return serializeNotebook(stripNotebook(notebook)) === serializeNotebook(notebook);
}

/**
 * Writes a notebook the way Jupyter does: keys sorted, one-space indent, final newline, so
 * saving from JupyterLab and stripping here give the same bytes.
 *
 * @param notebook A parsed notebook.
 * @returns The file's text.
 *
 * @example Keys come out sorted
 * ```ts
 * import { serializeNotebook } from "./strip_notebooks.ts";
 * import assert from "assert";
 *
 * const text = serializeNotebook({ nbformat_minor: 5, nbformat: 4, metadata: {}, cells: [] });
 * assert.equal(text, '{\n "cells": [],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n');
 * ```
 */
export function serializeNotebook(notebook: Notebook): string {
  return JSON.stringify(sortKeys(notebook), null, 1) + "\n";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value).sort().map((
      key,
    ) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/**
 * The committed notebooks: every `notebooks/*.ipynb` of the project, sorted by name.
 *
 * @returns Absolute paths.
 *
 * @example Every committed notebook is a .ipynb file
 * ```ts
 * import { committedNotebooks } from "./strip_notebooks.ts";
 * import assert from "assert";
 *
 * for (const path of await committedNotebooks()) assert.match(path, /\.ipynb$/);
 * ```
 */
export async function committedNotebooks(): Promise<string[]> {
  const folder = fileURLToPath(new URL("../notebooks/", import.meta.url));
  const paths: string[] = [];
  for await (const entry of Deno.readDir(folder)) {
    if (entry.isFile && entry.name.endsWith(".ipynb")) paths.push(join(folder, entry.name));
  }
  return paths.sort((a, b) => basename(a).localeCompare(basename(b)));
}

/**
 * The committed notebooks of both editions, in reading order: each English notebook followed by
 * its Chinese edition in `notebooks/zh/`, where there is one.
 *
 * @returns Absolute paths.
 *
 * @example The overview comes in both languages
 * ```ts
 * import { committedEditions } from "./strip_notebooks.ts";
 * import assert from "assert";
 *
 * const paths = await committedEditions();
 * const overview = paths.findIndex((p) => p.endsWith("/notebooks/00_overview.ipynb"));
 * assert.ok(paths[overview + 1].endsWith("/notebooks/zh/00_overview.ipynb"));
 * ```
 */
export async function committedEditions(): Promise<string[]> {
  const paths: string[] = [];
  for (const english of await committedNotebooks()) {
    paths.push(english);
    const chinese = join(dirname(english), "zh", basename(english));
    try {
      if ((await Deno.stat(chinese)).isFile) paths.push(chinese);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return paths;
}

/**
 * Reads and parses a notebook file.
 *
 * @param path The `.ipynb` file.
 * @returns The parsed notebook.
 *
 * @example Reading the overview notebook
 * ```ts
 * import { readNotebook } from "./strip_notebooks.ts";
 * import assert from "assert";
 *
 * const notebook = await readNotebook(new URL("../notebooks/00_overview.ipynb", import.meta.url));
 * assert.equal(notebook.nbformat, 4);
 * ```
 */
export async function readNotebook(path: string | URL): Promise<Notebook> {
  return JSON.parse(await Deno.readTextFile(path)) as Notebook;
}

async function main(args: string[]): Promise<number> {
  const check = args.includes("--check");
  const given = args.filter((arg) => arg !== "--check");
  const paths = given.length > 0 ? given : await committedNotebooks();
  const unstripped: string[] = [];
  for (const path of paths) {
    const notebook = await readNotebook(path);
    if (isStripped(notebook)) continue;
    unstripped.push(relative(Deno.cwd(), path));
    if (!check) await Deno.writeTextFile(path, serializeNotebook(stripNotebook(notebook)));
  }
  if (unstripped.length === 0) {
    console.log(`${paths.length} notebook(s) already stripped.`);
    return 0;
  }
  if (check) {
    console.error(`Notebooks with outputs: ${unstripped.join(", ")}`);
    console.error("Run `deno task notebooks:strip` before committing.");
    return 1;
  }
  console.log(`Stripped ${unstripped.join(", ")}.`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
