// A keras-hub backbone's row (`bert_backbone (BertBackbone)`) checked against the modelled
// presets of its class: checked when the presets with its count and outputs share one
// set of weights (one architecture, or presets that differ only in arguments holding no weights,
// each named), else said which fit. Internal to the reader.

import { kerasHubPresetsFitting, kerasHubPresetsWithLora } from "../hub/read.ts";
import type { Shape } from "../shape.ts";
import type { ExplainedRow, ParsedRow } from "./rows.ts";
import { commas } from "./_text.ts";

type Base = Omit<ExplainedRow, "checked" | "consistent">;

/** Checks a backbone row against keras-hub's presets; `undefined` for a class not modelled. */
export function explainHubBackbone(row: ParsedRow, base: Base): ExplainedRow | undefined {
  if (row.className === undefined || row.classNameCut || !/Backbone$/.test(row.className)) {
    return undefined;
  }
  const outputs = row.outputList ?? (row.outputSingle ? [row.outputSingle] : null);
  if (row.paramCount === null || outputs === null || row.outputShapeCut) return undefined;
  const fit = kerasHubPresetsFitting({
    className: row.className,
    params: row.paramCount,
    outputs: outputs as readonly Shape[],
  });
  if (!fit.modelled) return undefined;
  const notChecked = (note: string): ExplainedRow => ({
    ...base,
    checked: false,
    consistent: true,
    notCheckedReason: `no single ${row.className} preset fits`,
    note,
  });
  if (fit.presets.length === 0) {
    const lora = kerasHubPresetsWithLora({
      className: row.className,
      params: row.paramCount,
      outputs: outputs as readonly Shape[],
    });
    if (lora.length === 1) {
      const [{ name, rank, count, trainable, factors, sameArchitecture }] = lora;
      const also = sameArchitecture.length === 0
        ? ""
        : ` (so does ${sameArchitecture.join(", ")}, of the same architecture exactly)`;
      return {
        ...base,
        expectedParamCount: count,
        expectedOutputShape: row.outputShape,
        checked: true,
        consistent: true,
        note:
          `A keras-hub ${row.className}: no modelled preset has ${
            commas(row.paramCount)
          } parameters, but ${name} with keras-hub's backbone.enable_lora(${rank}) does${also}, ` +
          `and no ` +
          `other preset or rank: the query and value projections get LoRA factors of rank ` +
          `${rank}, ${commas(factors)} ` +
          `parameters, and every other weight is frozen (${commas(trainable)} trainable).`,
      };
    }
    if (lora.length > 1) {
      return notChecked(
        `A keras-hub ${row.className}: no modelled preset has ${commas(row.paramCount)} ` +
          `parameters, and with keras-hub's backbone.enable_lora(rank) several do (${
            lora.slice(0, 3).map((l) => `${l.name} with rank ${l.rank}`).join(", ")
          }), so this row is not checked.`,
      );
    }
    return notChecked(
      `A keras-hub ${row.className}: none of the presets paramlab models has ` +
        `${commas(row.paramCount)} parameters and these outputs (another configuration, or ` +
        `a preset not modelled), so this row is not checked.`,
    );
  }
  if (!fit.sameWeights) {
    return notChecked(
      `A keras-hub ${row.className}: the presets ${fit.presets.join(", ")} all have ` +
        `${commas(row.paramCount)} parameters and these outputs but different architectures, ` +
        `so this row is not checked against one of them.`,
    );
  }
  const backbone = fit.backbone!;
  const which = fit.presets.length === 1
    ? "the one modelled preset that fits"
    : fit.oneArchitecture
    ? "one architecture"
    : `which of them it is cannot be told from the table: they build the same weights and ` +
      `differ only in arguments that hold none (${fit.differingArgs.join(", ")})`;
  return {
    ...base,
    expectedParamCount: backbone.paramCount(),
    expectedOutputShape: row.outputShape,
    checked: true,
    consistent: true,
    note:
      `A keras-hub ${row.className}: its count and outputs are those of ${
        fit.presets.join(" and ")
      } (${which}), ` +
      `${commas(backbone.paramCount())} parameters as keras-hub builds it.` +
      (fit.sameArchitecture.length === 0
        ? ""
        : ` keras-hub publishes ${
          fit.sameArchitecture.join(", ")
        } too, with the same arguments (fine-tunes, quantized copies or other models of ` +
          `this architecture).`),
  };
}

/**
 * keras-hub's `ReversibleEmbedding` called in reverse, as a causal LM's logits (`token_embedding
 * (ReversibleEmbedding)` after the backbone, its output the vocabulary): its count is its table,
 * vocabulary × the width it reads, once when tied (the logits reuse the table, which Keras counts
 * in this row and in the backbone's, once in the total) and twice when untied (its own
 * `reverse_embeddings`). Checked when the count is one of the two; `undefined` for another class
 * or a row read the other way (a lookup, whose vocabulary the table does not print).
 */
export function explainReversibleEmbedding(
  row: ParsedRow,
  input: Shape | null,
  base: Base,
): ExplainedRow | undefined {
  if (row.className !== "ReversibleEmbedding" || row.classNameCut || row.outputShapeCut) {
    return undefined;
  }
  const output = row.outputSingle;
  const width = input?.at(-1);
  const vocabulary = output?.at(-1);
  if (
    row.paramCount === null || output === null || input === null || input.length < 2 ||
    typeof width !== "number" || typeof vocabulary !== "number" ||
    output.length !== input.length
  ) return undefined;
  const table = vocabulary * width;
  const tied = row.paramCount === table;
  if (!tied && row.paramCount !== 2 * table) {
    return {
      ...base,
      checked: false,
      consistent: true,
      notCheckedReason: "ReversibleEmbedding's count is neither its table nor twice it",
      note: `keras-hub's ReversibleEmbedding turning ${commas(width)} features into ` +
        `${commas(vocabulary)} logits holds its table, ${commas(vocabulary)} × ` +
        `${commas(width)} = ${commas(table)}, once when tied and twice when not; ` +
        `${commas(row.paramCount)} is neither (quantization scales, or another layer), so this ` +
        `row is not checked.`,
    };
  }
  return {
    ...base,
    expectedParamCount: row.paramCount,
    expectedOutputShape: row.outputShape,
    checked: true,
    consistent: true,
    note: tied
      ? `keras-hub's ReversibleEmbedding called in reverse: the logits reuse the token table, ` +
        `${commas(vocabulary)} × ${commas(width)} = ${commas(table)} (tied). The same weights ` +
        `are counted in the backbone's row too; Keras's total counts them once.`
      : `keras-hub's ReversibleEmbedding called in reverse, untied: the token table ` +
        `${commas(vocabulary)} × ${commas(width)} and its own output projection ` +
        `${commas(width)} × ${commas(vocabulary)}, 2 × ${commas(table)} = ` +
        `${commas(2 * table)}. The same weights are counted in the backbone's row too; Keras's ` +
        `total counts them once.`,
  };
}
