/** Every region's latest statuses during `--wait`, summed up for the progress display. */
import { ListedIdentity } from "./ses-calls";
import { ProgressSink } from "./progress-sink";
import { targetKey } from "./verify-target";

/** Collects statuses from every region and reports the counts to a progress sink (only while waiting). */
export class StatusBoard {
    private readonly statuses = new Map<string, string>();

    constructor(
        private readonly sink: ProgressSink | undefined,
        private readonly started: number,
        private readonly waitMs: number | undefined,
    ) {}

    /** Records the statuses `listed` gives for `keys` (lower-case names) in `region`, and reports. */
    update(region: string, keys: readonly string[], listed: Map<string, ListedIdentity>): void {
        for (const k of keys) this.statuses.set(targetKey(region, k), listed.get(k)?.status ?? "NOT_FOUND");
        if (this.sink === undefined || this.waitMs === undefined) return;
        const counts: Record<string, number> = {};
        for (const s of this.statuses.values()) counts[s] = (counts[s] ?? 0) + 1;
        this.sink.update({ elapsedMs: Date.now() - this.started, waitMs: this.waitMs, counts });
    }

    /** Ends the progress display. */
    done(): void {
        this.sink?.done();
    }
}
