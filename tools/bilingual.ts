// The notebooks in two languages from one source each. `notebooks/src/<name>.ipynb` holds a
// notebook's code cells once and its prose twice, each markdown cell tagged
// `metadata.lang: "en"` or `"zh"` (English, then its Chinese); this writes the English edition
// `notebooks/<name>.ipynb` and the Chinese one `notebooks/zh/<name>.ipynb`, with the same code
// cells, so code and numbers cannot drift between the two.
//
//   deno task notebooks:editions            write both editions of every source
//   deno task notebooks:editions --check    fail if a written edition is stale
//   deno task notebooks:editions --adopt notebooks/09_x.ipynb
//                                           make a source of an English-only notebook, its
//                                           Chinese cells marked `needs_translation` to fill in

import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

/** A cell as nbformat 4 stores it. */
export interface SourceCell {
  readonly cell_type: string;
  readonly id?: string;
  readonly metadata: Record<string, unknown>;
  readonly source: string | readonly string[];
  readonly outputs?: readonly unknown[];
  readonly execution_count?: number | null;
}

/** A notebook as nbformat 4 stores it. */
export interface SourceNotebook {
  readonly cells: readonly SourceCell[];
  readonly metadata: Record<string, unknown>;
  readonly nbformat: number;
  readonly nbformat_minor: number;
}

/** The languages a source holds. */
export type Language = "en" | "zh";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Where the bilingual sources live. */
export const SOURCE_DIR: string = join(ROOT, "notebooks", "src");
/** Where the English edition is written. */
export const ENGLISH_DIR: string = join(ROOT, "notebooks");
/** Where the Chinese edition is written. */
export const CHINESE_DIR: string = join(ROOT, "notebooks", "zh");

function text(source: string | readonly string[]): string {
  return typeof source === "string" ? source : source.join("");
}

/** nbformat's own layout of a source: lines, each but the last ending in a newline. */
function lines(source: string): string[] {
  return source.split(/(?<=\n)/).filter((line) => line !== "");
}

/**
 * A code cell as the Chinese edition, one folder deeper, writes it: the same code, its paths
 * into the project (`"../mod.ts"`, `"data/…"`) one level up more.
 *
 * @param source The code.
 * @returns The code with its relative paths adjusted.
 *
 * @example
 * ```ts
 * import { deeperPaths } from "./bilingual.ts";
 * import assert from "assert";
 *
 * assert.equal(deeperPaths(`import { LSTM } from "../mod.ts";`), `import { LSTM } from "../../mod.ts";`);
 * assert.equal(deeperPaths(`Deno.readTextFileSync("data/x.json")`), `Deno.readTextFileSync("../data/x.json")`);
 * ```
 */
export function deeperPaths(source: string): string {
  return source.replaceAll(`"../`, `"../../`).replaceAll(`"data/`, `"../data/`);
}

/**
 * The edition of one language written from a bilingual source: its code cells and its prose in
 * that language, the language tags removed; the Chinese edition starts with
 * {@linkcode LANGUAGE_CELL}.
 *
 * @param source The bilingual notebook.
 * @param lang Which edition.
 * @returns The notebook of that edition.
 * @throws {TypeError} When a markdown cell has no language, or the two languages do not pair up.
 *
 * @example
 * ```ts
 * import { edition } from "./bilingual.ts";
 * import assert from "assert";
 *
 * const source = {
 *   cells: [
 *     { cell_type: "markdown", id: "a", metadata: { lang: "en" }, source: "# Hello" },
 *     { cell_type: "markdown", id: "a-zh", metadata: { lang: "zh" }, source: "# 你好" },
 *     { cell_type: "code", id: "b", metadata: {}, outputs: [], execution_count: null, source: `import "../mod.ts";` },
 *   ],
 *   metadata: {},
 *   nbformat: 4,
 *   nbformat_minor: 5,
 * };
 * const zh = edition(source, "zh");
 * assert.deepEqual(zh.cells.map((c) => c.source), [
 *   [`import { setLanguage } from "../../mod.ts";\n`, `setLanguage("zh");`],
 *   ["# 你好"],
 *   [`import "../../mod.ts";`],
 * ]);
 * assert.deepEqual(edition(source, "en").cells[0].metadata, {});
 * ```
 */
export function edition(source: SourceNotebook, lang: Language): SourceNotebook {
  checkPairs(source);
  const cells: SourceCell[] = [];
  for (const cell of source.cells) {
    if (cell.cell_type !== "markdown") {
      cells.push(
        lang === "en" ? cell : { ...cell, source: lines(deeperPaths(text(cell.source))) },
      );
      continue;
    }
    const { lang: cellLang, needs_translation: _, ...metadata } = cell.metadata;
    if (cellLang !== lang) continue;
    cells.push({ ...cell, metadata, source: lines(text(cell.source)) });
  }
  if (lang === "zh") cells.unshift(LANGUAGE_CELL);
  const about = source.metadata.paramlab as Record<string, unknown> | undefined;
  const metadata = lang === "en" || about === undefined
    ? source.metadata
    : { ...source.metadata, paramlab: { ...about, lang } };
  return { ...source, cells, metadata };
}

