// A printed row's cells, each read (lib/read/_cells.ts), made one row: its output normalised
// once, cut cells marked. Internal to the reader.

import { type Connections, type CountCell, type ShapeRead, splitOutput } from "./_cells.ts";
import { isInputClass } from "../layers/registry.ts";
import type { ParsedRow } from "./rows.ts";
import type { Shape } from "../shape.ts";

/** One printed row's cells (name, output, input, count, connections) as one row. */
export function rowOf(
  name: { name: string; className?: string; classCut: boolean; nameCut: boolean },
  read: ShapeRead,
  input: ShapeRead | undefined,
  count: CountCell,
  connections: Connections | undefined,
  index: number,
): ParsedRow {
  // An input layer has one output: a list cut after its one whole shape is that shape.
  const output = isInputClass(name.className ?? "") && read.cut && read.partial === false &&
      read.value !== null && read.value.length === 1 && Array.isArray(read.value[0])
    ? { ...read, value: read.value[0] as Shape }
    : read;
  return {
    name: name.name,
    ...(name.className !== undefined ? { className: name.className } : {}),
    ...(name.classCut ? { classNameCut: true } : {}),
    ...(name.nameCut ? { nameCut: true } : {}),
    outputShape: output.value,
    ...splitOutput(output.value),
    // An input layer has one output: a list cut after its one whole shape lost only its `]`.
    ...(output.cut && !(isInputClass(name.className ?? "") && output.partial === false &&
        output.value !== null && !Array.isArray(output.value[0]))
      ? {
        outputShapeCut: true,
        ...(output.digits === undefined ? {} : { outputShapeCutDigits: output.digits }),
        ...(output.partial && output.value !== null && Array.isArray(output.value[0])
          ? { outputLastCut: true }
          : {}),
      }
      : {}),
    ...(input ? { inputShape: input.value } : {}),
    paramCount: count.value,
    ...(count.cut ? { paramCountCut: true, paramCountPrefix: count.printedPrefix ?? "" } : {}),
    ...(count.unbuilt ? { unbuilt: true } : {}),
    ...(count.annotation !== undefined ? { annotation: count.annotation } : {}),
    ...(connections ? { inbound: connections.names } : {}),
    // An index cut short (-1) is recorded too: it is no first output.
    ...(connections?.tensors.some((t) => t !== 0) ? { inboundTensors: connections.tensors } : {}),
    ...(connections?.namesCut.some((c) => c) ? { inboundNamesCut: connections.namesCut } : {}),
    ...(connections?.cut ? { inboundCut: true } : {}),
    line: index + 1,
  };
}

/** A row with further `Connected to` entries appended. */
export function withMoreInbound(row: ParsedRow, more: Connections): ParsedRow {
  const before = row.inbound ?? [];
  const tensors = [...(row.inboundTensors ?? before.map(() => 0)), ...more.tensors];
  const namesCut = [...(row.inboundNamesCut ?? before.map(() => false)), ...more.namesCut];
  return {
    ...row,
    inbound: [...before, ...more.names],
    ...(tensors.some((t) => t !== 0) ? { inboundTensors: tensors } : {}),
    ...(namesCut.some((c) => c) ? { inboundNamesCut: namesCut } : {}),
  };
}
