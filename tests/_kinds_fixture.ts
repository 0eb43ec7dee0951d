// The Keras 3 model that holds one layer of (almost) every activation, regularization,
// preprocessing and normalization kind: its to_json() and the summary Keras printed for it, both
// generated with Keras 3.15.1 by tests/fixtures/keras3_activation_noise_preprocessing.py. The
// family tests read their layers' rows from Keras's own text, never from our code.

const FIXTURES = new URL("./fixtures/", import.meta.url);

/** The model's `to_json()`, as Keras 3.15.1 wrote it. */
export const KINDS_JSON: string = Deno.readTextFileSync(
  new URL("keras3_activation_noise_preprocessing.json", FIXTURES),
);

/** The summary Keras 3.15.1 printed for it (76 columns, no terminal). */
export const KINDS_SUMMARY: string = Deno.readTextFileSync(
  new URL("keras3_activation_noise_preprocessing.summary.txt", FIXTURES),
);

/** One row of Keras's box table. */
export interface KerasRow {
  readonly className: string;
  readonly outputShape: string;
  readonly params: number;
}

/** The rows of a Keras 3 box table by layer name, a name wrapped over two lines joined again. */
export function kerasRows(summary: string): Map<string, KerasRow> {
  const cells: string[][] = [];
  for (const line of summary.split("\n")) {
    if (!line.startsWith("│")) continue;
    const [, name, shape, params] = line.split("│").map((cell) => cell.trim());
    if (params !== "") cells.push([name, shape, params]);
    else cells.at(-1)![0] += ` ${name}`;
  }
  const rows = new Map<string, KerasRow>();
  for (const [nameAndClass, outputShape, params] of cells) {
    const match = /^(\S+) \((\w+)\)$/.exec(nameAndClass);
    if (!match) throw new Error(`Unreadable row: ${nameAndClass}`);
    rows.set(match[1], {
      className: match[2],
      outputShape,
      params: Number(params.replaceAll(",", "")),
    });
  }
  return rows;
}
