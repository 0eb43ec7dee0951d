// A keras-hub backbone's row (`bert_backbone (BertBackbone)`) checked against the modelled
// presets of its class: checked when the presets with its count and outputs share one
// architecture, else said which fit. Internal to the reader.

import { kerasHubPresetsFitting } from "../hub/read.ts";
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
    return notChecked(
      `A keras-hub ${row.className}: none of the presets paramlab models has ` +
        `${commas(row.paramCount)} parameters and these outputs (another configuration, or ` +
        `a preset not modelled), so this row is not checked.`,
    );
  }
  if (!fit.oneArchitecture) {
    return notChecked(
      `A keras-hub ${row.className}: the presets ${fit.presets.join(", ")} all have ` +
        `${commas(row.paramCount)} parameters and these outputs but different architectures, ` +
        `so this row is not checked against one of them.`,
    );
  }
  const backbone = fit.backbone!;
  return {
    ...base,
    expectedParamCount: backbone.paramCount(),
    expectedOutputShape: row.outputShape,
    checked: true,
    consistent: true,
    note:
      `A keras-hub ${row.className}: its count and outputs are those of ${
        fit.presets.join(" and ")
      } (${fit.presets.length > 1 ? "one architecture" : "the one modelled preset that fits"}), ` +
      `${commas(backbone.paramCount())} parameters as keras-hub builds it.`,
  };
}
