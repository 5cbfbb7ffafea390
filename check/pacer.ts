/**
 * A client-side token bucket whose rate may change over time: the check's own cap (`--max-rps`) and its
 * start-up ramp. Requests take their turns in order; the bucket holds at most one second of tokens.
 */
import { abortableSleep } from "./sleep";

/**
 * Lets requests start at most `rate()` per second (read at every turn), in the order they asked, with a
 * burst of at most one second's worth after a pause. `Infinity` turns pacing off.
 */
export class Pacer {
    private tokens = Infinity; // the first turn fills the bucket to its size
    private at = Date.now();
    private queue: Promise<void> = Promise.resolve();

    /** `rate`: requests per second now, re-read at every turn. */
    constructor(private readonly rate: () => number) {}

    /** Waits for this request's turn; rejects when `signal` aborts (later requests keep their turns). */
    acquire(signal?: AbortSignal): Promise<void> {
        const turn = this.queue.then(async () => {
            for (;;) {
                const rps = this.rate();
                if (!(rps > 0) || !Number.isFinite(rps)) return;
                const now = Date.now();
                this.tokens = Math.min(Math.max(1, rps), this.tokens + ((now - this.at) / 1000) * rps);
                this.at = now;
                if (this.tokens >= 1) {
                    this.tokens -= 1;
                    return;
                }
                // +1 ms: timers and Date.now() round to the millisecond, never fire a hair early.
                await abortableSleep(Math.ceil(((1 - this.tokens) / rps) * 1000) + 1, signal);
            }
        });
        this.queue = turn.catch(() => undefined);
        return turn;
    }
}
