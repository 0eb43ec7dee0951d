/**
 * keras-hub's task models built with `preprocessor=None`, on top of the backbones of
 * `families.ts`: a CausalLM (the backbone, then its token table used in reverse for the logits),
 * a TextClassifier (a head of Dropout and Dense layers on the pooled output or the first token),
 * a MaskedLM (a `MaskedLMHead` whose logits reuse the token table). Each lists keras-hub's
 * top-level layers (`task.layers`) with their names and weights; a weight the head shares with
 * the backbone (the tied token table) shows in its row, as in Keras, and counts once in the total.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import { type ComponentCount, type HubArg, HubBackbone } from "./backbone.ts";
import { type HubWeight, sizeOf } from "./blocks.ts";
import { KERAS_HUB_BACKBONES } from "./families.ts";
import { thousands } from "../numbers.ts";
import { expectWith } from "../guard.ts";

/** One top-level layer of a task model, as keras-hub's `task.layers` lists it. */
export interface TaskLayer {
  /** The layer's name, e.g. `"logits"`. */
  readonly name: string;
  /** Its class, e.g. `"Dense"`, or the backbone's class. */
  readonly className: string;
  /** Its count as Keras's `layer.count_params()` gives it (a shared table included). */
  readonly params: number;
  /** Its weights (none listed for the backbone row: see `HubTask.backbone`). */
  readonly weights: readonly HubWeight[];
  /** `"input"`, `"backbone"`, `"head"` (weights of its own) or `"tied"` (the backbone's). */
  readonly role: "input" | "backbone" | "head" | "tied";
  /** What it is, with its formula, for `explain()`. */
  readonly what: string;
}

/** The three kinds of task modelled. */
export type TaskKind = "CausalLM" | "TextClassifier" | "MaskedLM";

/** How a task class is declared: its backbone class, its arguments and its head. */
export interface TaskDeclaration {
  /** keras-hub's class, e.g. `"BertTextClassifier"`. */
  readonly className: string;
  /** Its kind. */
  readonly kind: TaskKind;
  /** The backbone class it takes, e.g. `"BertBackbone"`. */
  readonly backboneClass: string;
  /** The model's default name, e.g. `"bert_text_classifier"`. */
  readonly defaultName: string;
  /** Its arguments besides `backbone` and `preprocessor` (camelCase), with keras-hub's defaults. */
  readonly defaults: Readonly<Record<string, HubArg>>;
  /** The arguments it requires (`numClasses`). */
  readonly required: readonly string[];
}

const fmt = thousands;

const CAUSAL = [
  "GPT2",
  "OPT",
  "Bloom",
  "Falcon",
  "Llama",
  "Llama3",
  "Mistral",
  "Qwen",
  "Qwen3",
  "Phi3",
  "Gemma",
  "Gemma3",
];
// keras-hub's classifier heads: the dropout's name and default, and whether a pooled Dense of
// `hidden_dim` units (default: the backbone's) comes first, on the first token.
const CLASSIFIERS: Record<string, { dropout: number; pooledDense: boolean }> = {
  Bert: { dropout: 0.1, pooledDense: false },
  Albert: { dropout: 0.1, pooledDense: false },
  Roberta: { dropout: 0.0, pooledDense: true },
  XLMRoberta: { dropout: 0.0, pooledDense: true },
  DistilBert: { dropout: 0.2, pooledDense: true },
};
const MASKED = ["Bert", "Albert", "Roberta", "XLMRoberta", "DistilBert"];

function declare(base: string, kind: TaskKind): TaskDeclaration {
  const backboneClass = `${base}Backbone`;
  const backbone = KERAS_HUB_BACKBONES.get(backboneClass)!;
  const suffix = {
    CausalLM: "causal_lm",
    TextClassifier: "text_classifier",
    MaskedLM: "masked_lm",
  };
  const classifier = CLASSIFIERS[base];
  return {
    className: `${base}${kind}`,
    kind,
    backboneClass,
    defaultName: backbone.defaultName.replace(/backbone$/, suffix[kind]),
    defaults: kind === "TextClassifier"
      ? {
        activation: null,
        dropout: classifier.dropout,
        ...(classifier.pooledDense ? { hiddenDim: null } : {}),
      }
      : {},
    required: kind === "TextClassifier" ? ["numClasses"] : [],
  };
}

/**
 * The task classes modelled, by keras-hub's class name.
 *
 * @example
 * ```ts
 * import { KERAS_HUB_TASKS } from "./tasks.ts";
 * import assert from "assert";
 *
 * assert.equal(KERAS_HUB_TASKS.get("GPT2CausalLM")?.backboneClass, "GPT2Backbone");
 * assert.equal(KERAS_HUB_TASKS.get("BertTextClassifier")?.defaultName, "bert_text_classifier");
 * assert.equal(KERAS_HUB_TASKS.size, 22);
 * ```
 */
