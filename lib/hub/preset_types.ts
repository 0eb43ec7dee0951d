/**
 * The shape of one preset entry in the generated table.
 *
 * @module
 */

import type { HubArg } from "./backbone.ts";

/** A public keras-hub preset: its architecture and keras-hub's published count. */
export interface PresetEntry {
  /** The preset's name, e.g. `"bert_base_en_uncased"`. */
  readonly name: string;
  /** keras-hub's backbone class. */
  readonly className: string;
  /** The backbone's constructor arguments, camelCase. */
  readonly args: Readonly<Record<string, HubArg>>;
  /** Where the arguments come from. */
  readonly source: string;
  /** keras-hub's `metadata.params`, or null when its preset files do not list the preset. */
  readonly published: number | null;
  /** The keras-hub file that publishes it. */
  readonly publishedIn: string | null;
  /**
   * The earlier preset whose arguments this one repeats exactly: a fine-tune, a quantized copy or
   * another model of the same architecture (e.g. `"llama3_8b_en"` for `"llama3_instruct_8b_en"`,
   * `"bert_base_en_uncased"` for `"bge_base_en"`).
   */
  readonly architectureOf?: string;
}
