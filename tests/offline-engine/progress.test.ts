/**
 * Progress lines: shown on a terminal for a step longer than two seconds, erased after; on a pipe or CI log, one plain
 * line per interval (ten seconds in use; shorter here) with the stage, the time and how far.
 */
import * as assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { LOG_INTERVAL_MS, withProgress } from "../../offline-engine/progress";

async function written(isTTY: boolean, stepMs: number): Promise<string> {
    const stderr = process.stderr as { isTTY?: boolean; write: typeof process.stderr.write };
    const { write } = stderr;
    const wasTTY = stderr.isTTY;
    let out = "";
    stderr.isTTY = isTTY;
    stderr.write = ((chunk: string | Uint8Array) => {
        out += String(chunk);
        return true;
    }) as typeof process.stderr.write;
    try {
        assert.equal(await withProgress("running the program in infra", () => new Promise((r) => setTimeout(() => r(42), stepMs))), 42);
    } finally {
        stderr.write = write;
        stderr.isTTY = wasTTY;
    }
    return out;
}

describe("engine: progress on a terminal", function () {
    this.timeout(20_000);

    it("shows what runs and for how long once a step passes two seconds, then erases the line", async () => {
        const out = await written(true, 3200);
        assert.match(out, /^\r\x1b\[2Kses-guard: running the program in infra \(\d+ s\)/);
        assert.ok(out.endsWith("\r\x1b[2K"), JSON.stringify(out));
    });

    it("writes nothing for a short step on a terminal", async () => {
        assert.equal(await written(true, 50), "");
    });
});

describe("engine: progress in a CI log (not a terminal)", function () {
    this.timeout(20_000);

    /** What a step of `stepMs` writes to a pipe with lines every `intervalMs`, the step counting `done` up meanwhile. */
    async function logged(stepMs: number, intervalMs: number): Promise<string[]> {
        const stream = new PassThrough();
        let out = "";
        stream.on("data", (c: Buffer) => (out += c.toString()));
        let done = 0;
        const counting = setInterval(() => done++, 10);
        try {
            const result = await withProgress(
                "checking 500 deployed resources of stack.json with the policy pack",
                () => new Promise((r) => setTimeout(() => r(7), stepMs)),
                {
                    stream,
                    intervalMs,
                    howFar: () => `Analyze ${done} of 500 resources`,
                },
            );
            assert.equal(result, 7);
        } finally {
            clearInterval(counting);
        }
        return out.split("\n").filter((l) => l !== "");
    }

    it("prints one plain line per interval with the stage, the time so far and how far, never more", async () => {
        const lines = await logged(1_050, 200);
        assert.ok(lines.length >= 3 && lines.length <= 5, `${lines.length} lines in 1.05 s at one per 200 ms:\n${lines.join("\n")}`);
        for (const line of lines) {
            assert.match(line, /^ses-guard: checking 500 deployed resources of stack\.json with the policy pack \(\d+ s; Analyze \d+ of 500 resources\)$/);
            assert.ok(!line.includes("\x1b") && !line.includes("\r"), JSON.stringify(line));
        }
        const counts = lines.map((l) => Number(/Analyze (\d+)/.exec(l)?.[1]));
        assert.ok(
            counts.every((n, i) => i === 0 || n > counts[i - 1]),
            `how far grows: ${counts.join(", ")}`,
        );
    });

    it("prints nothing for a step shorter than the interval, and uses about ten seconds by default", async () => {
        assert.deepEqual(await logged(100, 500), []);
        assert.equal(LOG_INTERVAL_MS, 10_000);
    });
});
