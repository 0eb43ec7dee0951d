/**
 * The language the library writes its explanations and drawings in: English by default, Chinese
 * after `setLanguage("zh")` (what the Chinese edition of the notebooks does in its first cell).
 * Numbers, formulas, Keras class names and weight names stay as they are in both.
 *
 * @module
 */
import { expectObject } from "./guard.ts";

/** The languages the library writes. */
export type Language = "en" | "zh";

let current: Language = "en";

/**
 * Sets the language explanations (text, HTML, drawing) and figure titles given with `t()` are
 * written in, for everything that follows.
 *
 * @param lang `"en"` (the default) or `"zh"`.
 * @throws {RangeError} For any other language.
 *
 * @example
 * ```ts
 * import { currentLanguage, setLanguage } from "./language.ts";
 * import assert from "assert";
 *
 * setLanguage("zh");
 * assert.equal(currentLanguage(), "zh");
 * setLanguage("en");
 * assert.throws(() => setLanguage("fr" as never), RangeError);
 * ```
 */
export function setLanguage(lang: Language): void {
  if (lang !== "en" && lang !== "zh") {
    throw new RangeError(`setLanguage takes "en" or "zh", received ${JSON.stringify(lang)}`);
  }
  current = lang;
}

/**
 * The language set by {@linkcode setLanguage}.
 *
 * @returns `"en"` unless set otherwise.
 *
 * @example
 * ```ts
 * import { currentLanguage } from "./language.ts";
 * import assert from "assert";
 *
 * assert.equal(currentLanguage(), "en");
 * ```
 */
export function currentLanguage(): Language {
  return current;
}

/**
 * A text written in both languages, picked in the current one: for a figure title in notebook
 * code that is the same in both editions.
 *
 * @param words The English and the Chinese.
 * @returns The one in the current language.
 *
 * @example
 * ```ts
 * import { setLanguage, t } from "./language.ts";
 * import assert from "assert";
 *
 * const title = { en: "LSTM parameters", zh: "LSTM 的参数" };
 * assert.equal(t(title), "LSTM parameters");
 * setLanguage("zh");
 * assert.equal(t(title), "LSTM 的参数");
 * setLanguage("en");
 * ```
 */
export function t(words: { readonly en: string; readonly zh: string }): string {
  expectObject("t", "its words", words, "words in both languages ({ en, zh })");
  return words[current];
}
