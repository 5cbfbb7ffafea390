/** What the check reports while it waits for statuses to settle; the command decides how to show it. */

/** One progress report: time spent, the wait, and how many identities are in each status. */
export interface ProgressUpdate {
    elapsedMs: number;
    waitMs: number;
    counts: Record<string, number>;
}

/** Receives progress; `done` ends the display. */
export interface ProgressSink {
    update(progress: ProgressUpdate): void;
    done(): void;
}
