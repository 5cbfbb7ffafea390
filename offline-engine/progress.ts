/**
 * Progress of a long step on stderr. On a terminal: after two seconds, one line updated every second with what is
 * being done and for how long, erased when the step ends. Elsewhere (pipes, CI logs): one plain line about every
 * ten seconds with the stage, the time so far and how far it got, never more often, so a log shows that work goes
 * on without filling up.
 */

const DELAY_MS = 2000;

/** How often a non-terminal gets a line. */
export const LOG_INTERVAL_MS = 10_000;

/** Where and how often progress is shown, and how far the step is. */
export interface ProgressOptions {
    /** @default process.stderr */
    stream?: NodeJS.WritableStream & { isTTY?: boolean };
    /** Between lines on a non-terminal. @default {@link LOG_INTERVAL_MS} */
    intervalMs?: number;
    /** How far the step is, e.g. `Analyze 1200 of 50000 resources`; shown after the time when it gives text. */
    howFar?: () => string | undefined;
}

/** Runs `step`, showing `label`, the elapsed time and how far it is while it runs. */
export async function withProgress<T>(label: string, step: () => Promise<T>, options: ProgressOptions = {}): Promise<T> {
    const stream = options.stream ?? process.stderr;
    const tty = stream.isTTY === true;
    const start = Date.now();
    let shown = false;
    const text = (): string => {
        const far = options.howFar?.();
        return `ses-guard: ${label} (${Math.round((Date.now() - start) / 1000)} s${far ? `; ${far}` : ""})`;
    };
    const show = (): void => {
        shown = true;
        stream.write(tty ? `\r\x1b[2K${text()}` : `${text()}\n`);
    };
    let timer: NodeJS.Timeout | undefined;
    const first = tty
        ? setTimeout(() => {
              show();
              timer = setInterval(show, 1000);
          }, DELAY_MS)
        : undefined;
    if (!tty) timer = setInterval(show, options.intervalMs ?? LOG_INTERVAL_MS);
    try {
        return await step();
    } finally {
        clearTimeout(first);
        clearInterval(timer);
        if (shown && tty) stream.write("\r\x1b[2K");
    }
}
