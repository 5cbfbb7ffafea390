/**
 * A client-side pacer: requests start at most `rps` per second, evenly spaced, so the check stays under
 * SES's control-plane throttle by design instead of relying on 429s and retries.
 */
import { abortableSleep } from "./sleep";

/** Spaces request starts `1000 / rps` ms apart; shared by every request (and retry) of one client. */
export class Pacer {
    private next = 0;
    private readonly intervalMs: number;

    /** `rps` requests per second at most; `Infinity` (or 0) turns pacing off. */
    constructor(rps: number) {
        this.intervalMs = rps > 0 && Number.isFinite(rps) ? 1000 / rps : 0;
    }

    /** Waits for the next free slot; rejects when `signal` aborts. */
    async acquire(signal?: AbortSignal): Promise<void> {
        const now = Date.now();
        const slot = Math.max(now, this.next);
        this.next = slot + this.intervalMs;
        if (slot > now) await abortableSleep(slot - now, signal);
    }
}
