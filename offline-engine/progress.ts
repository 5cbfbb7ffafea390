/**
 * Progress of a long step on a terminal: after two seconds, one line on stderr updated every second with what is
 * being done and for how long; erased when the step ends. Nothing when stderr is not a terminal (pipes, CI logs).
 */

const DELAY_MS = 2000;

/** Runs `step`, showing `label` and the elapsed time on a terminal while it runs. */
export async function withProgress<T>(label: string, step: () => Promise<T>): Promise<T> {
    const stderr = process.stderr;
    if (!stderr.isTTY) return step();
    const start = Date.now();
    let shown = false;
    const show = (): void => {
        shown = true;
        stderr.write(`\r\x1b[2Kses-guard: ${label} (${Math.round((Date.now() - start) / 1000)} s)`);
    };
    let timer: NodeJS.Timeout | undefined;
    const first = setTimeout(() => {
        show();
        timer = setInterval(show, 1000);
    }, DELAY_MS);
    try {
        return await step();
    } finally {
        clearTimeout(first);
        clearInterval(timer);
        if (shown) stderr.write("\r\x1b[2K");
    }
}
