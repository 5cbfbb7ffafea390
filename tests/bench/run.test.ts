import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

/** The bench entry point, run on `args`; it reads its command line before it starts any benchmark. */
function bench(...args: string[]): { status: number | null; stderr: string } {
    const entry = path.resolve(__dirname, "../../bench/run.js");
    const run = spawnSync(process.execPath, [entry, ...args], { encoding: "utf8", timeout: 30_000 });
    return { status: run.status, stderr: run.stderr };
}

describe("bench: run, its command line", () => {
    for (const [what, args, says] of [
        ["an unknown option", ["--help-me"], /Unknown option '--help-me'/],
        ["an option without its value", ["--sizes"], /--sizes/],
        ["a size that is not one", ["--sizes", "ten"], /--sizes: 'ten' is not a list of stack sizes/],
        ["an unknown benchmark", ["--only", "speed"], /--only: unknown benchmark 'speed'; choose from start, stack/],
    ] as const) {
        it(`refuses ${what} with its message and the usage, exit 2, no stack trace`, () => {
            const run = bench(...args);
            assert.equal(run.status, 2, run.stderr);
            assert.match(run.stderr, says);
            assert.match(run.stderr, /usage: node dist\/bench\/run\.js/);
            assert.doesNotMatch(run.stderr, /^\s+at /m, "no stack trace for a bad command line");
        });
    }
});
