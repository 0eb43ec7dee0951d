/**
 * HTML escaping for everything the library shows as HTML: layer names are user input.
 *
 * @module
 */
import { expectString } from "./guard.ts";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for use in HTML element content and in quoted attribute values.
 *
 * @param text Any text, for example a layer name.
 * @returns The text with `&`, `<`, `>`, `"` and `'` replaced by entities.
 *
 * @example Escaping a hostile layer name
 * ```ts
 * import { escapeHtml } from "./html.ts";
 * import assert from "assert";
 *
 * assert.equal(
 *   escapeHtml('<img src=x onerror="alert(1)">'),
 *   "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;",
 * );
 * ```
 */
export function escapeHtml(text: string): string {
  expectString("escapeHtml", "its text", text);
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
