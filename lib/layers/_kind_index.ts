// The registry's index of kinds by class name and alias, built here so that a name declared
// twice can be tested without loading two registries. Internal to `lib/layers/`.

import type { LayerKind } from "./kind.ts";

/**
 * Indexes kinds by class name and alias.
 *
 * @param kinds The kinds.
 * @returns Each name's kind.
 * @throws {Error} When two kinds (or one kind's aliases) declare the same name.
 */
export function indexKinds(kinds: readonly LayerKind[]): Map<string, LayerKind> {
  const byName = new Map<string, LayerKind>();
  for (const kind of kinds) {
    for (const name of [kind.className, ...(kind.aliases ?? [])]) {
      if (byName.has(name)) throw new Error(`Layer class ${name} is declared twice`);
      byName.set(name, kind);
    }
  }
  return byName;
}
