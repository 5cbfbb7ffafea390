/**
 * Preloaded (`--require`) into the policy pack process: the pack exits as soon as its stdin, a pipe from the CLI,
 * closes. The pipe closes however the CLI ends (normal exit, signal, crash, `process.exit` in a program, SIGKILL),
 * so the pack never outlives it.
 */
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
// Watching the pipe must not keep the pack alive by itself (a pack that fails while loading still exits).
(process.stdin as unknown as { unref?: () => void }).unref?.();
