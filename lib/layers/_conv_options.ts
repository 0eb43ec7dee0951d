/**
 * The options, the kind declaration and the TF.js arguments every convolution shares, for the
 * convolution files.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import type { Layer } from "./base.ts";
import { defineKind, type LayerKind } from "./kind.ts";
import { KERNEL_EXTRAS, opt, type OptionTable } from "./options.ts";
import { tfjsDataFormat } from "./_bridge_args.ts";
import { DATA_FORMAT, type Padding } from "./window.ts";
import { LORA_OPTIONS } from "./lora.ts";

/** The options every convolution has, in Keras's order around its own. */
export function windowOptions(rank: number, paddings: readonly Padding[] = ["valid", "same"]) {
  return {
    kernelSize: opt.tuple(rank),
    strides: opt.tuple(rank, 1),
    padding: opt.oneOf(paddings, "valid"),
    dilationRate: opt.tuple(rank, 1),
    useBias: opt.bool(true),
    dataFormat: DATA_FORMAT,
    activation: opt.activation(),
  };
}

/**
 * A convolution's options in Keras's order: its own leading ones (`filters`), the window's
 * kernel, strides and padding, its own after the padding, the dilation, its own after the
 * dilation, then the rest of the window's.
 */
export function aroundWindow<L extends object, P extends object, D extends object>(
  window: WindowOptions,
  lead: L,
  afterPadding: P,
  afterDilation: D,
) {
  const { kernelSize, strides, padding, dilationRate, ...rest } = window;
  return {
    ...lead,
    kernelSize,
    strides,
    padding,
    ...afterPadding,
    dilationRate,
    ...afterDilation,
    ...rest,
  };
}

/**
 * The options of a plain convolution: filters, the window's, groups, the kernel extras, and
 * Keras 3.15's LoRA.
 */
export function convOptions(rank: number) {
  return {
    ...aroundWindow(
      windowOptions(rank, rank === 1 ? ["valid", "same", "causal"] : ["valid", "same"]),
      { filters: opt.int() },
      {},
      { groups: opt.int(1) },
    ),
    ...KERNEL_EXTRAS,
    ...LORA_OPTIONS,
  };
}

/** The option table `windowOptions` returns. */
export type WindowOptions = ReturnType<typeof windowOptions>;
/** The option table `convOptions` returns. */
export type ConvOptions = ReturnType<typeof convOptions>;

/**
 * Declares a convolution kind of a given rank.
 *
 * @param className The Keras class name.
 * @param rank The number of spatial axes.
 * @param create The constructor.
 * @param extra What differs: aliases, TF.js, options, summary, positional, JSON hooks.
 * @returns The declaration.
 */
export function convKind(
  className: string,
  rank: number,
  create: (config: Record<string, unknown>) => Layer,
  extra: {
    aliases?: readonly string[];
    tfjs?: LayerKind["tfjs"];
    options?: OptionTable;
    summary?: string;
    positional?: string;
    jsonIgnored?: readonly string[];
    fromJson?: LayerKind["fromJson"];
    readers?: Pick<LayerKind, "why" | "describe" | "inputSize" | "pytorch" | "read" | "countForms">;
    samples?: LayerKind["samples"];
    macs?: LayerKind["macs"];
  } = {},
): LayerKind {
  return defineKind({
    className,
    aliases: extra.aliases,
    family: "convolutional",
    summary: extra.summary ??
      `A ${rank}D convolution: one kernel (window × input channels × filters) shared ` +
        `over every position, and a bias per filter.`,
    options: extra.options ?? convOptions(rank),
    positional: extra.positional ?? "filters",
    create,
    tfjs: extra.tfjs,
    jsonIgnored: extra.jsonIgnored,
    fromJson: extra.fromJson,
    samples: extra.samples,
    macs: extra.macs,
    ...extra.readers,
  });
}

/** A per-axis option as TF.js takes it: its 1D layers take one number for Keras's 1-tuple. */
export function tfjsTuple(tuple: unknown, rank: number): unknown {
  return rank === 1 ? (tuple as number[])[0] : tuple;
}

/** The TF.js arguments every convolution has: the window, how it moves, and what it adds. */
export function tfjsWindowArgs(c: Record<string, unknown>, rank: number): Record<string, unknown> {
  return {
    kernelSize: tfjsTuple(c.kernelSize, rank),
    strides: tfjsTuple(c.strides, rank),
    padding: c.padding,
    useBias: c.useBias,
    dataFormat: tfjsDataFormat(c.dataFormat),
    activation: c.activation ?? "linear",
  };
}

/**
 * Keras 2 writes `"groups": 1` for the convolutions that derive from its Conv class but ignore
 * groups; anything else was never a valid model.
 */
export const GROUPS_IN_KERAS2: Pick<LayerKind, "jsonIgnored" | "fromJson"> = {
  jsonIgnored: ["groups"],
  fromJson: (config) => {
    const groups = config.groups;
    if (groups !== undefined && groups !== null && groups !== 1) {
      throw new TypeError(
        `Unsupported option "groups": ${describeValue(groups)}: this layer has no groups; ` +
          `only the 1 that Keras 2 writes is read`,
      );
    }
    return {};
  },
};
