// The envelope of a Keras object keras-hub serializes (`registered_name` `keras_hub>Class`, or
// keras-nlp's `keras_nlp>…`, and a `config`), read once for backbones and task models alike.
// Internal to lib/hub.

import { describeValue } from "../errors.ts";

/** A snake_case key of a Keras config in camelCase. */
export function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A camelCase argument by keras-hub's Python name. */
export function snake(camelName: string): string {
  return camelName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * The class and config of a serialized keras-hub object, given as JSON text or parsed.
 *
 * @param what What it should be, for the errors: `"backbone"` or `"task"`.
 * @throws {TypeError} For a value with no config, no class, or a config that is no object.
 */
export function serializedObject(
  json: unknown,
  what: string,
): { className: string; config: Record<string, unknown> } {
  const value = typeof json === "string" ? JSON.parse(json) : json;
  if (typeof value !== "object" || value === null || !("config" in value)) {
    throw new TypeError(
      `A keras-hub ${what}'s JSON has a class_name and a config, received ${describeValue(value)}`,
    );
  }
  const { class_name, registered_name, config } = value as {
    class_name?: unknown;
    registered_name?: unknown;
    config?: unknown;
  };
  const registered = typeof registered_name === "string"
    ? /^keras_(?:hub|nlp)>(.+)$/.exec(registered_name)?.[1]
    : undefined;
  const className = registered ?? class_name;
  if (typeof className !== "string") {
    throw new TypeError(`A keras-hub ${what}'s JSON names no class: ${describeValue(value)}`);
  }
  if (typeof config !== "object" || config === null) {
    throw new TypeError(
      `${className}'s JSON config must be an object, received ${describeValue(config)}`,
    );
  }
  return { className, config: config as Record<string, unknown> };
}
