/**
 * Preloaded (`--require`) into the processes the CLI starts, the policy pack and the program: the process exits as
 * soon as its stdin, a pipe from the CLI, closes. The pipe closes however the CLI ends (normal exit, signal, crash,
 * SIGKILL), so neither ever outlives it.
 */
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
// Watching the pipe must not keep the process alive by itself (a pack that fails while loading still exits).
(process.stdin as unknown as { unref?: () => void }).unref?.();
