import assert from "assert";
import { Bidirectional, Dense, LSTM, Sequential, setLanguage, t, TimeDistributed } from "../mod.ts";
import { FRAME_WORDS } from "../lib/explain/sentences.ts";

/** Runs `fn` with Chinese on, and English back afterwards whatever happens. */
function inChinese<T>(fn: () => T): T {
  setLanguage("zh");
  try {
    return fn();
  } finally {
    setLanguage("en");
  }
}

const han = (s: string) => [...s].filter((c) => /\p{Script=Han}/u.test(c)).length;

Deno.test('setLanguage("zh"): an LSTM explains itself in Chinese, text, HTML and drawing', () => {
  const lstm = () => new LSTM({ units: 5, inputShape: [400, 13] });
  const english = lstm().explain();
  const before = [String(english), english.toHtml()];
  const [text, html, svg] = inChinese(() => {
    const e = lstm().explain();
    return [String(e), e.toHtml(), e.svg()];
  });
  // The words a reader of the seed documents knows: 参数, 门, 可训练, 遗忘门, 时间步 …
  for (
    const word of [
      "个参数，全部可训练",
      "权重：",
      "公式：",
      "其中 n = 13（输入特征数）",
      "门：",
      "遗忘门",
      "原因：",
      "时间步",
      "计算量：",
    ]
  ) {
    assert.ok(text.includes(word), `the text lacks ${word}:\n${text}`);
  }
  for (const word of ["形状", "含义", "遗忘门", "输入门、遗忘门、候选值、输出门", "每个样本"]) {
    assert.ok(html.includes(word), `the HTML lacks ${word}`);
  }
  for (const word of ["遗忘门", "可训练", "个参数"]) {
    assert.ok(svg.includes(word), `the SVG lacks ${word}`);
  }
  // Numbers, formulas and Keras's names stay: 4 × ((n + m) × m + m) = 4 × ((13 + 5) × 5 + 5) = 380.
  assert.ok(text.includes("4 × ((13 + 5) × 5 + 5) = 380"));
  assert.ok(text.includes("recurrent_kernel") && text.includes("(LSTM)"));
  // Nothing left half-translated: no English word of the layout, no English sentence of why.
  let checked = 0;
  for (const [key, en] of FRAME_WORDS) {
    const pattern = new RegExp(`(^|[^\\w])${en.replace(/[()]/g, "\\$&")}($|[^\\w])`);
    assert.ok(!pattern.test(text), `${key}: "${en}" is left in the text`);
    const body = html.replace(/<[^>]*>/g, " ");
    assert.ok(!pattern.test(body), `${key}: "${en}" is left in the HTML`);
    checked++;
  }
  assert.ok(checked >= 25, `${checked} words checked`);
  const whys = String(english).split("\n").filter((l) => l.trim().startsWith("why: "));
  assert.equal(whys.length, 3);
  for (const line of text.split("\n").filter((l) => l.trim().startsWith("原因："))) {
    assert.ok(han(line) >= 20, `a why left in English: ${line}`);
    assert.ok(!/[a-z]{3,} [a-z]{3,} [a-z]{3,}/.test(line), `three English words in a row: ${line}`);
  }
  // English is back, byte for byte, when the language is set back.
  const after = lstm().explain();
  assert.deepEqual([String(after), after.toHtml()], before);
  assert.match(before[0], /380 parameters, all trainable/);
});

Deno.test('setLanguage("zh"): wrappers and a model say their relation in Chinese', () => {
  const text = inChinese(() =>
    [
      new Bidirectional({ layer: new LSTM({ units: 2 }), inputShape: [3, 2] }).explain(),
      new TimeDistributed({ layer: new Dense({ units: 5 }), inputShape: [3, 13] }).explain(),
      new Sequential([new Dense({ units: 5, inputShape: [13] })]).explain(),
    ].map(String).join("\n")
  );
  for (
    const word of [
      "内层（两份，正向与反向）：",
      "各有自己的权重：两倍的 40",
      "内层（一份，所有时间步共用）：",
      "由全部 3 个时间步共用",
      '模型 "',
      "正向 96 + 反向 96",
    ]
  ) {
    assert.ok(text.includes(word), `lacks ${word}:\n${text}`);
  }
});

Deno.test("t() picks the title in the language set, and setLanguage refuses others", () => {
  const title = { en: "LSTM parameters against units", zh: "LSTM 参数量随单元数的变化" };
  assert.equal(t(title), title.en);
  assert.equal(inChinese(() => t(title)), title.zh);
  assert.throws(() => setLanguage("fr" as never), RangeError);
  assert.equal(t(title), title.en);
});
