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
}
