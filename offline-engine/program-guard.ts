/**
 * A guard that ends a program's process when ses-guard ends, however it ends (normal exit, crash, SIGKILL): a small
 * node process reading a pipe from ses-guard, which the kernel closes when ses-guard goes away, and then killing the
 * program. It sits outside the program, so the program runs exactly as Pulumi's runner starts it.
 */
import { spawn, type ChildProcess } from "node:child_process";

/** The guard's script: wait for the pipe from ses-guard to close, then kill the program (argv[1]). */
const GUARD = `process.stdin.on("end", () => { try { process.kill(Number(process.argv[1]), "SIGKILL"); } catch {} process.exit(0); });
process.stdin.on("error", () => process.stdin.emit("end"));
process.stdin.resume();`;

/** Starts the guard of `program`; ses-guard kills the guard itself once the program has ended. */
export function guardProcess(program: ChildProcess): ChildProcess | undefined {
    if (program.pid === undefined) return undefined;
    const guard = spawn(process.execPath, ["-e", GUARD, String(program.pid)], { stdio: ["pipe", "ignore", "ignore"] });
    guard.on("error", () => undefined);
    guard.stdin?.on("error", () => undefined);
    // The guard and its pipe must not keep ses-guard alive.
    guard.unref();
    (guard.stdin as unknown as { _handle?: { unref?: () => void } } | null)?._handle?.unref?.();
    return guard;
}
