import * as assert from "node:assert/strict";
import { medianInterval } from "../../bench/stats";

describe("bench: stats, the median's confidence interval", () => {
    it("takes the order statistics n/2 -+ 1.96 sqrt(n)/2, whatever order the values come in", () => {
        // n = 41: ranks floor(20.5 - 6.27) = 14 and ceil(20.5 + 6.27) - 1 = 26 (0-based), i.e. the values 15 and 27.
        const values = Array.from({ length: 41 }, (_, i) => 41 - i);
        assert.deepEqual(medianInterval(values), { low: 15, high: 27 });
    });

    it("is the whole range for a handful of values, and refuses none", () => {
        assert.deepEqual(medianInterval([3, 1, 2]), { low: 1, high: 3 });
        assert.throws(() => medianInterval([]), /no samples/);
    });
});
