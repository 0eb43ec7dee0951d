/**
 * Whole-number arithmetic the row readers share: the greatest common divisor, and the positive
 * whole solutions of `a·x + b·y = total` (two sizes a count is affine in, such as an attention
 * layer's key and value widths), found in constant time rather than by trying every `x`.
 * Internal to `lib/layers/`.
 *
 * @module
 */

/**
 * The greatest common divisor of two whole numbers, `gcd(n, 0) = n`.
 *
 * @example
 * ```ts
 * import { gcd } from "./_integers.ts";
 * import assert from "assert";
 *
 * assert.equal(gcd(12, 18), 6);
 * assert.equal(gcd(7, 0), 7);
 * ```
 */
export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The positive whole solutions of `a·x + b·y = total`, as {@linkcode positiveSolutions} finds them. */
export interface PositiveSolutions {
  /** How many pairs `(x, y)` of whole numbers ≥ 1 solve it. */
  readonly count: number;
  /** The solution with `x` and `y` nearest each other. */
  readonly balanced: { readonly x: number; readonly y: number };
}

// x ≡ r (mod m) is found with the modular inverse, whose products stay below m²: past this
// modulus they could leave the exact integers, and no solution is claimed.
const MAX_MODULUS = 2 ** 26;

/**
 * The solutions in whole numbers `x, y ≥ 1` of `a·x + b·y = total`, for `a, b ≥ 1`: how many
 * there are and the most balanced one, or `undefined` when there is none (or the coefficients
 * are too large to solve exactly). The solutions' `x` form one arithmetic progression of step
 * `b / gcd(a, b)`, so nothing is enumerated.
 *
 * @param a The first coefficient.
 * @param b The second coefficient.
 * @param total The right-hand side.
 * @returns The count and the balanced solution, or `undefined`.
 *
 * @example 3x + 5y = 31: (2, 5), (7, 2)
 * ```ts
 * import { positiveSolutions } from "./_integers.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(positiveSolutions(3, 5, 31), { count: 2, balanced: { x: 2, y: 5 } });
 * assert.equal(positiveSolutions(4, 6, 31), undefined); // 31 is odd
 * ```
 */
export function positiveSolutions(
  a: number,
  b: number,
  total: number,
): PositiveSolutions | undefined {
  if (!(a >= 1 && b >= 1 && Number.isSafeInteger(a * b) && Number.isSafeInteger(total))) {
    return undefined;
  }
  const g = gcd(a, b);
  if (total % g !== 0) return undefined;
  const step = b / g;
  if (step > MAX_MODULUS) return undefined;
  // x ≡ (total / g) · (a / g)⁻¹ (mod step), the smallest such x ≥ 1.
  const residue = ((total / g) % step) * inverseMod((a / g) % step, step) % step;
  const first = residue === 0 ? step : residue;
  const last = Math.floor((total - b) / a);
  if (first > last) return undefined;
  const count = Math.floor((last - first) / step) + 1;
  // x = y at total / (a + b): the progression's nearest member, kept within the solutions.
  const k = Math.min(count - 1, Math.max(0, Math.round((total / (a + b) - first) / step)));
  const x = first + k * step;
  return { count, balanced: { x, y: (total - a * x) / b } };
}

/** The inverse of `n` modulo `m` (`n` and `m` coprime), by the extended Euclidean algorithm. */
function inverseMod(n: number, m: number): number {
  if (m === 1) return 0;
  let [r0, r1] = [m, n];
  let [t0, t1] = [0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  return ((t0 % m) + m) % m;
}

/**
 * The divisors of `n` (a positive safe integer), in order: O(√n).
 *
 * @example
 * ```ts
 * import { divisors } from "./_integers.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(divisors(12), [1, 2, 3, 4, 6, 12]);
 * assert.deepEqual(divisors(1), [1]);
 * ```
 */
export function divisors(n: number): number[] {
  const low: number[] = [];
  const high: number[] = [];
  for (let d = 1; d * d <= n; d++) {
    if (n % d !== 0) continue;
    low.push(d);
    if (d * d !== n) high.unshift(n / d);
  }
  return [...low, ...high];
}
