// The never-drop fixtures (tests/fixtures/never_drop, written by
// tools/keras_oracle/never_drop_fixtures.py): what real Keras 3.15.1 wrote, counted and printed
// for each model, read by the files that check against them.

import assert from "assert";
import type { Model, Sequential, Shape } from "../mod.ts";
import type { KerasRecord, KerasRow } from "./_support.ts";

/** One fixture: the model's JSON, Keras's rows, totals and printed summaries. */
export interface NeverDropFixture extends KerasRecord {
  // deno-lint-ignore no-explicit-any
  readonly json: any;
  /** The summary's rows (layers only). */
  readonly layers: readonly (KerasRow & { trainable: number; output_shape: unknown })[];
  /** Every operation of the graph, keras.ops included. */
  readonly operations: readonly {
    name: string;
    class_name: string;
    module: string;
    params: number;
    output_shape: Shape;
  }[];
  readonly summary_120: string;
  readonly summary_expand_nested?: string;
  readonly flat_inputs?: readonly string[];
  readonly flat_outputs?: readonly string[];
  readonly weights?: readonly { name: string; shape: number[] }[];
  /** Keras's initializers, regularizers and constraints (keras_object_edits). */
  readonly objects?: Readonly<
    Record<
      string,
      Readonly<
        Record<string, {
          names: string[];
          keys: string[];
          required: string[];
          any_keys: boolean;
        }>
      >
    >
  >;
  /** The JSON edited one field at a time, and what Keras's model_from_json made of each. */
  readonly variants?: readonly {
    /** The layer edited, its field and the value given (build_config_edits). */
    layer?: string;
    field?: string;
    value?: unknown;
    /** What was edited, and the edited JSON whole (sequential_build_edits). */
    about?: string;
    json?: unknown;
    count?: number;
    /** Whether the model Keras made runs (predict on zeros; wrapped_build_edits). */
    runs?: boolean;
    error?: string;
  }[];
}

/** Reads the fixture `tests/fixtures/never_drop/<name>.json`. */
export function neverDropFixture(name: string): NeverDropFixture {
  const url = new URL(`./fixtures/never_drop/${name}.json`, import.meta.url);
  return JSON.parse(Deno.readTextFileSync(url));
}

/** Asserts the model's totals and its summaries (default and 120 columns) are Keras's. */
export function assertTotalsAndSummaries(model: Model | Sequential, f: NeverDropFixture): void {
  assert.equal(model.paramCount(), f.total);
  assert.equal(model.trainableParamCount(), f.trainable);
  assert.equal(model.nonTrainableParamCount(), f.non_trainable);
  assert.equal(String(model.summary()) + "\n", f.summary);
  assert.equal(String(model.summary({ lineLength: 120, consoleWidth: 130 })) + "\n", f.summary_120);
}
