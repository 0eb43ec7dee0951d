/**
 * keras-hub's backbones and presets: each backbone with keras-hub's layers, weights and counts,
 * each modelled preset with its true count beside keras-hub's published one.
 *
 * @module
 */

export {
  type ComponentCount,
  type FamilyDeclaration,
  type HubArg,
  HubBackbone,
} from "./backbone.ts";
export type { BlockSizes, HubLayer, HubWeight } from "./blocks.ts";
export { KERAS_HUB_BACKBONES, kerasHubBackbone } from "./families.ts";
export { kerasHubBackboneFromJson } from "./json.ts";
export {
  type BackboneFit,
  backboneOutputs,
  type BackboneRow,
  kerasHubPresetsFitting,
} from "./read.ts";
export {
  fromKerasHubPreset,
  kerasHubPresetNames,
  type PresetBackbone,
  type PresetEntry,
} from "./presets.ts";
export {
  HubTask,
  KERAS_HUB_TASKS,
  kerasHubTask,
  type TaskDeclaration,
  type TaskKind,
  type TaskLayer,
} from "./tasks.ts";
export { kerasHubTaskFromJson } from "./task_json.ts";
