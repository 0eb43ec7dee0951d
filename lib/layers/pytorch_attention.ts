/**
 * The PyTorch counterparts of Keras's attention projections: `torch.nn.MultiheadAttention` for a
 * MultiHeadAttention whose heads torch can hold, and why none exists otherwise.
 *
 * `torch.nn.MultiheadAttention(embed_dim, num_heads, bias=True, add_bias_kv=False, kdim=None,
 * vdim=None)` has no per-head size of its own: each head is `embed_dim // num_heads` wide, the
 * query, key and value are all projected to `embed_dim` columns and the output is `embed_dim`
 * wide again. Keras's `key_dim` and `value_dim` are free, as is its `output_shape`. Its parameters
 * (torch's `named_parameters()`): `in_proj_weight` (3·E, E) when the key and value are as wide as
 * the query, else `q_proj_weight` (E, E), `k_proj_weight` (E, kdim) and `v_proj_weight` (E, vdim);
 * `in_proj_bias` (3·E) and `out_proj.bias` (E) with `bias`; `out_proj.weight` (E, E); and with
 * `add_bias_kv`, `bias_k` and `bias_v` (1, 1, E), which Keras has no option for.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import type { Layer } from "./base.ts";
import { type PyTorchCounterpart, type PyTorchTensor, pytorchTensor } from "./pytorch.ts";

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * The PyTorch counterpart of a built Keras MultiHeadAttention: `torch.nn.MultiheadAttention`
 * when every projection is `numHeads × keyDim = query width` columns wide and the output keeps
 * the query's width; otherwise none, saying which of Keras's sizes torch has no argument for and
 * how the same count is written with `torch.nn.Linear`.
 *
 * @param layer A built MultiHeadAttention (its inputs: query, value, key).
 * @returns The module, or why none matches.
 *
 * @example 4 heads of 16 on 64 features: torch.nn.MultiheadAttention(64, 4), 16,640 in both
 * ```ts
 * import { MultiHeadAttention } from "../../mod.ts";
 * import { multiHeadAttentionCounterpart } from "./pytorch_attention.ts";
 * import assert from "assert";
 *
 * const mha = new MultiHeadAttention(4, { keyDim: 16, inputShape: [10, 64] });
 * const torch = multiHeadAttentionCounterpart(mha);
 * assert.ok("module" in torch);
 * assert.equal(torch.module, "torch.nn.MultiheadAttention(64, 4, batch_first=True)");
 * assert.equal(torch.weights.reduce((n, w) => n + w.size, 0), 16_640);
 * ```
 */
