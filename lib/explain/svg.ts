/**
 * A drawing of a layer's weights as a plain SVG string: each tensor a rectangle with its shape on
 * its sides and its count inside, the named blocks (gates, heads, groups) as labelled bands,
 * frozen tensors hatched, with a legend. Colours are the Okabe–Ito palette, which colour-blind
 * readers can tell apart, and every band also has a label and its own pattern, so nothing is
 * said by colour alone. Text has a halo, so it reads on light and dark backgrounds alike.
 * Everything shown is escaped: a layer's name is user input.
 *
 * @module
 */

import { currentLanguage } from "../language.ts";
import { escapeHtml } from "../html.ts";
import type { ExplanationData } from "./data.ts";
import { type Band, type TensorDrawing, type WeightDrawing, weightDrawing } from "./drawing.ts";
import { bandName, type DrawingLanguage, drawingWords } from "./words.ts";
import { expectArray, expectString, expectWith } from "../guard.ts";

/** How a drawing is written. */
export interface SvgOptions {
  /**
   * The language of its words: the heading, the gates', heads' and groups' names, the legend.
   * The weights' descriptions come from the kind declarations, in English; a Chinese drawing
   * leaves them out.
   * @default {currentLanguage()}
   */
  readonly lang?: DrawingLanguage;
}

/** The Okabe–Ito colours (without black), in their usual order. */
export const OKABE_ITO: readonly string[] = [
  "#E69F00",
  "#56B4E9",
  "#009E73",
  "#F0E442",
  "#0072B2",
  "#D55E00",
  "#CC79A7",
];

/** A rendered part of a drawing and its size, for stacking drawings. */
export interface SvgPart {
  /** The SVG elements, drawn from (0, 0). */
  readonly body: string;
  /** Its width in pixels. */
  readonly width: number;
  /** Its height in pixels. */
  readonly height: number;
}

const FONT = `font-family="system-ui, 'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', ` +
  `'Microsoft YaHei', sans-serif"`;
const TEXT = `fill="#1b1b1b" stroke="#ffffff" stroke-width="3" paint-order="stroke" ` +
  `stroke-linejoin="round"`;
const MAX_WIDTH = 320;
const MAX_HEIGHT = 200;
const MIN_SIDE = 6;
const VECTOR_HEIGHT = 14;
const LEFT = 120;
const PAD = 12;
/** Sides that differ by more than this factor are drawn on a log scale. */
export const LOG_SCALE_RATIO = 100;

const esc = escapeHtml;

/** How a text is set: its class, size, weight and anchor. */
interface TextStyle {
  readonly cls?: string;
  readonly size?: number;
  readonly bold?: boolean;
  readonly anchor?: "middle" | "end";
}

