/**
 * One pack process per stack environment. The CLI starts a pack for each `pulumi preview`, with that stack in
 * its environment (./pack-environment); stacks whose environments are equal can share a process, the others
 * each need their own. Stacks are analyzed one after the other, so at most one pack runs at a time.
 */
import { stackContextKey, type PackStackContext } from "./pack-environment";
import { startPolicyPack, type PolicyPackProcess } from "./pack-process";

/** The packs of one command run, started from `packDir` as stacks need them. */
export class PackPool {
    private current: { key: string; pack: Promise<PolicyPackProcess> } | undefined;

    /** `packDir` is the policy pack directory. */
    constructor(private readonly packDir: string) {}

    /**
     * A pack started for `stack`: the running (or starting) one when its environment is the same, else a new one,
     * once the previous one has stopped.
     */
    async for(stack: PackStackContext | undefined): Promise<PolicyPackProcess> {
        const key = stackContextKey(stack);
        if (this.current?.key === key) return this.current.pack;
        const stopped = this.close();
        const pack = stopped.then(() => startPolicyPack(this.packDir, { stack }));
        this.current = { key, pack };
        return pack;
    }

    /** Stops the running pack, if any, also one still starting (a pack that failed to start needs no stop). */
    async close(): Promise<void> {
        const current = this.current;
        this.current = undefined;
        const pack = await current?.pack.catch(() => undefined);
        await pack?.close();
    }
}
