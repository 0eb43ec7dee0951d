// How a family declares its class of one rank (Conv2D of the convolutions, MaxPooling1D of the
// poolings, …): Keras's per-rank classes differ only in their kind and their rank, so one
// function makes them all. Internal to `lib/layers/`.

import type { Layer } from "./base.ts";
import type { KindDeclaration } from "./declaration.ts";
import { type LayerKind, positional } from "./kind.ts";

/**
 * The constructor of a layer class Keras declares once per rank (`Conv1D`, `Conv2D`, `Conv3D`,
 * …): its kind, and `new` with the kind's first option (`new Conv2D(32, { kernelSize: 3 })`) or
 * the whole configuration.
 *
 * @typeParam Args The layer's configuration.
 * @typeParam First The option that may come first, such as `"filters"`.
 * @typeParam L The layers it creates.
 */
export type RankedConstructor<Args, First extends keyof Args, L extends Layer> = {
  /** The declaration of the Keras class. */
  readonly kind: KindDeclaration<Layer>;
  /**
   * Creates the layer, checking its configuration.
   *
   * @param first The first option (`First`), or the whole configuration.
   * @param args The rest of the configuration, when the first option came first.
   */
  new (first: Args[First] | Args, args?: Omit<Args, First>): L;
};

/**
 * Declares the class of one rank of a family: a subclass of the family's abstract `Base` whose
 * static `kind` is the one `declare` makes, and whose constructor takes the kind's positional
 * option first, or the whole configuration.
 *
 * @param Base The family's base class; its constructor takes the configuration, the kind and the
 * number of spatial axes.
 * @param rank The number of spatial axes.
 * @param declare Declares the kind of that rank, given the function that creates a layer from
 * a configuration.
 * @returns The class, typed as the constructor `C` the caller names.
 */
export function rankedClass<
  L extends Layer,
  C extends { readonly kind: LayerKind } & (new (...args: never) => L),
>(
  Base: { readonly prototype: L },
  rank: number,
  declare: (rank: number, create: (config: Record<string, unknown>) => L) => LayerKind,
): C {
  // A type cannot say "abstract, with a protected constructor": the base is seen here as the
  // constructor its subclass calls, and the subclass as what `C` says it is. The subclass adds
  // only its kind, so what it creates is an `L`.
  const Family = Base as unknown as new (args: unknown, kind: LayerKind, rank: number) => object;
  const Ranked = class extends Family {
    static readonly kind: LayerKind = declare(rank, (config) => new Ranked(config) as L);
    constructor(first?: unknown, rest?: unknown) {
      super(positional(Ranked.kind, first, rest), Ranked.kind, rank);
    }
  };
  return Ranked as unknown as C;
}