export const KERAS_HUB_TASKS: ReadonlyMap<string, TaskDeclaration> = new Map(
  [
    ...CAUSAL.map((b) => declare(b, "CausalLM")),
    ...Object.keys(CLASSIFIERS).map((b) => declare(b, "TextClassifier")),
    ...MASKED.map((b) => declare(b, "MaskedLM")),
  ].map((d) => [d.className, d]),
);

function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function checkTaskArgs(task: TaskDeclaration, args: Record<string, unknown>) {
  const keys = [
    "backbone",
    "preprocessor",
    "name",
    ...task.required,
    ...Object.keys(task.defaults),
  ];
  for (const key of Object.keys(args)) {
    if (keys.includes(key)) continue;
    const hint = keys.includes(camel(key)) ? `; did you mean "${camel(key)}"?` : "";
    throw new TypeError(
      `Unknown argument "${key}" for ${task.className}${hint} It takes ${keys.join(", ")}`,
    );
  }
  for (const key of task.required) {
    if (!(key in args)) {
      throw new TypeError(`${task.className} requires "${key}", e.g. { ${key}: 2 }`);
    }
  }
  const config: Record<string, HubArg> = { ...task.defaults };
  for (const key of [...task.required, ...Object.keys(task.defaults)]) {
    if (key in args) config[key] = args[key] as HubArg;
  }
  for (const key of ["numClasses", "hiddenDim"]) {
    const value = config[key];
    if (value === undefined || value === null && key === "hiddenDim") continue;
    if (typeof value !== "number") {
      throw new TypeError(
        `${task.className}'s "${key}" must be a positive integer, received ${describeValue(value)}`,
      );
    }
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(
        `${task.className}'s "${key}" must be a positive integer, received ${describeValue(value)}`,
      );
    }
  }
  return config;
}

const w = (path: string, ...shape: number[]): HubWeight => ({ path, shape, trainable: true });

function denseRow(name: string, inputs: number, units: number, what: string): TaskLayer {
  return {
    name,
    className: "Dense",
    params: inputs * units + units,
    weights: [w(`${name}/kernel`, inputs, units), w(`${name}/bias`, units)],
    role: "head",
    what: `${what}, ${fmt(inputs)} → ${fmt(units)} with bias: ` +
      `${fmt(inputs)}·${fmt(units)} + ${fmt(units)} = ${fmt(inputs * units + units)}`,
  };
}

function dropoutRow(name: string): TaskLayer {
  return { name, className: "Dropout", params: 0, weights: [], role: "head", what: "no weights" };
}

/**
 * A keras-hub task model on a backbone: its layers, its count (a tied table counted once) and its
 * trainable split, which follows the backbone's (LoRA enabled on `task.backbone` included).
 *
 * @example GPT-2 small as a CausalLM: the logits reuse the token table, 124,439,808 in all
 * ```ts
 * import { kerasHubBackbone } from "./families.ts";
 * import { kerasHubTask } from "./tasks.ts";
 * import assert from "assert";
 *
 * const backbone = kerasHubBackbone("GPT2Backbone", {
 *   vocabularySize: 50257, numLayers: 12, numHeads: 12, hiddenDim: 768, intermediateDim: 3072,
 * });
 * const lm = kerasHubTask("GPT2CausalLM", { backbone });
 * assert.equal(lm.paramCount(), 124_439_808);
 * assert.deepEqual(lm.layers.map((l) => l.name), [
 *   "padding_mask", "token_ids", "gpt2_backbone", "token_embedding",
 * ]);
 * ```
 */
export class HubTask {
  /** keras-hub's class, e.g. `"GPT2CausalLM"`. */
  readonly className: string;
  /** The task's kind. */
  readonly kind: TaskKind;
  /** The model's name, e.g. `"gpt2_causal_lm"`. */
  readonly name: string;
  /** The backbone it is built on. */
  readonly backbone: HubBackbone;
  /** The task's own arguments with keras-hub's defaults (camelCase). */
  readonly config: Readonly<Record<string, HubArg>>;

