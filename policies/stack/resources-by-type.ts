/**
 * A request's resources grouped by type in one pass, for the types the stack model reads. A large stack is
 * mostly other resources, and each reader then walks only its own types instead of every resource again.
 */
import { PolicyResource } from "@pulumi/policy";
import { byUrn } from "./resource-ref";

/** The resources of the wanted types, by type, each group in the request's order. */
export class ResourcesByType {
    private readonly groups = new Map<string, PolicyResource[]>();

    /** Groups the resources of `types` among `resources`; the others are passed over with one lookup each. */
    constructor(resources: readonly PolicyResource[], types: Iterable<string>) {
        for (const t of types) this.groups.set(t, []);
        for (const r of resources) this.groups.get(r.type)?.push(r);
    }

    /** The resources of `type` in the request's order (which means nothing: the engine sends them in any order). */
    of(type: string): readonly PolicyResource[] {
        return this.groups.get(type) ?? [];
    }

    /** The resources of `types` in URN order, the one order of a stack's resources that does not depend on the request's. */
    sorted(types: Iterable<string>): PolicyResource[] {
        const out: PolicyResource[] = [];
        for (const t of types) out.push(...this.of(t));
        return out.sort(byUrn);
    }

    /** True when some grouped resource satisfies `test`. */
    some(test: (r: PolicyResource) => boolean): boolean {
        for (const group of this.groups.values()) if (group.some(test)) return true;
        return false;
    }
}