export function multiHeadAttentionCounterpart(layer: Layer): PyTorchCounterpart {
  const [query, value, key] = layer.inputShapes() as readonly Shape[];
  const c = layer.config;
  const h = c.numHeads as number;
  const keyDim = c.keyDim as number;
  const valueDim = (c.valueDim as number | null | undefined) ?? keyDim;
  const bias = c.useBias !== false;
  const e = query.at(-1) as number;
  const nk = key.at(-1) as number, nv = value.at(-1) as number;
  const given = c.outputShape as number | readonly number[] | null | undefined;
  const out = given === null || given === undefined
    ? [e]
    : typeof given === "number"
    ? [given]
    : [...given];
  const outWidth = out.reduce((a, b) => a * b, 1);
  const axes = c.attentionAxes as number | readonly number[] | null | undefined;
  const oneAxis = query.length === 3 &&
    (axes === null || axes === undefined || [1, -2].includes(
      typeof axes === "number" ? axes : axes.length === 1 ? axes[0] : NaN,
    ));
  const handWritten = () =>
    `Written by hand with torch.nn.Linear it holds the same ${fmt(layer.paramCount())} ` +
    `parameters: query Linear(${e}, ${h * keyDim}), key Linear(${nk}, ${h * keyDim}), ` +
    (c.useGate === true ? `gate Linear(${e}, ${h * valueDim}), ` : "") +
    `value Linear(${nv}, ${h * valueDim}), output Linear(${h * valueDim}, ${outWidth})` +
    `${bias ? "" : ", each with bias=False"}, the heads split and joined with view().`;
  if (!oneAxis) {
    return {
      none: `No torch.nn.MultiheadAttention matches: it attends over one sequence axis of a ` +
        `(batch, sequence, features) input, and this query has shape (${
          query.map((d) => d ?? "None").join(", ")
        })${axes === null || axes === undefined ? "" : ` with attentionAxes ${String(axes)}`}. ` +
        (axes === null || axes === undefined
          ? `Keras attends over all ${query.length - 2} position axes at once: with them ` +
            `flattened into one, x.flatten(1, -2), the model is torch's over one sequence. `
          : "") +
        handWritten(),
    };
  }
  if (c.useGate === true) {
    return {
      none: `No torch.nn.MultiheadAttention matches: torch has no gated attention (Keras's ` +
        `useGate adds a sigmoid gate projection of the query). ${handWritten()}`,
    };
  }
  const misfits: string[] = [];
  const keyMisfit = h * keyDim !== e;
  if (keyMisfit) {
    misfits.push(
      `torch has no per-head key_dim: each head is embed_dim / num_heads = ${e} / ${h}` +
        `${e % h === 0 ? ` = ${e / h}` : ", not a whole number,"} wide, and Keras's keyDim ` +
        `${keyDim} × ${h} heads projects the query and key${
          valueDim === keyDim ? " (and the value, valueDim being keyDim)" : ""
        } to ${h * keyDim} columns instead of ${e}`,
    );
  }
  if (h * valueDim !== e && !(keyMisfit && valueDim === keyDim)) {
    misfits.push(
      `torch has no per-head value_dim: valueDim ${valueDim} × ${h} heads projects the value ` +
        `to ${h * valueDim} columns where torch projects it to ${e}`,
    );
  }
  if (out.length !== 1 || out[0] !== e) {
    misfits.push(
      `torch's output is embed_dim = ${e} wide, and outputShape asks for (${out.join(", ")})`,
    );
  }
  if (misfits.length > 0) {
    return {
      none: `No torch.nn.MultiheadAttention matches: ${misfits.join("; ")}. ${handWritten()}`,
    };
  }
  const packed = nk === e && nv === e;
  const weights: PyTorchTensor[] = [
    ...(packed ? [pytorchTensor("in_proj_weight", [3 * e, e])] : [
      pytorchTensor("q_proj_weight", [e, e]),
      pytorchTensor("k_proj_weight", [e, nk]),
      pytorchTensor("v_proj_weight", [e, nv]),
    ]),
    ...(bias ? [pytorchTensor("in_proj_bias", [3 * e])] : []),
    pytorchTensor("out_proj.weight", [e, e]),
    ...(bias ? [pytorchTensor("out_proj.bias", [e])] : []),
  ];
  const args = [
    String(e),
    String(h),
    ...(bias ? [] : ["bias=False"]),
    ...(packed ? [] : [`kdim=${nk}`, `vdim=${nv}`]),
    "batch_first=True",
  ];
  return {
    module: `torch.nn.MultiheadAttention(${args.join(", ")})`,
    weights,
    why: (keras, pytorch) => [
      keras === pytorch
        ? `The same ${fmt(keras)} parameters in another layout: torch's heads are ` +
          `embed_dim / num_heads = ${e} / ${h} = ${keyDim} wide, which is Keras's keyDim and ` +
          `valueDim here.`
        : `${fmt(pytorch - keras)} more in PyTorch.`,
      packed
        ? `torch packs the query, key and value projections into one in_proj_weight ` +
          `(3·${e}, ${e})${bias ? ` and in_proj_bias (3·${e})` : ""}, where Keras keeps ` +
          `three (${e}, ${h}, ${keyDim}) kernels${bias ? ` and (${h}, ${keyDim}) biases` : ""}.`
        : `The key and value are ${nk} and ${nv} wide, not ${e}: torch's kdim=${nk} and ` +
          `vdim=${nv}, with separate q_proj_weight (${e}, ${e}), k_proj_weight (${e}, ${nk}) ` +
          `and v_proj_weight (${e}, ${nv})${
            bias ? ` and one in_proj_bias (3·${e})` : ""
          }, where Keras keeps (${e}, ${h}, ${keyDim}), (${nk}, ${h}, ${keyDim}) and (${nv}, ` +
          `${h}, ${valueDim}) kernels.`,
      `torch's out_proj is Keras's attention_output: (${e}, ${e}) against (${h}, ${valueDim}, ` +
      `${e}). torch's add_bias_kv=True would add a learned key and value, bias_k and bias_v ` +
      `(1, 1, ${e}), 2 × ${e} = ${2 * e} parameters Keras has no option for; its default, ` +
      `False, is the match.`,
    ],
  };
}

/**
 * Why no PyTorch module is a Keras GroupedQueryAttention: torch.nn has none; its
 * `scaled_dot_product_attention(enable_gqa=True)` computes grouped-query attention but holds no
 * weights, so the projections are written with `torch.nn.Linear`.
 *
 * @param layer A built GroupedQueryAttention.
 * @returns Why none matches, with the Linear layers that hold the same count.
 *
 * @example
 * ```ts
 * import { GroupedQueryAttention } from "../../mod.ts";
 * import { groupedQueryAttentionCounterpart } from "./pytorch_attention.ts";
 * import assert from "assert";
 *
 * const gqa = new GroupedQueryAttention({
 *   headDim: 16, numQueryHeads: 8, numKeyValueHeads: 2, inputShape: [10, 64],
 * });
 * const torch = groupedQueryAttentionCounterpart(gqa);
 * assert.ok("none" in torch);
 * assert.match(torch.none, /key Linear\(64, 32\)/);
 * ```
 */
export function groupedQueryAttentionCounterpart(layer: Layer): PyTorchCounterpart {
  const [query, value, key] = layer.inputShapes() as readonly Shape[];
  const c = layer.config;
  const hd = c.headDim as number, q = c.numQueryHeads as number, kv = c.numKeyValueHeads as number;
  const e = query.at(-1) as number;
  const bias = c.useBias !== false;
  return {
    none: `torch.nn has no grouped-query attention module: torch.nn.MultiheadAttention gives ` +
      `every head its own key and value, and torch.nn.functional.scaled_dot_product_attention` +
      `(enable_gqa=True) shares them but holds no weights. Written by hand with ` +
      `torch.nn.Linear it holds the same ${fmt(layer.paramCount())} parameters: query ` +
      `Linear(${e}, ${q * hd}), key Linear(${key.at(-1)}, ${kv * hd}), value ` +
      `Linear(${value.at(-1)}, ${kv * hd}), output Linear(${q * hd}, ${e})` +
      `${bias ? "" : ", each with bias=False"}, as Hugging Face's Llama writes q_proj, k_proj, ` +
      `v_proj and o_proj.`,
  };
}
