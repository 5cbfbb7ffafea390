/**
 * Dependency following over a stack: which "anchor" resources (identities, DomainDkim, MAIL FROM settings) a
 * resource's properties depend on, through `propertyDependencies` and through intermediate resources (any
 * resource in between, a component whose output was used, a resource a value passed through). Memoized per
 * resource, so a stack is walked once however many questions are asked.
 */
import { PolicyResource } from "@pulumi/policy";
import { PROVIDER_TYPE_PREFIX } from "../../state/resource-types";

/** How deep intermediate resources are followed; deeper chains are cut (and count as not linked). */
const MAX_DEPTH = 32;

const NONE: ReadonlySet<PolicyResource> = new Set();

/** The root stack resource; depending on it says nothing about which identity a value came from. */
const STACK_TYPE = "pulumi:pulumi:Stack";

/** Answers "does this resource depend on that one" for a stack, following intermediates. */
export class DependencyGraph {
    private readonly anchors: (r: PolicyResource) => boolean;
    private readonly children = new Map<PolicyResource, PolicyResource[]>();
    private readonly memo = new Map<PolicyResource, ReadonlySet<PolicyResource>>();
    private readonly inProgress = new Set<PolicyResource>();

    /** `isAnchor` picks the resources worth reporting as reached (e.g. SES identities). */
    constructor(resources: readonly PolicyResource[], isAnchor: (r: PolicyResource) => boolean) {
        this.anchors = isAnchor;
        for (const r of resources) {
            const parent = r.parent;
            if (parent === undefined) continue;
            const list = this.children.get(parent);
            if (list === undefined) this.children.set(parent, [r]);
            else list.push(r);
        }
    }

    /** The anchors that the given properties of `resource` depend on, directly or through intermediates. */
    anchorsOfProperties(resource: PolicyResource, properties: readonly string[]): ReadonlySet<PolicyResource> {
        const found = new Set<PolicyResource>();
        for (const property of properties) {
            const deps = ownDependencies(resource.propertyDependencies, property);
            for (const dep of deps) this.collect(dep, 0, found);
        }
        return found;
    }

    private collect(dep: PolicyResource, depth: number, into: Set<PolicyResource>): void {
        if (this.anchors(dep)) into.add(dep);
        for (const a of this.reach(dep, depth + 1)) into.add(a);
    }

    /** Anchors reachable from `resource` (not counting itself). */
    private reach(resource: PolicyResource, depth: number): ReadonlySet<PolicyResource> {
        const cached = this.memo.get(resource);
        if (cached !== undefined) return cached;
        if (depth > MAX_DEPTH || this.inProgress.has(resource) || resource.type === STACK_TYPE) return NONE;
        this.inProgress.add(resource);
        let found: Set<PolicyResource> | undefined;
        const visit = (dep: PolicyResource) => {
            if (dep === resource) return;
            const isAnchor = this.anchors(dep);
            const beyond = this.reach(dep, depth + 1);
            if (!isAnchor && beyond.size === 0) return;
            found ??= new Set();
            if (isAnchor) found.add(dep);
            for (const a of beyond) found.add(a);
        };
        for (const dep of resource.dependencies ?? []) visit(dep);
        const byProperty = resource.propertyDependencies ?? {};
        for (const property of Object.keys(byProperty)) {
            for (const dep of ownDependencies(byProperty, property)) visit(dep);
        }
        if (isComponent(resource)) for (const child of this.children.get(resource) ?? []) visit(child);
        this.inProgress.delete(resource);
        const result = found ?? NONE;
        this.memo.set(resource, result);
        return result;
    }
}

/** The resources listed for `property`, or none (guarding against odd shapes). */
function ownDependencies(byProperty: Record<string, PolicyResource[]>, property: string): readonly PolicyResource[] {
    if (!Object.prototype.hasOwnProperty.call(byProperty, property)) return [];
    const deps = byProperty[property];
    return Array.isArray(deps) ? deps : [];
}

/** A component resource: neither a provider nor managed by one. */
function isComponent(resource: PolicyResource): boolean {
    return resource.provider === undefined && !resource.type.startsWith(PROVIDER_TYPE_PREFIX) && resource.type !== STACK_TYPE;
}
