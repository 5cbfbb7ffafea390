/**
 * A guard that ends a program's process when ses-guard ends, however it ends (normal exit, crash, SIGKILL): a POSIX
 * shell that kills the program once the pipe from ses-guard closes, which the kernel does when ses-guard goes away.
 * It sits outside the program, so the program runs exactly as Pulumi's runner starts it. A shell, not a second node:
 * it waits in `read` at about 1 MiB resident, where a node guard took 41 MiB beside a program of 720 MiB
 * (bench/README.md, 5).
 */
import { spawn, type ChildProcess } from "node:child_process";

/**
 * The guard's script: `read` returns at the end of its input (ses-guard never writes), and the program ($1) is
 * killed. ses-guard's end of the pipe is close-on-exec, so no other process holds it open.
 */
const GUARD = 'read -r _; kill -KILL "$1" 2>/dev/null';

/** Starts the guard of `program`; ses-guard kills the guard itself once the program has ended. */
export function guardProcess(program: ChildProcess): ChildProcess | undefined {
    if (program.pid === undefined) return undefined;
    const guard = spawn("/bin/sh", ["-c", GUARD, "ses-guard-program-guard", String(program.pid)], { stdio: ["pipe", "ignore", "ignore"] });
    guard.on("error", () => undefined);
    guard.stdin?.on("error", () => undefined);
    // The guard and its pipe must not keep ses-guard alive.
    guard.unref();
    (guard.stdin as unknown as { _handle?: { unref?: () => void } } | null)?._handle?.unref?.();
    return guard;
}
