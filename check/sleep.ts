/** Waiting that an AbortSignal can cut short, so the overall deadline always ends the run. */

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortReason(signal));
        const onAbort = () => {
            clearTimeout(timer);
            reject(abortReason(signal as AbortSignal));
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}

function abortReason(signal: AbortSignal): unknown {
    return signal.reason ?? new Error("aborted");
}
