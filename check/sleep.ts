/** Waiting that an AbortSignal can cut short, so the overall deadline always ends the run. */

/** The longest delay a Node timer takes; longer ones fire at once (TimeoutOverflowWarning). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `fn` after `ms` (any length: long delays are chained timers); returns the cancel function. */
export function setLongTimeout(fn: () => void, ms: number): () => void {
    let timer: NodeJS.Timeout;
    const arm = (left: number) => {
        timer = setTimeout(() => (left > MAX_TIMER_MS ? arm(left - MAX_TIMER_MS) : fn()), Math.min(left, MAX_TIMER_MS));
    };
    arm(Math.max(0, ms));
    return () => clearTimeout(timer);
}

/** An AbortSignal that aborts with `reason()` after `ms` (any length, unlike AbortSignal.timeout), and its cancel function. */
export function deadlineSignal(ms: number, reason: () => unknown): { signal: AbortSignal; cancel: () => void } {
    const controller = new AbortController();
    const cancel = setLongTimeout(() => controller.abort(reason()), ms);
    return { signal: controller.signal, cancel };
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortReason(signal));
        const onAbort = () => {
            cancel();
            reject(abortReason(signal as AbortSignal));
        };
        const cancel = setLongTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}

function abortReason(signal: AbortSignal): unknown {
    return signal.reason ?? new Error("aborted");
}
