/**
 * Pulumi's SDK sends four debug messages to the engine for every resource ("Registering resource", "RegisterResource
 * RPC prepared", ...), one at a time, each waiting for the engine's answer to the one before (sdk/nodejs/log/index.ts
 * keeps them in order), and the program cannot end until the last is answered. At 250 `VerifiedDomain`s that chain
 * of 10,000 round trips was the last third of the run. The engine shows no debug message (the CLI shows them only
 * with `--debug`), so in the program's process `log.debug` does what the SDK's own `debug` does when it runs without
 * an engine: nothing. Info, warnings and errors still go to the engine, in order.
 */

/** The SDK's log module. */
export const SDK_LOG_MODULE = /[\\/]@pulumi[\\/]pulumi[\\/]log[\\/]index\.js$/;

/** Makes the SDK log module's `debug` (given its exports) deliver nothing; a module without one is left as it is. */
export function quietDebugLogs(exports: unknown): void {
    const log = exports as { debug?: unknown } | undefined;
    if (typeof log?.debug !== "function") return;
    log.debug = (): Promise<void> => Promise.resolve();
}
