/** Counting SES API calls: every HTTP attempt (retries included) per operation, and throttled answers. */

/** The calls a run made, as reported in `--json` and the summary line. */
export interface CallCounts {
    /** HTTP requests sent, retries included. */
    total: number;
    /** Requests per SES operation. */
    byOperation: Record<string, number>;
    /** Answers that were throttling errors (429 TooManyRequestsException and the like). */
    throttled: number;
    /** Requests that were retries of an earlier attempt. */
    retries: number;
}

/** Accumulates {@link CallCounts}; one counter is shared by the clients of every region. */
export class CallCounter {
    private readonly counts: CallCounts = { total: 0, byOperation: {}, throttled: 0, retries: 0 };

    /** Records one HTTP attempt of `operation`; `attempt` is 1 for the first try. */
    request(operation: string, attempt: number): void {
        this.counts.total += 1;
        this.counts.byOperation[operation] = (this.counts.byOperation[operation] ?? 0) + 1;
        if (attempt > 1) this.counts.retries += 1;
    }

    /** Records a throttled call sent again after the SDK's own attempts (a retry, though its attempt number restarts). */
    again(): void {
        this.counts.retries += 1;
    }

    /** Records a throttled answer. */
    throttle(): void {
        this.counts.throttled += 1;
    }

    /** A copy of the counts so far. */
    snapshot(): CallCounts {
        return { ...this.counts, byOperation: { ...this.counts.byOperation } };
    }
}
