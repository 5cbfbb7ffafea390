/**
 * `--wait`: polls ListEmailIdentities (one call per 1000 identities) until every identity's status settles,
 * the wait deadline passes, or one identity reaches a state no wait can fix (FAILED, NOT_STARTED, gone),
 * which ends the wait early for every region.
 */
import { abortableSleep } from "./sleep";
import { ListedIdentity } from "./ses-calls";

/** Statuses SES may still move away from by itself. */
const STILL_MOVING = new Set(["PENDING", "TEMPORARY_FAILURE"]);

/** Statuses no wait can fix: the wait ends early when any identity has one. */
const DEAD_ENDS = new Set(["FAILED", "NOT_STARTED"]);

/** Where one identity stands for the wait. */
export type WaitState = "settled" | "moving" | "dead-end";

/** How a wait treats a verification status SES reports. */
export function statusState(status: string): WaitState {
    if (DEAD_ENDS.has(status)) return "dead-end";
    return STILL_MOVING.has(status) ? "moving" : "settled";
}

/** How the wait treats an identity's List entry (absent: gone, a dead end). */
export function waitState(listed: ListedIdentity | undefined): WaitState {
    return listed === undefined ? "dead-end" : statusState(listed.status);
}

/** How a wait ended. */
export type WaitOutcome = "settled" | "deadline" | "ended-early";

/** The wait's shared clock and brakes. */
export interface WaitControl {
    /** Epoch ms after which no more polls start. */
    deadline: number;
    /** Pause between polls. */
    intervalMs: number;
    /** Aborted when any region hits a dead end: every region stops waiting. */
    endEarly: AbortController;
    /** The overall deadline. */
    signal?: AbortSignal;
}

/**
 * Polls `list` until the identities named by `keys` (lower-case names) settle. `current` is the List answer
 * already in hand; `onPoll` sees every answer. Returns the last answer and how the wait ended.
 */
export async function waitForStatuses(
    keys: readonly string[],
    current: Map<string, ListedIdentity>,
    list: () => Promise<Map<string, ListedIdentity>>,
    control: WaitControl,
    onPoll: (listed: Map<string, ListedIdentity>) => void,
): Promise<{ listed: Map<string, ListedIdentity>; polls: number; outcome: WaitOutcome }> {
    let listed = current;
    let polls = 0;
    for (;;) {
        const states = keys.map((k) => waitState(listed.get(k)));
        if (states.includes("dead-end")) {
            control.endEarly.abort();
            return { listed, polls, outcome: "ended-early" };
        }
        if (!states.includes("moving")) return { listed, polls, outcome: "settled" };
        if (control.endEarly.signal.aborted) return { listed, polls, outcome: "ended-early" };
        const remaining = control.deadline - Date.now();
        if (remaining <= 0) return { listed, polls, outcome: "deadline" };
        const stopped = await pause(Math.min(control.intervalMs, remaining), control);
        if (stopped) return { listed, polls, outcome: "ended-early" };
        listed = await list();
        polls += 1;
        onPoll(listed);
    }
}

/**
 * Sleeps between polls; true when the wait was ended early meanwhile. The overall deadline rejects.
 */
export async function pause(ms: number, control: WaitControl): Promise<boolean> {
    const signals = [control.endEarly.signal, ...(control.signal ? [control.signal] : [])];
    try {
        await abortableSleep(ms, AbortSignal.any(signals));
        return false;
    } catch (err) {
        if (control.signal?.aborted) throw err;
        return true;
    }
}
