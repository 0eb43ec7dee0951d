// The TF.js bridge's arguments that several families spell alike: a data format, and a recurrent
// cell's arguments (a recurrent layer's are a cell's and more). Internal to `lib/layers/`; its
// name does not say TF.js because mod.ts's graph is checked for TF.js modules by name, and this
// one imports nothing of TF.js.

/** TF.js's spelling of a data format. */
export function tfjsDataFormat(dataFormat: unknown): string {
  return dataFormat === "channels_first" ? "channelsFirst" : "channelsLast";
}

/**
 * The TF.js arguments of a recurrent cell, from a layer's or a cell's configuration: its size,
 * bias, activations and dropouts, and the initializers TF.js builds fastest.
 */
export function tfjsCellArgs(c: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    units: c.units,
    useBias: c.useBias,
    activation: c.activation ?? "linear",
    ...("recurrentActivation" in c
      ? { recurrentActivation: c.recurrentActivation ?? "linear" }
      : {}),
    dropout: c.dropout,
    recurrentDropout: c.recurrentDropout,
    kernelInitializer: "glorotUniform",
    recurrentInitializer: "orthogonal",
  };
}
