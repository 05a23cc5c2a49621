// Where the core's messages go: the console in the app and the CLI, nowhere in tests.

export interface Logger {
  info(message: string, extra?: unknown): void;
  warn(message: string, extra?: unknown): void;
  error(message: string, extra?: unknown): void;
}

export const consoleLogger: Logger = {
  info: (m, e) => console.log(`[carebeds] ${m}`, e ?? ''),
  warn: (m, e) => console.warn(`[carebeds] ${m}`, e ?? ''),
  error: (m, e) => console.error(`[carebeds] ${m}`, e ?? ''),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
