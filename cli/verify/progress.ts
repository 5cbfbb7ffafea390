/**
 * Live progress during `--wait`, on stderr so `--json` output stays clean: one rewritten status line on a
 * terminal, plain lines (when something changed, or once a minute; never two within ten seconds) in CI and pipes.
 */
import type { ProgressSink, ProgressUpdate } from "../../check/progress-sink";
import { LOG_INTERVAL_MS } from "../../offline-engine/progress";

/** The status line: `waiting 1m20s of 15m: 3 SUCCESS, 2 PENDING`. */
export function progressLine(p: ProgressUpdate): string {
    const counts = Object.entries(p.counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([s, n]) => `${n} ${s}`)
        .join(", ");
    return `waiting ${formatDuration(p.elapsedMs)} of ${formatDuration(p.waitMs)}: ${counts}`;
}

/** `75000` -> `1m15s`, `900000` -> `15m`, `4000` -> `4s`. */
export function formatDuration(ms: number): string {
    const total = Math.round(ms / 1000);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const parts = [h ? `${h}h` : "", m ? `${m}m` : "", s || (!h && !m) ? `${s}s` : ""];
    return parts.join("");
}

/**
 * Progress on a stream: on a terminal one line rewritten in place (its clock ticking every second between
 * polls), otherwise a plain line per change, or once a minute, at most one per {@link LOG_INTERVAL_MS} (several
 * regions report each poll, and a short --interval polls often), and at the end the last change if it was held back.
 */
export function streamProgress(stream: NodeJS.WritableStream, tty: boolean): ProgressSink {
    let lastText = "";
    let lastAt: number | undefined;
    let latest: { update: ProgressUpdate; at: number } | undefined;
    let ticker: NodeJS.Timeout | undefined;
    /** A change held back by the 10-second gap, written at the end if nothing newer was: the state the wait ended in. */
    let heldBack: string | undefined;
    const draw = () => {
        if (latest === undefined) return;
        stream.write(`\r\x1b[2K${progressLine({ ...latest.update, elapsedMs: latest.update.elapsedMs + Date.now() - latest.at })}`);
    };
    return {
        update(p) {
            if (tty) {
                latest = { update: p, at: Date.now() };
                draw();
                ticker ??= setInterval(draw, 1000).unref();
                return;
            }
            const text = progressLine(p);
            const counts = text.slice(text.indexOf(":"));
            const since = lastAt === undefined ? Infinity : p.elapsedMs - lastAt;
            if (since >= LOG_INTERVAL_MS && (counts !== lastText || since >= 60_000)) {
                stream.write(`${text}\n`);
                lastText = counts;
                lastAt = p.elapsedMs;
                heldBack = undefined;
            } else if (counts !== lastText) {
                heldBack = text;
            } else {
                heldBack = undefined;
            }
        },
        done() {
            if (heldBack !== undefined) stream.write(`${heldBack}\n`);
            if (ticker !== undefined) clearInterval(ticker);
            if (latest !== undefined) stream.write("\r\x1b[2K");
        },
    };
}
