/**
 * A guard that ends a program's process when ses-guard ends, however it ends (normal exit, crash, SIGKILL): a small
 * node process that kills the program when the pipe from ses-guard closes (the kernel closes it when ses-guard goes
 * away) or when it finds itself re-parented. It sits outside the program, so the program runs exactly as Pulumi's
 * runner starts it.
 */
import { spawn, type ChildProcess } from "node:child_process";

/**
 * The guard's script: kill the program (argv[1]) once the pipe from ses-guard closes, or once the guard's parent
 * is no longer ses-guard (it was re-parented: ses-guard is gone), whichever it sees first.
 */
const GUARD = `const program = Number(process.argv[1]);
const parent = process.ppid;
const end = () => { try { process.kill(program, "SIGKILL"); } catch {} process.exit(0); };
process.stdin.on("end", end);
process.stdin.on("error", end);
process.stdin.resume();
setInterval(() => { if (process.ppid !== parent) end(); }, 250);`;

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
