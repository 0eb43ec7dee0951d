/**
 * plotly.js's own types, for the builders to check their traces and layouts against. Internal:
 * the public figure types in `figure.ts` are plain JSON.
 *
 * @module
 */

// @ts-types="@types/plotly.js"
export type { Config, Data, Layout } from "plotly.js-cartesian-dist-min";
