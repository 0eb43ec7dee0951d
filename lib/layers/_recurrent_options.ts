/**
 * The option tables of the recurrent layers and of their cells, for the recurrent files: a cell
 * has its layer's options less those of the sequence (RNN(cell) holds them).
 *
 * @module
 */

import { inert, KERNEL_EXTRAS, opt, type OptionTable } from "./options.ts";

/** SimpleRNN's options, in Keras's order. */
export const RECURRENT_OPTIONS = {
  units: opt.int(),
  returnSequences: opt.bool(false),
  returnState: opt.bool(false),
  useBias: opt.bool(true),
  activation: opt.activation("tanh"),
  dropout: { ...opt.fraction(0), inert: true },
  recurrentDropout: { ...opt.fraction(0), inert: true },
  goBackwards: { ...opt.bool(false), inert: true },
  stateful: { ...opt.bool(false), inert: true },
  unroll: { ...opt.bool(false), inert: true },
  ...KERNEL_EXTRAS,
  ...inert("recurrentInitializer", "recurrentRegularizer", "recurrentConstraint", "seed"),
};

const {
  returnSequences: _returnSequences,
  returnState: _returnState,
  goBackwards: _goBackwards,
  stateful: _stateful,
  unroll: _unroll,
  ...cellOptions
} = RECURRENT_OPTIONS;

/** SimpleRNNCell's options: SimpleRNN's less the sequence's, in the same order. */
export const CELL_OPTIONS = cellOptions;

/**
 * The gated tables built on a base table: the gated layers add the recurrent activation, LSTM
 * the forget gate's initial bias, GRU where the reset gate applies.
 *
 * @param base SimpleRNN's or SimpleRNNCell's table.
 * @returns The gated, LSTM and GRU tables.
 */
export function gatedOptions<T extends OptionTable>(base: T) {
  const gated = { ...base, recurrentActivation: opt.activation("sigmoid") };
  return {
    gated,
    lstm: { ...gated, ...inert("unitForgetBias") },
    gru: { ...gated, resetAfter: opt.bool(true) },
  };
}
