/**
 * Neither the policy pack process nor the program's process outlives the CLI: killed with SIGKILL (no handler can
 * run), ended by a signal, both end with it, through the pipes their watchdogs watch (watchdog.ts preloaded into the
 * pack; program-guard.ts beside the program, which runs as Pulumi's runner starts it). Linux: reads /proc.
 */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CLI_MAIN } from "../../testing/run-cli";
import { PROGRAMS } from "./fixtures";

/** The child process ids of `pid`. */
function children(pid: number): number[] {
    const tasks = fs.readdirSync(`/proc/${pid}/task`);
    return tasks.flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
}

function alive(pid: number): boolean {
    try {
        return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    } catch {
        return false;
    }
}

async function until<T>(what: string, probe: () => T | undefined, ms = 30_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
        const value = probe();
        if (value !== undefined) return value;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

/** The child of `pid` whose command line contains `marker`, if any. */
function childRunning(pid: number, marker: string): number | undefined {
    return children(pid).find((c) => {
        try {
            return fs.readFileSync(`/proc/${c}/cmdline`, "utf8").includes(marker);
        } catch {
            return false;
        }
    });
}

describe("engine: neither the pack nor the program outlives the CLI", function () {
    this.timeout(60_000);

    for (const signal of ["SIGKILL", "SIGTERM", "SIGINT"] as const) {
        it(`both end when the CLI is killed with ${signal} mid-run`, async () => {
            const cli = spawn(process.execPath, [CLI_MAIN, "preview", path.join(PROGRAMS, "never-ends")], { stdio: "ignore" });
            const exited = new Promise((resolve) => cli.once("exit", resolve));
            const pid = cli.pid as number;
            const pack = await until("the pack to start", () => childRunning(pid, "run-policy-pack"));
            const program = await until("the program to start", () => childRunning(pid, `cmd${path.sep}run${path.sep}index.js`));
            // The CLI starts the program's guard right after the program (program-guard.ts); killing the CLI between
            // the two is a window of microseconds for a user, but a loaded test machine can stretch it.
            await until("the program's guard to start", () => childRunning(pid, `\0${program}\0`));
            cli.kill(signal);
            await exited;
            for (const [what, child] of [
                ["pack", pack],
                ["program", program],
            ] as const) {
                await until(`the ${what} to end`, () => (alive(child) ? undefined : true), 10_000).catch(() => undefined);
                assert.equal(alive(child), false, `${what} ${child} still runs after the CLI got ${signal}`);
            }
        });
    }
});
