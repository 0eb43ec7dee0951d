// How this project starts headless Chromium (the browser test and the README's pictures): no
// sandbox (CI runs as root), no GPU, and nothing that reaches for the network on its own.

/** The flags every headless Chromium run here starts with. */
export const HEADLESS_CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];
