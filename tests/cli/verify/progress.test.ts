import * as assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { formatDuration, progressLine, streamProgress } from "../../../cli/verify/progress";

function capture(): { stream: PassThrough; text: () => string } {
    const stream = new PassThrough();
    let text = "";
    stream.on("data", (c: Buffer) => (text += c.toString()));
    return { stream, text: () => text };
}

describe("cli verify: progress", () => {
    it("formats durations the way the flags take them", () => {
        assert.deepEqual([4000, 75_000, 900_000, 5_400_000, 0].map(formatDuration), ["4s", "1m15s", "15m", "1h30m", "0s"]);
    });

    it("counts identities per status in the line", () => {
        assert.equal(progressLine({ elapsedMs: 80_000, waitMs: 900_000, counts: { SUCCESS: 3, PENDING: 2 } }), "waiting 1m20s of 15m: 2 PENDING, 3 SUCCESS");
    });

    it("prints a plain line only when the counts change, when not on a terminal", () => {
        const out = capture();
        const sink = streamProgress(out.stream, false);
        sink.update({ elapsedMs: 0, waitMs: 60_000, counts: { PENDING: 1 } });
        sink.update({ elapsedMs: 15_000, waitMs: 60_000, counts: { PENDING: 1 } });
        sink.update({ elapsedMs: 30_000, waitMs: 60_000, counts: { SUCCESS: 1 } });
        sink.done();
        assert.equal(out.text(), "waiting 0s of 1m: 1 PENDING\nwaiting 30s of 1m: 1 SUCCESS\n");
    });

    it("never prints two plain lines within ten seconds, however often the regions report", () => {
        const out = capture();
        const sink = streamProgress(out.stream, false);
        // Two regions report each 2-second poll, and the counts change every time.
        for (let ms = 0; ms <= 30_000; ms += 2_000) {
            sink.update({ elapsedMs: ms, waitMs: 60_000, counts: { PENDING: 31 - ms / 1000, SUCCESS: ms / 1000 } });
            sink.update({ elapsedMs: ms + 100, waitMs: 60_000, counts: { PENDING: 30 - ms / 1000, SUCCESS: 1 + ms / 1000 } });
        }
        sink.done();
        const lines = out.text().trimEnd().split("\n");
        assert.deepEqual(
            lines.map((l) => l.slice(0, l.indexOf(":"))),
            ["waiting 0s of 1m", "waiting 10s of 1m", "waiting 20s of 1m", "waiting 30s of 1m", "waiting 30s of 1m"],
        );
        // The last one is the state the wait ended in, held back by the gap and written at the end.
        assert.equal(lines[lines.length - 1], "waiting 30s of 1m: 0 PENDING, 31 SUCCESS");
    });

    it("rewrites one line on a terminal and clears it at the end", () => {
        const out = capture();
        const sink = streamProgress(out.stream, true);
        sink.update({ elapsedMs: 0, waitMs: 60_000, counts: { PENDING: 1 } });
        sink.update({ elapsedMs: 15_000, waitMs: 60_000, counts: { SUCCESS: 1 } });
        sink.done();
        assert.equal(out.text(), "\r\x1b[2Kwaiting 0s of 1m: 1 PENDING\r\x1b[2Kwaiting 15s of 1m: 1 SUCCESS\r\x1b[2K");
    });
});