function text(x: number, y: number, content: string, style: TextStyle = {}): string {
  const attributes = [
    style.cls ? `class="${style.cls}"` : "",
    `font-size="${style.size ?? 11}"`,
    style.bold ? `font-weight="bold"` : "",
    style.anchor ? `text-anchor="${style.anchor}"` : "",
  ].filter(Boolean).join(" ");
  return `<text x="${round(x)}" y="${round(y)}" ${FONT} ${TEXT} ${attributes}>${
    esc(content)
  }</text>`;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

/** A rough width of a text at 11px, enough to decide whether a label fits: Han characters are square. */
function textWidth(s: string): number {
  let width = 0;
  for (const c of s) width += /[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 11 : 6.3;
  return width;
}

/** How a drawing scales a side's size to pixels. */
interface Scale {
  readonly log: boolean;
  px(size: number, limit: number): number;
}

function scaleFor(d: WeightDrawing): Scale {
  const tensors = d.sections.flatMap((s) => s.tensors);
  const sides = tensors.flatMap((t) => (t.shape.length <= 1 ? [t.columns] : [t.rows, t.columns]));
  const biggest = Math.max(1, ...sides);
  const smallest = Math.max(1, Math.min(...sides));
  const maxRows = Math.max(1, ...tensors.filter((t) => t.shape.length > 1).map((t) => t.rows));
  const maxColumns = Math.max(1, ...tensors.map((t) => t.columns));
  if (biggest / smallest > LOG_SCALE_RATIO) {
    const top = Math.log10(biggest) || 1;
    return {
      log: true,
      px: (size, limit) => MIN_SIDE + (limit - MIN_SIDE) * Math.log10(Math.max(size, 1)) / top,
    };
  }
  const unit = Math.min(MAX_WIDTH / maxColumns, MAX_HEIGHT / maxRows);
  return { log: false, px: (size) => Math.max(MIN_SIDE, size * unit) };
}

function patternIds(prefix: string): { frozen: string; dots: string } {
  return { frozen: `${prefix}-frozen`, dots: `${prefix}-dots` };
}

function defs(prefix: string): string {
  const ids = patternIds(prefix);
  return `<defs>` +
    `<pattern id="${ids.frozen}" width="6" height="6" patternUnits="userSpaceOnUse" ` +
    `patternTransform="rotate(45)"><rect width="6" height="6" fill="#bbbbbb" fill-opacity="0.35"/>` +
    `<line x1="0" y1="0" x2="0" y2="6" stroke="#555555" stroke-width="2"/></pattern>` +
    `<pattern id="${ids.dots}" width="5" height="5" patternUnits="userSpaceOnUse">` +
    `<circle cx="2.5" cy="2.5" r="0.9" fill="#1b1b1b" fill-opacity="0.45"/></pattern>` +
    `</defs>`;
}

/** A short, stable id for a drawing's patterns, so several drawings on one page do not clash. */
function idPrefix(d: WeightDrawing): string {
  let hash = 2166136261;
  const key = JSON.stringify(d);
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return `pl${(hash >>> 0).toString(36)}`;
}

function bandLabel(band: Band, room: number, lang: DrawingLanguage): string {
  const shown = bandName(band.label, lang);
  if (textWidth(shown) <= room - 4) return shown;
  if (lang !== "en") {
    return textWidth(String(band.index + 1)) <= room - 2 ? String(band.index + 1) : "";
  }
  const short = band.label.replace(/ gate$/, "").replace(/^cell candidate$/, "cell")
    .replace(/ bias$/, "").replace(/^(kv )?head /, "$1h").replace(/^group /, "g").replace(
      /^channel /,
      "ch",
    );
  if (textWidth(short) <= room - 4) return short;
  return textWidth(String(band.index + 1)) <= room - 2 ? String(band.index + 1) : "";
}

function rowLabel(band: Band, lang: DrawingLanguage): string {
  const name = bandName(band.label, lang);
  return lang === "zh" ? `${name}（第 ${band.index + 1} 行）` : `${name} (row ${band.index + 1})`;
}

function bandsBody(
  t: TensorDrawing,
  x: number,
  y: number,
  width: number,
  height: number,
  prefix: string,
  lang: DrawingLanguage,
): string {
  const parts: string[] = [];
  const besideCount = textWidth(String(t.size)) + 18;
  for (const band of t.bands) {
    const columns = band.along === "columns";
    const bx = columns ? x + (width * band.index) / band.of : x;
    const by = columns ? y : y + (height * band.index) / band.of;
    const bw = columns ? width / band.of : width;
    const bh = columns ? height : height / band.of;
    const colour = OKABE_ITO[band.index % OKABE_ITO.length];
    const label = bandLabel(band, columns ? bw : Math.max(width, 40), lang);
    const share = String(t.size / band.of);
    const shareFits = columns
      ? bh >= 34 && textWidth(share) + 4 <= bw
      : bh >= 12 && textWidth(label) + textWidth(share) + 12 <= width;
    if (band.kind === "bias row") {
      // GRU's two bias rows cross the gate bands: outlined, labelled beside the tensor.
      parts.push(
        `<g class="band" data-kind="${band.kind}" data-label="${esc(band.label)}" ` +
          `data-index="${band.index}"><title>${esc(band.label)}</title>` +
          `<rect x="${round(bx)}" y="${round(by)}" width="${round(bw)}" height="${round(bh)}" ` +
          `fill="none" stroke="#1b1b1b" stroke-width="2"/>` +
          text(x + width + besideCount, by + bh / 2 + 4, rowLabel(band, lang), {
            cls: "band-label",
          }) +
          `</g>`,
      );
      continue;
    }
    parts.push(
      `<g class="band" data-kind="${band.kind}" data-label="${esc(band.label)}" ` +
        `data-index="${band.index}"><title>${esc(band.label)}</title>` +
        `<rect x="${round(bx)}" y="${round(by)}" width="${round(bw)}" height="${round(bh)}" ` +
        `fill="${colour}" fill-opacity="0.75" stroke="#1b1b1b" stroke-width="0.6"/>` +
        // Every other band is dotted too, so neighbours differ without colour.
        (band.index % 2 === 1
          ? `<rect x="${round(bx)}" y="${round(by)}" width="${round(bw)}" height="${round(bh)}" ` +
            `fill="url(#${patternIds(prefix).dots})"/>`
          : "") +
        (label && (columns ? bh >= 14 : bh >= 12)
          ? text(
            columns ? bx + bw / 2 : bx + 4,
            columns ? by + 12 : by + bh / 2 + 4,
            label,
            { cls: "band-label", anchor: columns ? "middle" : undefined },
          )
          : "") +
        (shareFits
          ? text(
            columns ? bx + bw / 2 : bx + bw - 4,
            columns ? by + bh / 2 + 4 : by + bh / 2 + 4,
            share,
            { cls: "band-size", anchor: columns ? "middle" : "end" },
          )
          : "") +
        `</g>`,
    );
  }
  return parts.join("");
}

function tensorPart(
  t: TensorDrawing,
  scale: Scale,
  prefix: string,
  lang: DrawingLanguage,
): SvgPart {
  const vector = t.shape.length <= 1;
  const width = scale.px(t.columns, MAX_WIDTH);
  const height = vector ? VECTOR_HEIGHT : scale.px(t.rows, MAX_HEIGHT);
  const top = 34;
  const x = LEFT;
  const y = top;
  const frozen = !t.trainable;
  const fill = t.bands.length > 0 ? "none" : "#0072B2";
  const shortName = t.name.slice(t.name.lastIndexOf("/") + 1);
  const parts = [
    text(0, 12, shortName, { cls: "tensor-name", bold: true }),
    text(x, top - 6, t.columnLabel, { cls: "columns-label" }),
  ];
  if (!vector) {
    parts.push(
      text(x - 6, y + height / 2 + 4, t.rowLabel, { cls: "rows-label", anchor: "end" }),
    );
  }
  parts.push(
    `<rect class="tensor-box" x="${x}" y="${y}" width="${round(width)}" height="${
      round(height)
    }" ` +
      `fill="${fill}" fill-opacity="0.35" stroke="#1b1b1b" stroke-width="1"/>`,
  );
  parts.push(bandsBody(t, x, y, width, height, prefix, lang));
  if (frozen) {
    parts.push(
      `<rect class="frozen" x="${x}" y="${y}" width="${round(width)}" height="${round(height)}" ` +
        `fill="url(#${patternIds(prefix).frozen})" stroke="#1b1b1b" stroke-width="1.5" ` +
        `stroke-dasharray="5 3"/>`,
    );
  }
  const count = `${t.size}`;
  // A banded tensor shows each band's share inside it and its total beside it.
  const inside = t.bands.length === 0 && textWidth(count) + 6 <= width && height >= 14;
  parts.push(
    inside
      ? text(x + width / 2, y + height / 2 + 4, count, {
        cls: "count",
        anchor: "middle",
        bold: true,
      })
      : text(x + width + 6, y + height / 2 + 4, count, { cls: "count", bold: true }),
  );
  // The roles are the kind declarations' English: a Chinese drawing leaves them out.
  const role = lang === "en" ? t.role : "";
  const roleY = y + height + (role ? 16 : 6);
  if (role) parts.push(text(x, roleY, role, { cls: "role", size: 10 }));
  const bodyWidth = Math.max(
    x + width + textWidth(count) + 12,
    x + textWidth(t.columnLabel),
    x + textWidth(role) * 0.95,
    ...t.bands.filter((b) => b.kind === "bias row").map((b) =>
      x + width + textWidth(count) + 18 + textWidth(rowLabel(b, lang)) + 8
    ),
  );
  return {
    body: `<g class="tensor" data-name="${esc(t.name)}" data-shape="${t.shape.join(",")}" ` +
      `data-size="${t.size}" data-trainable="${t.trainable}">${parts.join("")}</g>`,
    width: bodyWidth,
    height: roleY + 8,
  };
}

function legend(d: WeightDrawing, scale: Scale, prefix: string, lang: DrawingLanguage): SvgPart {
  const words = drawingWords(lang);
  const tensors = d.sections.flatMap((s) => s.tensors);
  const items: string[] = [];
  let x = 0;
  // Each swatch is drawn as the tensors are: trainable plain, frozen hatched with a dashed edge.
  const swatch = (frozen: boolean) =>
    frozen
      ? `<rect x="${x}" y="2" width="18" height="12" fill="url(#${patternIds(prefix).frozen})" ` +
        `stroke="#1b1b1b" stroke-width="1.5" stroke-dasharray="5 3"/>`
      : `<rect x="${x}" y="2" width="18" height="12" fill="#0072B2" fill-opacity="0.35" ` +
        `stroke="#1b1b1b" stroke-width="1"/>`;
  items.push(swatch(false));
  items.push(text(x + 24, 12, words.trainable));
  x += 24 + textWidth(words.trainable) + 16;
  if (tensors.some((t) => !t.trainable)) {
    items.push(swatch(true));
    items.push(text(x + 24, 12, words.frozen, { cls: "legend-frozen" }));
    x += 24 + textWidth(words.frozen) + 16;
  }
  if (scale.log) {
    const note = words.logScale(LOG_SCALE_RATIO);
    items.push(text(x, 12, note, { cls: "log-scale" }));
    x += textWidth(note);
  }
  return { body: `<g class="legend">${items.join("")}</g>`, width: x, height: 22 };
}

/**
 * A drawing of a layer's weights as an SVG fragment and its size, for placing several drawings
 * in one picture (a model's layers).
 *
 * @param e An explanation.
 * @param options The language.
 * @returns Its elements, drawn from (0, 0), and its size.
 *
 * @example
 * ```ts
 * import { Dense } from "../../mod.ts";
 * import { explanationSvgPart } from "./svg.ts";
 * import assert from "assert";
 *
 * const part = explanationSvgPart(new Dense({ units: 5, inputShape: [13] }).explain());
 * assert.ok(part.width > 0 && part.height > 0);
 * assert.match(part.body, /data-shape="13,5"/);
 * ```
 */
export function explanationSvgPart(e: ExplanationData, options: SvgOptions = {}): SvgPart {
  expectWith(
    "explanationSvgPart",
    "its explanation",
    e,
    "a layer's explanation (layer.explain())",
    "weights",
  );
  const lang = options.lang ?? currentLanguage();
  const d = weightDrawing(e, lang);
  const scale = scaleFor(d);
  const prefix = idPrefix(d);
  const parts: string[] = [defs(prefix)];
  let y = 0;
  let width = textWidth(d.title) + PAD;
  parts.push(text(0, y + 14, d.title, { cls: "title", size: 13, bold: true }));
  y += 22;
  if (d.note) {
    parts.push(text(0, y + 12, d.note, { cls: "note" }));
    y += 20;
    width = Math.max(width, textWidth(d.note));
  }
  if (d.sections.length === 0) {
    parts.push(text(0, y + 12, drawingWords(lang).noWeights, { cls: "no-weights" }));
    y += 20;
  }
  for (const section of d.sections) {
    const indent = section.title ? 12 : 0;
    if (section.title) {
      parts.push(
        text(0, y + 14, section.title, { cls: "section-title", size: 12, bold: true }),
      );
      y += 22;
    }
    parts.push(`<g class="section" data-title="${esc(section.title)}">`);
    for (const t of section.tensors) {
      const part = tensorPart(t, scale, prefix, lang);
      parts.push(`<g transform="translate(${indent},${round(y)})">${part.body}</g>`);
      y += part.height + 6;
      width = Math.max(width, indent + part.width);
    }
    parts.push(`</g>`);
  }
  const key = legend(d, scale, prefix, lang);
  parts.push(`<g transform="translate(0,${round(y + 4)})">${key.body}</g>`);
  y += key.height + 8;
  width = Math.max(width, key.width);
  return {
    body: `<g class="paramlab-weights" data-layer="${esc(e.layerName)}" ` +
      `data-class="${esc(e.className)}" data-log-scale="${scale.log}">${parts.join("")}</g>`,
    width: Math.ceil(width + PAD),
    height: Math.ceil(y),
  };
}

/**
 * Wraps drawn parts, one under another, in a standalone `<svg>` element.
 *
 * @param parts The parts, top to bottom.
 * @param label What the picture shows, for screen readers.
 * @returns The SVG document as a string.
 *
 * @example
 * ```ts
 * import { svgDocument } from "./svg.ts";
 * import assert from "assert";
 *
 * const svg = svgDocument([{ body: "<g/>", width: 10, height: 20 }], "a <b>");
 * assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
 * assert.match(svg, /aria-label="a &lt;b&gt;"/);
 * ```
 */
export function svgDocument(parts: readonly SvgPart[], label: string): string {
  expectArray("svgDocument", "its parts", parts, "a list of drawings (explanationSvgPart())");
  expectString("svgDocument", "its label", label);
  let y = PAD;
  const body: string[] = [];
  for (const part of parts) {
    body.push(`<g transform="translate(${PAD},${y})">${part.body}</g>`);
    y += part.height + PAD;
  }
  const width = Math.max(1, ...parts.map((p) => p.width)) + 2 * PAD;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="paramlab-drawing" width="${width}" ` +
    `height="${y}" viewBox="0 0 ${width} ${y}" role="img" aria-label="${esc(label)}">` +
    `<title>${esc(label)}</title>${body.join("")}</svg>`;
}

/**
 * A drawing of a layer's weight tensors as a standalone SVG string: each tensor a rectangle
 * with its shape on its sides and its count inside, the gates, heads and groups the explanation
 * names as labelled bands, frozen weights hatched.
 *
 * @param e An explanation.
 * @param options The language: `{ lang: "zh" }` writes the heading, the gates' names and the
 *   legend in Chinese.
 * @returns An `<svg>` element as a string, every text escaped.
 *
 * @example "Why does the first LSTM have more params?": three tensors cut into four gates
 * ```ts
 * import { LSTM } from "../../mod.ts";
 * import { explanationSvg } from "./svg.ts";
 * import assert from "assert";
 *
 * const svg = explanationSvg(new LSTM({ units: 5, inputShape: [400, 13] }).explain());
 * assert.equal(svg.match(/class="tensor"/g)?.length, 3);
 * assert.equal(svg.match(/data-label="forget gate"/g)?.length, 3);
 *
 * const zh = explanationSvg(new LSTM({ units: 5, inputShape: [400, 13] }).explain(), { lang: "zh" });
 * assert.match(zh, /遗忘门/);
 * assert.match(zh, /380 个参数/);
 * ```
 */
export function explanationSvg(e: ExplanationData, options: SvgOptions = {}): string {
  expectWith(
    "explanationSvg",
    "its explanation",
    e,
    "a layer's explanation (layer.explain())",
    "weights",
  );
  return svgDocument(
    [explanationSvgPart(e, options)],
    drawingWords(options.lang ?? currentLanguage()).label(e.layerName, e.className, e.paramCount),
  );
}
