// How this project drives headless Chromium (figure pictures for the notebooks, the browser test,
// the README's pictures): no sandbox (CI runs as root), no GPU, nothing that reaches for the
// network on its own, a fresh profile each time, and a minimal DevTools client to talk to it.

import { join } from "node:path";

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

/** The first of `chromium`, `chromium-browser`, `google-chrome` on `PATH`, if any. */
export async function findChromium(): Promise<string | undefined> {
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      const { success, stdout } = await new Deno.Command("which", { args: [name] }).output();
      const path = new TextDecoder().decode(stdout).trim();
      if (success && path) return path;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

type Listener = (method: string, params: Record<string, unknown>, session?: string) => void;

/** A minimal Chrome DevTools Protocol client over one WebSocket, with flat sessions. */
export class DevTools {
  #socket: WebSocket;
  #nextId = 1;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #listeners: Listener[] = [];

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) pending?.reject(new Error(JSON.stringify(message.error)));
        else pending?.resolve(message.result);
      } else {
        for (const listener of this.#listeners) {
          listener(message.method, message.params, message.sessionId);
        }
      }
    };
  }

  /** Connects to a browser's DevTools WebSocket URL. */
  static connect(url: string): Promise<DevTools> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.onopen = () => resolve(new DevTools(socket));
      socket.onerror = () => reject(new Error(`Cannot connect to ${url}`));
    });
  }

  /** Sends one command and resolves its result. */
  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<T> {
    const id = this.#nextId++;
    this.#socket.send(JSON.stringify({ id, method, params, sessionId }));
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
  }

  /** Calls `listener` for every event. */
  on(listener: Listener): void {
    this.#listeners.push(listener);
  }

  /** Resolves at the next `method` event of a session. */
  waitFor(method: string, sessionId: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`No ${method} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.on((m, _p, s) => {
        if (m === method && s === sessionId) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  /** Opens a blank page and attaches to it. */
  async newPage(): Promise<{ targetId: string; sessionId: string }> {
    const { targetId } = await this.send<{ targetId: string }>("Target.createTarget", {
      url: "about:blank",
    });
    const { sessionId } = await this.send<{ sessionId: string }>("Target.attachToTarget", {
      targetId,
      flatten: true,
    });
    return { targetId, sessionId };
  }

  /** Evaluates an expression in a page, awaiting a promise, and returns its value. */
  async evaluate<T>(sessionId: string, expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send<{
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true }, sessionId);
    if (exceptionDetails) {
      throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    }
    return result.value;
  }

  /** Closes the socket. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.readyState === WebSocket.CLOSED) return resolve();
      this.#socket.onclose = () => resolve();
      this.#socket.close();
    });
  }
}

/** A running headless Chromium with its DevTools connection. */
export interface Browser {
  readonly devtools: DevTools;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with a fresh profile and no network (every host name fails to
 * resolve, so only a page's own bytes count), and connects to it.
 */
export async function launchChromium(
  chromium: string,
  extraFlags: string[] = [],
): Promise<Browser> {
  const profile = await Deno.makeTempDir({ prefix: "paramlab_chromium_" });
  const process = new Deno.Command(chromium, {
    args: [
      ...HEADLESS_CHROMIUM_FLAGS,
      "--host-resolver-rules=MAP * ~NOTFOUND",
      "--allow-file-access-from-files",
      "--window-size=1280,900",
      "--remote-debugging-address=127.0.0.1",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      ...extraFlags,
      "about:blank",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const stop = async () => {
    try {
      process.kill();
    } catch {
      // Already gone.
    }
    await process.status;
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  };
  // Chromium writes the port it chose, and the browser's DevTools path, into the profile.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const [port, path] = (await Deno.readTextFile(join(profile, "DevToolsActivePort")))
        .trim().split("\n");
      if (port && path) {
        const devtools = await DevTools.connect(`ws://127.0.0.1:${port}${path}`);
        return {
          devtools,
          async close() {
            await devtools.send("Browser.close").catch(() => {});
            await devtools.close();
            await stop();
          },
        };
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        await stop();
        throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error("Chromium did not open its DevTools port within 30 s");
}
