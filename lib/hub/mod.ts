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
  type HubArgs,
  HubBackbone,
  type HubSummaryRow,
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
  type BlockBreakdown,
  blockBreakdown,
  BREAKDOWN_PARTS,
  type BreakdownPart,
  partOf,
} from "./breakdown.ts";
export { backboneMacsPerToken, type TokenMacs } from "./compute.ts";
export {
  compareHuggingFace,
  huggingFaceBackbones,
  HuggingFaceComparison,
  huggingFaceCounterpart,
  type HuggingFaceModel,
  type HuggingFaceNone,
} from "./huggingface.ts";
export {
  HubTask,
  KERAS_HUB_TASKS,
  kerasHubTask,
  type TaskDeclaration,
  type TaskKind,
  type TaskLayer,
} from "./tasks.ts";
export { kerasHubTaskFromJson } from "./task_json.ts";
export { hubBackboneSummary, hubBackboneSummaryData } from "./summary.ts";