/**
 * The one code cell the Chinese edition adds, first: the library writes its explanations, its
 * drawings and the titles given with `t()` in Chinese.
 */
export const LANGUAGE_CELL: SourceCell = {
  cell_type: "code",
  id: "set-language-zh",
  metadata: {},
  outputs: [],
  execution_count: null,
  source: [`import { setLanguage } from "../../mod.ts";\n`, `setLanguage("zh");`],
};

/** Each English markdown cell is followed by its Chinese, and every markdown cell is tagged. */
function checkPairs(source: SourceNotebook): void {
  source.cells.forEach((cell, i) => {
    if (cell.cell_type !== "markdown") return;
    const lang = cell.metadata.lang;
    const where = `markdown cell ${i} (${cell.id ?? "no id"})`;
    if (lang !== "en" && lang !== "zh") {
      throw new TypeError(`${where} has metadata.lang ${JSON.stringify(lang)}, not "en" or "zh"`);
    }
    const partner = source.cells[lang === "en" ? i + 1 : i - 1];
    const expected = lang === "en" ? "zh" : "en";
    if (partner?.cell_type !== "markdown" || partner.metadata.lang !== expected) {
      throw new TypeError(`${where} (${lang}) is not paired with a ${expected} cell`);
    }
  });
}

/**
 * A bilingual source made from an English-only notebook: each markdown cell followed by a
 * Chinese one to write, a copy of the English marked `needs_translation`.
 *
 * @param english The English notebook.
 * @returns The source.
 *
 * @example
 * ```ts
 * import { adopt } from "./bilingual.ts";
 * import assert from "assert";
 *
 * const source = adopt({
 *   cells: [{ cell_type: "markdown", id: "a", metadata: {}, source: "# Hello" }],
 *   metadata: {},
 *   nbformat: 4,
 *   nbformat_minor: 5,
 * });
 * assert.deepEqual(source.cells.map((c) => [c.id, c.metadata]), [
 *   ["a", { lang: "en" }],
 *   ["a-zh", { lang: "zh", needs_translation: true }],
 * ]);
 * ```
 */
export function adopt(english: SourceNotebook): SourceNotebook {
  const cells = english.cells.flatMap((cell, i): SourceCell[] => {
    if (cell.cell_type !== "markdown") return [cell];
    const id = cell.id ?? `cell-${i}`;
    return [
      { ...cell, id, metadata: { ...cell.metadata, lang: "en" } },
      {
        ...cell,
        id: `${id}-zh`,
        metadata: { ...cell.metadata, lang: "zh", needs_translation: true },
      },
    ];
  });
  return { ...english, cells };
}

/** A notebook as nbformat writes it: one-space indents, a final newline. */
export function notebookJson(notebook: SourceNotebook): string {
  return JSON.stringify(notebook, null, 1) + "\n";
}

/**
 * The bilingual sources, by file name.
 *
 * @returns The sources' paths, sorted.
 */
export async function sources(): Promise<string[]> {
  const paths: string[] = [];
  for await (const entry of Deno.readDir(SOURCE_DIR)) {
    if (entry.isFile && entry.name.endsWith(".ipynb")) paths.push(join(SOURCE_DIR, entry.name));
  }
  return paths.sort();
}

/** What each edition of each source should hold, by the path it is written to. */
export async function expectedEditions(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const path of await sources()) {
    const source = JSON.parse(await Deno.readTextFile(path)) as SourceNotebook;
    files.set(join(ENGLISH_DIR, basename(path)), notebookJson(edition(source, "en")));
    files.set(join(CHINESE_DIR, basename(path)), notebookJson(edition(source, "zh")));
  }
  return files;
}

async function main(args: string[]): Promise<number> {
  const adoptAt = args.indexOf("--adopt");
  if (adoptAt !== -1) {
    const path = args[adoptAt + 1];
    if (path === undefined) {
      console.error("--adopt needs an English notebook");
      return 2;
    }
    const english = JSON.parse(await Deno.readTextFile(path)) as SourceNotebook;
    const target = join(SOURCE_DIR, basename(path));
    await Deno.writeTextFile(target, notebookJson(adopt(english)));
    console.log(`wrote ${target}: translate its cells marked needs_translation`);
    return 0;
  }
  const check = args.includes("--check");
  const stale: string[] = [];
  await Deno.mkdir(CHINESE_DIR, { recursive: true });
  for (const [path, content] of await expectedEditions()) {
    const current = await Deno.readTextFile(path).catch(() => undefined);
    if (current === content) continue;
    if (check) stale.push(path);
    else await Deno.writeTextFile(path, content);
  }
  if (stale.length > 0) {
    console.error(`stale, run \`deno task notebooks:editions\`:\n  ${stale.join("\n  ")}`);
    return 1;
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
