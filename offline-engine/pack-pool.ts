/**
 * One pack process per stack environment. The CLI starts a pack for each `pulumi preview`, with that stack in
 * its environment (./pack-environment); stacks whose environments are equal can share a process, the others
 * each need their own. Stacks are analyzed one after the other, so at most one pack runs at a time.
 */
import { stackContextKey, type PackStackContext } from "./pack-environment";
import { startPolicyPack, type PolicyPackProcess } from "./pack-process";

/** The packs of one command run, started from `packDir` as stacks need them. */
export class PackPool {
    private current: { key: string; pack: PolicyPackProcess } | undefined;

    /** `packDir` is the policy pack directory. */
    constructor(private readonly packDir: string) {}

    /** A pack started for `stack`: the running one when its environment is the same, else a new one. */
    async for(stack: PackStackContext | undefined): Promise<PolicyPackProcess> {
        const key = stackContextKey(stack);
        if (this.current?.key === key) return this.current.pack;
        await this.close();
        const pack = await startPolicyPack(this.packDir, { stack });
        this.current = { key, pack };
        return pack;
    }

    /** Stops the running pack, if any. */
    async close(): Promise<void> {
        const current = this.current;
        this.current = undefined;
        await current?.pack.close();
    }
}
