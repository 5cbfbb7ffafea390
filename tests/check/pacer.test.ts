import * as assert from "node:assert/strict";
import { Pacer } from "../../check/pacer";

describe("check: Pacer", () => {
    it("starts requests at least 1/rps apart, in the order they asked", async () => {
        const pacer = new Pacer(() => 50);
        const starts: Array<[number, number]> = [];
        await Promise.all([0, 1, 2, 3].map((i) => pacer.acquire().then(() => starts.push([i, Date.now()]))));
        assert.deepEqual(
            starts.map(([i]) => i),
            [0, 1, 2, 3],
        );
        for (let i = 1; i < starts.length; i++) assert.ok(starts[i][1] - starts[i - 1][1] >= 20, `gap ${starts[i][1] - starts[i - 1][1]} ms`);
    });

    it("rejects a waiting request when the deadline aborts, and later requests still get their turn", async () => {
        const pacer = new Pacer(() => 10);
        await pacer.acquire();
        const abort = new AbortController();
        const cut = pacer.acquire(abort.signal);
        abort.abort(new Error("deadline"));
        await assert.rejects(cut, /deadline/);
        await pacer.acquire();
    });

    it("lets everything through without waiting for a timer when pacing is off", async () => {
        const pacer = new Pacer(() => Infinity);
        let timerFired = false;
        setImmediate(() => (timerFired = true));
        await Promise.all(Array.from({ length: 100 }, () => pacer.acquire()));
        assert.equal(timerFired, false);
    });
});
