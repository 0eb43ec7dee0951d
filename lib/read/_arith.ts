// Evaluates the arithmetic people write beside a summary row (`4*(13*5 + 5*5 + 5)`,
// `4 × ((1 + 1) × 5 + 5^2)`), so a printed annotation can be checked against the printed count.
// Internal. One pass over the text, nesting capped: no input can make it slow or overflow the
// stack.

const MAX_DEPTH = 50;

/**
 * The value of an arithmetic expression with integers, `+ - * × · x / ^ **` and parentheses, or
 * `undefined` when the text is not such an expression (including `?`) or its value is not an
 * exact integer.
 */
export function evaluateArithmetic(text: string): number | undefined {
  const parser = new Parser(text);
  try {
    const value = parser.expression(0);
    parser.skipSpace();
    if (!parser.atEnd()) return undefined;
    return Number.isSafeInteger(value) ? value : undefined;
  } catch (error) {
    if (error instanceof NotArithmetic) return undefined;
    throw error;
  }
}

class NotArithmetic extends Error {}

class Parser {
  #text: string;
  #i = 0;

  constructor(text: string) {
    this.#text = text;
  }

  atEnd(): boolean {
    return this.#i >= this.#text.length;
  }

  skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.#text[this.#i])) this.#i++;
  }

  #peek(): string {
    this.skipSpace();
    return this.#text[this.#i] ?? "";
  }

  expression(depth: number): number {
    if (depth > MAX_DEPTH) throw new NotArithmetic();
    let value = this.#productOf(depth);
    for (;;) {
      const c = this.#peek();
      if (c === "+") {
        this.#i++;
        value += this.#productOf(depth);
      } else if (c === "-" || c === "−") {
        this.#i++;
        value -= this.#productOf(depth);
      } else {
        return value;
      }
    }
  }

  #productOf(depth: number): number {
    let value = this.#power(depth);
    for (;;) {
      const c = this.#peek();
      if (c === "*" && this.#text[this.#i + 1] !== "*") {
        this.#i++;
        value *= this.#power(depth);
      } else if (c === "×" || c === "·" || c === "x" || c === "X") {
        this.#i++;
        value *= this.#power(depth);
      } else if (c === "/" || c === "÷") {
        this.#i++;
        const divisor = this.#power(depth);
        if (divisor === 0) throw new NotArithmetic();
        value /= divisor;
      } else {
        return value;
      }
    }
  }

  #power(depth: number): number {
    if (depth > MAX_DEPTH) throw new NotArithmetic();
    const base = this.#atom(depth);
    const c = this.#peek();
    if (c === "^" || (c === "*" && this.#text[this.#i + 1] === "*")) {
      this.#i += c === "^" ? 1 : 2;
      const exponent = this.#power(depth + 1);
      if (!Number.isInteger(exponent) || exponent < 0 || exponent > 64) throw new NotArithmetic();
      return base ** exponent;
    }
    return base;
  }

  #atom(depth: number): number {
    if (depth > MAX_DEPTH) throw new NotArithmetic();
    const c = this.#peek();
    if (c === "(") {
      this.#i++;
      const value = this.expression(depth + 1);
      if (this.#peek() !== ")") throw new NotArithmetic();
      this.#i++;
      return value;
    }
    if (c === "-" || c === "−") {
      this.#i++;
      return -this.#atom(depth + 1);
    }
    const start = this.#i;
    while (!this.atEnd() && /[0-9,]/.test(this.#text[this.#i])) this.#i++;
    const digits = this.#text.slice(start, this.#i).replaceAll(",", "");
    if (digits === "" || digits.length > 16) throw new NotArithmetic();
    return Number(digits);
  }
}
