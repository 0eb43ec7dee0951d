// What keras-hub's TransformerEncoder and TransformerDecoder calls take besides their inputs,
// as keras_hub/src/layers/modeling/transformer_{encoder,decoder}.py declare them. Internal to
// lib/layers.

import type { CallTable } from "./call.ts";

/** What keras-hub's `TransformerEncoder.call` takes after its sequence, in its order. */
export const ENCODER_CALL: CallTable = {
  paddingMask: { takes: "tensors", about: "which positions of the sequence are padding" },
  attentionMask: { takes: "tensors", about: "which positions may attend to which" },
  training: { takes: "flag", about: "whether the call is in training mode" },
  // keras-hub returns (outputs, scores) when called eagerly; on a symbolic tensor its
  // compute_output_shape gives the input's shape alone, so the call returns one tensor.
  returnAttentionScores: {
    takes: "flag",
    about: "whether an eager call returns the scores too (a symbolic one returns the output alone)",
  },
};

const CACHE =
  "a cache of keys and values, given when generating token by token, which makes the call " +
  "return the caches too";

/** What keras-hub's `TransformerDecoder.call` takes after the decoder sequence, in its order. */
export const DECODER_CALL: CallTable = {
  encoderSequence: { takes: "tensors", about: "the sequence the cross-attention reads" },
  decoderPaddingMask: { takes: "tensors", about: "which decoder positions are padding" },
  decoderAttentionMask: { takes: "tensors", about: "which decoder positions see which" },
  encoderPaddingMask: { takes: "tensors", about: "which encoder positions are padding" },
  encoderAttentionMask: {
    takes: "tensors",
    about: "which decoder positions see which encoder ones",
  },
  selfAttentionCache: { takes: "unmodelled", about: CACHE },
  selfAttentionCacheUpdateIndex: { takes: "unmodelled", about: `the index into ${CACHE}` },
  crossAttentionCache: { takes: "unmodelled", about: CACHE },
  crossAttentionCacheUpdateIndex: { takes: "unmodelled", about: `the index into ${CACHE}` },
  useCausalMask: { takes: "flag", about: "whether a position sees only the ones before it" },
  training: { takes: "flag", about: "whether the call is in training mode" },
};

/**
 * Refuses `returnAttentionScores` for TransformerDecoder, saying why: keras-hub's
 * `TransformerDecoder.call` has no such argument (its encoder's has), and Keras refuses it too.
 */
export function refuseAttentionScores(
  layer: { readonly name: string; readonly className: string },
  callArgs: unknown,
): void {
  if (typeof callArgs !== "object" || callArgs === null) return;
  for (const name of ["returnAttentionScores", "return_attention_scores"]) {
    if (!Object.hasOwn(callArgs, name)) continue;
    throw new TypeError(
      `Unknown call argument "${name}" for layer "${layer.name}" (${layer.className}): ` +
        `keras-hub's TransformerDecoder.call has no return_attention_scores (only ` +
        `TransformerEncoder's call has it), so Keras refuses it too; its call takes ` +
        `${Object.keys(DECODER_CALL).join(", ")}`,
    );
  }
}
