import * as assert from "node:assert/strict";
import { callOrder } from "../../bench/call-order";

/** The rows of one full cycle of the design for `n` packs. */
function cycle(n: number): number[][] {
    return Array.from({ length: n % 2 === 0 ? n : 2 * n }, (_, call) => callOrder(call, n));
}

describe("bench: call order, the packs' order in each round of calls", () => {
    for (const n of [2, 3, 4, 5]) {
        it(`with ${n} packs, every round calls each pack once`, () => {
            for (const row of cycle(n))
                assert.deepEqual(
                    [...row].sort(),
                    Array.from({ length: n }, (_, i) => i),
                );
        });

        it(`with ${n} packs, over a cycle each pack takes each position equally often`, () => {
            const rows = cycle(n);
            for (let position = 0; position < n; position++) {
                const counts = new Array<number>(n).fill(0);
                for (const row of rows) counts[row[position]]++;
                assert.deepEqual(counts, new Array<number>(n).fill(rows.length / n), `position ${position}`);
            }
        });

        it(`with ${n} packs, over a cycle each pack runs right after each other pack equally often`, () => {
            const rows = cycle(n);
            const after = new Map<string, number>();
            for (const row of rows) for (let i = 1; i < n; i++) after.set(`${row[i - 1]}>${row[i]}`, (after.get(`${row[i - 1]}>${row[i]}`) ?? 0) + 1);
            assert.equal(after.size, n * (n - 1), "every ordered pair occurs");
            assert.deepEqual(new Set(after.values()), new Set([(rows.length * (n - 1)) / (n * (n - 1))]));
        });
    }

    it("begins with the row 0, 1, n-1, 2, ... and repeats its cycle", () => {
        assert.deepEqual(callOrder(0, 4), [0, 1, 3, 2]);
        assert.deepEqual(callOrder(5, 4), callOrder(1, 4));
        assert.deepEqual(callOrder(7, 3), callOrder(1, 3));
        assert.deepEqual(callOrder(3, 1), [0]);
    });

    it("refuses a count of packs or a call index that is not one", () => {
        assert.throws(() => callOrder(0, 0), /0 packs/);
        assert.throws(() => callOrder(-1, 3), /call -1/);
        assert.throws(() => callOrder(1.5, 3), /call 1.5/);
    });
});
