/**
 * What Linux says about a pack process: its peak resident memory (VmHWM) and the CPU time it has used.
 */
import * as fs from "node:fs";

/** Peak resident set size of `pid` in bytes (`VmHWM` in /proc/<pid>/status). */
export function peakRssBytes(pid: number): number {
    const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    if (!m) throw new Error(`/proc/${pid}/status has no VmHWM line`);
    return Number(m[1]) * 1024;
}

/** Clock ticks per second for /proc/<pid>/stat times; 100 on every Linux this runs on (USER_HZ). */
const CLOCK_TICKS = 100;

/** User plus system CPU time `pid` has used, in ms (10 ms resolution). */
export function cpuMs(pid: number): number {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * `pid`'s CPU time (as {@link cpuMs}) once it has gone quiet: after a window of `windowMs` in which it used at most
 * one clock tick, or after `limitMs` whatever it does. A pack goes on collecting garbage for a while after it
 * answers; waiting for that counts the work for the call that caused it, and keeps it out of the next call, which
 * may be another pack's on the same cores.
 */
export async function cpuMsWhenIdle(pid: number, windowMs = 100, limitMs = 5_000): Promise<number> {
    const tick = 1000 / CLOCK_TICKS;
    let last = cpuMs(pid);
    for (let waited = 0; waited < limitMs; waited += windowMs) {
        await new Promise((resolve) => setTimeout(resolve, windowMs));
        const now = cpuMs(pid);
        if (now - last <= tick) return now;
        last = now;
    }
    return last;
}
