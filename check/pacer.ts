/**
 * A client-side pacer: requests start at most `rps` per second, so the check stays under SES's
 * control-plane throttle by design instead of relying on 429s and retries.
 */
import { abortableSleep } from "./sleep";

/**
 * Lets requests start one at a time, each at least `1000 / rps` ms after the previous one actually started
 * (measured when it fires, so an event loop that stalled never releases a burst afterwards).
 */
export class Pacer {
    private readonly intervalMs: number;
    private last = -Infinity;
    private queue: Promise<void> = Promise.resolve();

    /** `rps` requests per second at most; `Infinity` (or 0) turns pacing off. */
    constructor(rps: number) {
        this.intervalMs = rps > 0 && Number.isFinite(rps) ? 1000 / rps : 0;
    }

    /** Waits for this request's turn; rejects when `signal` aborts (later requests keep their turns). */
    acquire(signal?: AbortSignal): Promise<void> {
        if (this.intervalMs === 0) return Promise.resolve();
        const turn = this.queue.then(async () => {
            // +1 ms: timers and Date.now() round to the millisecond, never fire a hair early.
            const wait = Math.ceil(this.last + this.intervalMs - Date.now()) + 1;
            if (wait > 1) await abortableSleep(wait, signal);
            this.last = Date.now();
        });
        this.queue = turn.catch(() => undefined);
        return turn;
    }
}