  /**
   * Builds the task on a backbone.
   *
   * @param task The task's declaration.
   * @param args `{ backbone, …the task's arguments }`; `preprocessor` may be given and is not
   * counted (keras-hub's preprocessors hold no weights).
   */
  constructor(task: TaskDeclaration, args: unknown) {
    expectWith(
      "HubTask",
      "its task",
      task,
      "a task's declaration (make a task with kerasHubTask(className, args))",
      "className",
    );
    if (typeof args !== "object" || args === null || Array.isArray(args)) {
      throw new TypeError(
        `${task.className} takes an options object such as { backbone }, received ${
          describeValue(args)
        }`,
      );
    }
    const given = args as Record<string, unknown>;
    const backbone = given.backbone;
    if (!(backbone instanceof HubBackbone)) {
      throw new TypeError(
        `${task.className} needs a backbone: a ${task.backboneClass} from kerasHubBackbone(), ` +
          `received ${describeValue(backbone)}`,
      );
    }
    if (backbone.className !== task.backboneClass) {
      throw new TypeError(
        `${task.className} takes a ${task.backboneClass}, received a ${backbone.className}`,
      );
    }
    this.config = checkTaskArgs(task, given);
    if (given.name !== undefined && typeof given.name !== "string") {
      throw new TypeError(
        `${task.className}'s name must be a string, received ${describeValue(given.name)}`,
      );
    }
    this.className = task.className;
    this.kind = task.kind;
    this.name = (given.name as string | undefined) ?? task.defaultName;
    this.backbone = backbone;
  }

  #backboneWeights(): HubWeight[] {
    return this.backbone.layers.flatMap((l) => this.backbone.weightsOf(l));
  }

  /** The token table (and, untied, the output projection) the logits use, as the backbone has them. */
  #tokenTable(): HubWeight[] {
    return this.#backboneWeights().filter((x) =>
      /(^|\/)token_embedding\/(embeddings|reverse_embeddings)$/.test(x.path)
    );
  }

  /** The top-level layers, in keras-hub's order (`task.layers`). */
  get layers(): readonly TaskLayer[] {
    const b = this.backbone;
    const inputs = b.layers.filter((l) => l.className === "InputLayer").map((l) => l.name).sort()
      .map((name): TaskLayer => ({
        name,
        className: "InputLayer",
        params: 0,
        weights: [],
        role: "input",
        what: "an input",
      }));
    const backboneRow: TaskLayer = {
      name: b.name,
      className: b.className,
      params: b.paramCount(),
      weights: [],
      role: "backbone",
      what: `the backbone: ${fmt(b.paramCount())} (see its explain())`,
    };
    return [...inputs, backboneRow, ...this.#head()];
  }

  #head(): TaskLayer[] {
    const table = this.#tokenTable();
    const [v, e] = table.find((x) => x.path.endsWith("/embeddings"))!.shape;
    const hidden = this.backbone.config.hiddenDim as number;
    if (this.kind === "CausalLM") {
      const untied = table.length > 1;
      return [{
        name: "token_embedding",
        className: "ReversibleEmbedding",
        params: table.reduce((n, x) => n + sizeOf(x.shape), 0),
        weights: table,
        role: "tied",
        what: untied
          ? `the backbone's token table ${fmt(v)} × ${fmt(e)} and its own output projection ` +
            `${fmt(e)} × ${fmt(v)} (untied), called in reverse for the logits: both are the ` +
            `backbone's, counted once, in the backbone`
          : `the backbone's token table ${fmt(v)} × ${fmt(e)}, called in reverse for the logits ` +
            `(tied): its ${fmt(v * e)} are the backbone's, counted once, in the backbone`,
      }];
    }
    if (this.kind === "MaskedLM") {
      const own = [
        w("mlm_head/output_bias", v),
        w("mlm_head/intermediate_dense/kernel", hidden, e),
        w("mlm_head/intermediate_dense/bias", e),
        w("mlm_head/intermediate_layer_norm/gamma", e),
        w("mlm_head/intermediate_layer_norm/beta", e),
      ];
      const tied = table.filter((x) => x.path.endsWith("/embeddings"));
      const ownCount = own.reduce((n, x) => n + sizeOf(x.shape), 0);
      return [
        {
          name: "mask_positions",
          className: "InputLayer",
          params: 0,
          weights: [],
          role: "input",
          what: "an input",
        },
        {
          name: "mlm_head",
          className: "MaskedLMHead",
          params: ownCount + sizeOf(tied[0].shape),
          weights: [own[0], ...tied, ...own.slice(1)],
          role: "head",
          what: `a Dense ${fmt(hidden)} → ${fmt(e)} (${fmt(hidden)}·${fmt(e)} + ${fmt(e)}), a ` +
            `layer norm (2·${fmt(e)}) and an output bias per token (${fmt(v)}): ` +
            `${fmt(ownCount)} of its own; the logits reuse the backbone's token table ` +
            `${fmt(v)} × ${fmt(e)} (tied): Keras's row shows it, the total counts it once`,
        },
      ];
    }
    const base = this.className.replace(/TextClassifier$/, "");
    const classes = this.config.numClasses as number;
    const pooled = (this.config.hiddenDim as number | null) ?? hidden;
    if (base === "Bert" || base === "Albert") {
      return [
        dropoutRow(base === "Bert" ? "classifier_dropout" : "output_dropout"),
        denseRow("logits", hidden, classes, "the logits on the pooled output"),
      ];
    }
    return [
      ...(base === "DistilBert" ? [] : [dropoutRow("pooled_dropout")]),
      denseRow("pooled_dense", hidden, pooled, "a pooled Dense on the first token"),
      dropoutRow("output_dropout"),
      denseRow("logits", pooled, classes, "the logits"),
    ];
  }

  /** The head's own weights (not the backbone's): what the task adds to the backbone. */
  #ownWeights(): HubWeight[] {
    const shared = new Set(this.#backboneWeights().map((x) => x.path));
    return this.#head().flatMap((l) => l.weights).filter((x) => !shared.has(x.path));
  }

  /** The total, as keras-hub's `task.count_params()`: a tied table counted once. */
  paramCount(): number {
    return this.backbone.paramCount() +
      this.#ownWeights().reduce((n, x) => n + sizeOf(x.shape), 0);
  }

  /** The parameters training updates (the backbone's, with its LoRA if enabled, and the head's). */
  trainableParamCount(): number {
    return this.backbone.trainableParamCount() +
      this.#ownWeights().filter((x) => x.trainable).reduce((n, x) => n + sizeOf(x.shape), 0);
  }

  /** The parameters training does not update. */
  nonTrainableParamCount(): number {
    return this.paramCount() - this.trainableParamCount();
  }

  /**
   * The count by component: the backbone's components, and the head's own weights under
   * `"head"` (a tied table stays with the embeddings, where it is counted).
   *
   * @returns One entry per component with parameters.
   */
  breakdown(): ComponentCount[] {
    const own = this.#ownWeights().reduce((n, x) => n + sizeOf(x.shape), 0);
    const parts = this.backbone.breakdown().map((c) => ({ ...c }));
    if (own === 0) return parts;
    const head = parts.find((c) => c.component === "head");
    if (head) head.params += own;
    else parts.push({ component: "head", params: own });
    return parts;
  }

  /**
   * The task layer by layer: the backbone's count, the head's formulas, and a tied table said
   * once.
   *
   * @returns The explanation, one line per layer with weights.
   */
  explain(): string {
    const total = this.paramCount();
    const trained = this.trainableParamCount();
    const split = trained === total
      ? "all trainable"
      : `${fmt(trained)} trainable (${(100 * trained / total).toPrecision(2)}%)`;
    return [
      `${this.name} (${this.className}): ${fmt(total)} parameters, ${split}`,
      ...this.layers.filter((l) => l.role !== "input" && l.className !== "Dropout").map((l) =>
        `- ${l.name} (${l.className}): ${l.what}`
      ),
      ...this.backbone.notes.map((note) => `Note: ${note}`),
    ].join("\n");
  }
}

