// Which class a printed row is: its printed class when paramlab models it (aliases included),
// a class cut short resolved only when one class fits what is printed (or the layer's default
// name says which), else the reason it is not checked. Internal to the reader.

import type { ParsedRow } from "./rows.ts";
import { isKerasOperation, isModelClassPrefix, unmodelledClasses } from "../layers/registry.ts";
import {
  canonicalClass,
  classesNamedFrom,
  classesWithPrefix,
  classFromName,
  isReadable,
} from "./_kinds.ts";
import type { DeclaredConfig } from "./rows.ts";
import type { Shape } from "../shape.ts";

/** How a row's class was found, or why it was not. */
export interface Resolved {
  /** The modelled class to try, when there is one. */
  readonly className?: string;
  /** Whether the class was guessed (a cut name, a default layer name): kept only if it fits. */
  readonly tentative: boolean;
  /** Why the row is not checked, when no class can be tried. */
  readonly reason?: string;
  readonly note?: string;
  /** The classes a cut name could be, when more than one. */
  readonly candidates?: readonly string[];
}

export function resolveClass(
  row: ParsedRow,
  declared: DeclaredConfig | undefined,
  input: Shape | null = null,
): Resolved {
  if (declared?.className) return modelled(declared.className);
  const printed = row.className;
  if (printed !== undefined && !row.classNameCut) return modelled(printed);
  const fromName = classFromName(row.name);
  if (printed === undefined) {
    if (fromName) return { className: fromName, tentative: true };
    return {
      tentative: false,
      reason: "class not printed",
      note: `The layer's class is not printed${
        row.nameCut ? " (the name is cut short by its column)" : ""
      } and cannot be told from its name "${row.name}", so this row is not checked.`,
    };
  }
  // A class cut short: resolved only when one class fits the prefix and the printed rank.
  const { known, unmodelled } = classesWithPrefix(printed);
  // A class of 1, 2 or 3 spatial axes takes an input of that many more than two: a layer's
  // output keeps its input's rank, a global pooling's input tells it (its output is flat).
  const rank = row.outputSingle?.length;
  const fitsRank = (c: string) => {
    const m = /([123])D$/.exec(c);
    if (!m) return true;
    const spatial = Number(m[1]);
    if (c.startsWith("Global")) {
      if (input) return input.length === spatial + 2;
      return rank === undefined || rank === 2 || rank === spatial + 2;
    }
    return rank === undefined || spatial + 2 === rank;
  };
  // A Keras operation keeps no weights: a row with a count is none of them.
  const weighted = (row.paramCount ?? 0) > 0;
  const all = [...known, ...unmodelled].filter(fitsRank).filter((c) =>
    !(weighted && isKerasOperation(c))
  );
  const shown = printed === "" ? "a bare (" : `"${printed}"`;
  if (all.length === 1 && isReadable(all[0])) {
    return { className: all[0], tentative: true, note: `"${printed}" is ${all[0]} cut short.` };
  }
  // A name cut short may be the start of another class's default name (`layer_norm…` of
  // `layer_normalization`): it then tells nothing.
  const named = fromName !== undefined && all.includes(fromName) &&
    !(row.nameCut && classesNamedFrom(row.name, fromName).some((c) => all.includes(c)));
  if (named) {
    return {
      className: fromName,
      tentative: true,
      note: `"${printed}" is ${fromName} cut short, as the layer's name says.`,
    };
  }
  // A nested model's class cut short (`Sequen`): the model is printed nowhere.
  if (all.length === 1 && isModelClassPrefix(all[0]) && !isReadable(all[0])) {
    const why = notModelled(all[0]);
    return {
      tentative: false,
      reason: why.notCheckedReason,
      note: `The class is cut to ${shown}: ${all[0]}, the one class it could be. ${why.note}`,
    };
  }
  if (all.length === 0) {
    return {
      tentative: false,
      reason: `class cut to ${shown}`,
      note: `The class is cut to ${shown} by its column, and no Keras class paramlab knows ` +
        `starts so: the model's own code defines it; this row is not checked.`,
    };
  }
  const list = all.length > 6 ? [...all.slice(0, 6), "…"] : all;
  return {
    tentative: false,
    reason: `class cut to ${shown}`,
    candidates: all,
    note: `The class is cut to ${shown} by its column; it could be ${list.join(", ")}, so this ` +
      `row is not checked.`,
  };
}

/**
 * Why a row of a class the reader does not read is not checked, in words about the table: a
 * Keras operation, a nested model printed nowhere, a Keras class known by name only, or a class
 * the model's own code defines.
 */
export function notModelled(className: string): { notCheckedReason: string; note: string } {
  if (isKerasOperation(className)) {
    return {
      notCheckedReason: "an unknown Keras operation",
      note: `${className} is a Keras operation (a keras.ops call) that paramlab has no shape ` +
        `rule for, so this row is not checked.`,
    };
  }
  // keras-hub's backbones are models (Functional subclasses) whose layers are printed nowhere.
  if (isModelClassPrefix(className) || /Backbone$/.test(className)) {
    return {
      notCheckedReason: `nested ${className}, its layers not shown`,
      note: `A nested model (${className}): its layers are not printed here, and its own ` +
        `summary is not given (nor is its name one of the Keras applications paramlab ` +
        `builds), so this row is not checked.`,
    };
  }
  if (unmodelledClasses().includes(className)) {
    return {
      notCheckedReason: `${className} is not modelled`,
      note: `paramlab does not model the ${className} layer, so this row is not checked.`,
    };
  }
  return {
    notCheckedReason: `${className} is a class the model's own code defines; no reader can ` +
      `know its weights`,
    note: `${className} is no Keras class: the model's own code defines it, and its weights ` +
      `are whatever that code creates, which the table does not tell; paramlab does not ` +
      `model the ${className} layer, so this row is not checked.`,
  };
}

/** A printed class: its canonical name when the library has it, else why it is not checked. */
function modelled(className: string, tentative = false): Resolved {
  const canonical = canonicalClass(className);
  if (isReadable(canonical)) {
    return { className: canonical, tentative };
  }
  const why = notModelled(className);
  return { tentative: false, reason: why.notCheckedReason, note: why.note };
}
