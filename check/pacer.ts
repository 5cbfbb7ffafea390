/**
 * Client-side spacing whose rate may change over time: the check's own cap (`--max-rps`) and its start-up
 * ramp. Requests take their turns in order, each at least 1/rate after the previous one (no bursts).
 */
import { abortableSleep } from "./sleep";

/**
 * Lets requests start at most `rate()` per second (read at every turn), in the order they asked.
 * `Infinity` turns pacing off.
 */
export class Pacer {
    private tokens = 1;
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
                this.tokens = Math.min(1, this.tokens + ((now - this.at) / 1000) * rps);
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