/**
 * A keras-hub task from its class name and arguments, on a backbone from `kerasHubBackbone`.
 *
 * @param className keras-hub's class, e.g. `"BertTextClassifier"`.
 * @param args `{ backbone, …the task's arguments }`, e.g. `{ backbone, numClasses: 2 }`.
 * @returns The task.
 * @throws {TypeError} For an unknown class or argument, a missing one, or a backbone of another
 * class.
 * @throws {RangeError} For a size that is not a positive integer.
 *
 * @example BERT-base as a two-class classifier: the backbone and a 768 × 2 Dense
 * ```ts
 * import { kerasHubBackbone } from "./families.ts";
 * import { kerasHubTask } from "./tasks.ts";
 * import assert from "assert";
 *
 * const backbone = kerasHubBackbone("BertBackbone", {
 *   vocabularySize: 30522, numLayers: 12, numHeads: 12, hiddenDim: 768, intermediateDim: 3072,
 * });
 * const classifier = kerasHubTask("BertTextClassifier", { backbone, numClasses: 2 });
 * assert.equal(classifier.paramCount(), 109_482_240 + 768 * 2 + 2);
 * assert.throws(() => kerasHubTask("BertTextClassifier", { backbone, num_classes: 2 }), /numClasses/);
 * ```
 */
export function kerasHubTask(className: string, args: unknown): HubTask {
  const task = KERAS_HUB_TASKS.get(className);
  if (task === undefined) {
    throw new TypeError(
      `keras-hub task "${className}" is not modelled; modelled: ${
        [...KERAS_HUB_TASKS.keys()].join(", ")
      }`,
    );
  }
  return new HubTask(task, args);
}
