// The two editions of the notebooks (tools/bilingual.ts): one bilingual source each in
// notebooks/src/, the English edition in notebooks/ and the Chinese one in notebooks/zh/.

import assert from "assert";
import { basename, join } from "node:path";
import {
  CHINESE_DIR,
  ENGLISH_DIR,
  expectedEditions,
  type SourceNotebook,
  sources,
} from "../tools/bilingual.ts";
import { committedNotebooks, isStripped, readNotebook } from "../tools/strip_notebooks.ts";

const text = (source: string | readonly string[]) =>
  typeof source === "string" ? source : source.join("");

async function read(path: string): Promise<SourceNotebook> {
  return JSON.parse(await Deno.readTextFile(path)) as SourceNotebook;
}

Deno.test("the written editions are what their sources give (run `deno task notebooks:editions`)", async () => {
  const expected = await expectedEditions();
  assert.ok(expected.size >= 18, `${expected.size} editions`);
  const stale: string[] = [];
  for (const [path, content] of expected) {
    const current = await Deno.readTextFile(path).catch(() => "");
    if (current !== content) stale.push(path);
  }
  assert.deepEqual(stale, [], "stale editions: run `deno task notebooks:editions`");
});

Deno.test("every notebook has a Chinese edition with the same file name", async () => {
  const english = (await committedNotebooks()).map((p) => basename(p));
  assert.ok(english.length >= 9);
  for (const name of english) {
    const chinese = join(CHINESE_DIR, name);
    const stat = await Deno.stat(chinese).catch(() => undefined);
    assert.ok(
      stat?.isFile,
      `${name} has no Chinese edition: \`deno task notebooks:editions --adopt notebooks/${name}\`, ` +
        "translate the cells marked needs_translation, then `deno task notebooks:editions`",
    );
  }
});

Deno.test("both editions run the same code: the Chinese only reaches one folder further up", async () => {
  // Undoing the one change the Chinese edition makes, by hand: paths one level deeper.
  const shallower = (code: string) =>
    code.replaceAll(`"../../`, `"../`).replaceAll(`"../data/`, `"data/`);
  let cells = 0;
  for (const path of await sources()) {
    const en = await read(join(ENGLISH_DIR, basename(path)));
    let zh = await read(join(CHINESE_DIR, basename(path)));
    const code = (nb: SourceNotebook) => nb.cells.filter((c) => c.cell_type === "code");
    // The one cell the Chinese edition adds, first of all: setLanguage("zh").
    const [first, ...rest] = zh.cells;
    assert.equal(first.cell_type, "code", basename(path));
    assert.equal(
      text(first.source),
      `import { setLanguage } from "../../mod.ts";\nsetLanguage("zh");`,
    );
    zh = { ...zh, cells: rest };
    assert.equal(code(zh).length, code(en).length, basename(path));
    code(en).forEach((cell, i) => {
      assert.equal(
        shallower(text(code(zh)[i].source)),
        text(cell.source),
        `${basename(path)} #${i}`,
      );
      cells++;
    });
    assert.ok(isStripped(await readNotebook(join(CHINESE_DIR, basename(path)))));
    const kernel = zh.metadata.kernelspec as { name?: string };
    assert.equal(kernel.name, "deno");
  }
  assert.ok(cells >= 100, `${cells} code cells compared`);
});

Deno.test("the Chinese edition's prose is Chinese, cell for cell, with the documents' Python unchanged", async () => {
  const python = (nb: SourceNotebook) =>
    nb.cells.filter((c) => c.cell_type === "markdown")
      .flatMap((c) => [...text(c.source).matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]));
  let prose = 0;
  for (const path of await sources()) {
    const source = await read(path);
    const markdown = source.cells.filter((c) => c.cell_type === "markdown");
    const en = markdown.filter((c) => c.metadata.lang === "en");
    const zh = markdown.filter((c) => c.metadata.lang === "zh");
    assert.equal(zh.length, en.length, `${basename(path)}: a Chinese cell for every English one`);
    for (const cell of zh) {
      assert.ok(!cell.metadata.needs_translation, `${basename(path)}: ${cell.id} is untranslated`);
      const han = [...text(cell.source)].filter((c) => /\p{Script=Han}/u.test(c)).length;
      assert.ok(han >= 2, `${basename(path)}: ${cell.id} has no Chinese: ${text(cell.source)}`);
      prose++;
    }
    const zhEdition = await read(join(CHINESE_DIR, basename(path)));
    const enEdition = await read(join(ENGLISH_DIR, basename(path)));
    assert.deepEqual(python(zhEdition), python(enEdition), `${basename(path)}: the Python shown`);
    assert.equal((zhEdition.metadata.paramlab as { lang?: string }).lang, "zh");
  }
  assert.ok(prose >= 100, `${prose} Chinese cells`);
});
