/** Progress lines: shown on a terminal for a step longer than two seconds, erased after; never on a pipe. */
import * as assert from "node:assert/strict";
import { withProgress } from "../../offline-engine/progress";

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

    it("writes nothing for a short step, or when stderr is not a terminal", async () => {
        assert.equal(await written(true, 50), "");
        assert.equal(await written(false, 2500), "");
    });
});
