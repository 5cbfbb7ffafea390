/**
 * Dependency following over a stack: which "anchor" resources (identities, DomainDkim, MAIL FROM settings) a
 * resource's properties depend on, through `propertyDependencies` and through intermediate resources (any
 * resource in between, a component whose output was used, a resource a value passed through). Memoized per
 * resource, so a stack is walked once however many questions are asked.
 */
import { PolicyResource } from "@pulumi/policy";
import { PROVIDER_TYPE_PREFIX } from "../../state/resource-types";

const NONE: ReadonlySet<PolicyResource> = new Set();

/** The root stack resource; depending on it says nothing about which identity a value came from. */
const STACK_TYPE = "pulumi:pulumi:Stack";

/** One resource being walked: its outgoing edges and how far through them the walk is. */
interface Frame {
    node: PolicyResource;
    edges: readonly PolicyResource[];
    next: number;
}

/**
 * Answers "does this resource depend on that one" for a stack, following intermediates. Cycles (a request may
 * hold them: the engine does not forbid a dependency loop through components) are walked as strongly
 * connected components, so every resource of a cycle gets the same answer whatever order the request lists
 * them in, and no chain is cut at an arbitrary depth.
 */
export class DependencyGraph {
    private readonly anchors: (r: PolicyResource) => boolean;
    private readonly children = new Map<PolicyResource, PolicyResource[]>();
    private readonly memo = new Map<PolicyResource, ReadonlySet<PolicyResource>>();

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
        // Most records of a large stack reach no anchor: they share one empty set instead of each holding its own.
        let found: Set<PolicyResource> | undefined;
        for (const property of properties) {
            const deps = ownDependencies(resource.propertyDependencies, property);
            for (const dep of deps) {
                const isAnchor = this.anchors(dep);
                const reached = this.reach(dep);
                if (!isAnchor && reached.size === 0) continue;
                found ??= new Set();
                if (isAnchor) found.add(dep);
                for (const a of reached) found.add(a);
            }
        }
        return found ?? NONE;
    }

    /** What `resource` depends on: its dependencies, its property dependencies and, for a component, its children. */
    private edges(resource: PolicyResource): PolicyResource[] {
        if (resource.type === STACK_TYPE) return [];
        const out: PolicyResource[] = [...(resource.dependencies ?? [])];
        const byProperty = resource.propertyDependencies ?? {};
        for (const property of Object.keys(byProperty)) out.push(...ownDependencies(byProperty, property));
        if (isComponent(resource)) out.push(...(this.children.get(resource) ?? []));
        return out;
    }

    /**
     * Anchors reachable from `start` (not counting itself unless a cycle leads back to it). Tarjan's algorithm,
     * iterative: each strongly connected component is finished once, and its members share one answer.
     */
    private reach(start: PolicyResource): ReadonlySet<PolicyResource> {
        const cached = this.memo.get(start);
        if (cached !== undefined) return cached;
        const index = new Map<PolicyResource, number>();
        const low = new Map<PolicyResource, number>();
        const open: PolicyResource[] = [];
        const onOpen = new Set<PolicyResource>();
        const work: Frame[] = [];
        const enter = (node: PolicyResource) => {
            index.set(node, index.size);
            low.set(node, index.size - 1);
            open.push(node);
            onOpen.add(node);
            work.push({ node, edges: this.edges(node), next: 0 });
        };
        enter(start);
        while (work.length > 0) {
            const frame = work[work.length - 1];
            if (frame.next < frame.edges.length) {
                const dep = frame.edges[frame.next++];
                if (this.memo.has(dep)) continue;
                if (!index.has(dep)) enter(dep);
                else if (onOpen.has(dep)) low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(dep) as number));
                continue;
            }
            work.pop();
            const node = frame.node;
            if (work.length > 0) {
                const parent = work[work.length - 1].node;
                low.set(parent, Math.min(low.get(parent) as number, low.get(node) as number));
            }
            if (low.get(node) !== index.get(node)) continue;
            const members: PolicyResource[] = [];
            let member: PolicyResource;
            do {
                member = open.pop() as PolicyResource;
                onOpen.delete(member);
                members.push(member);
            } while (member !== node);
            this.finish(members);
        }
        return this.memo.get(start) ?? NONE;
    }

    /** Records the anchors a finished strongly connected component reaches, for each of its members. */
    private finish(members: readonly PolicyResource[]): void {
        const inside = members.length > 1 ? new Set(members) : undefined;
        let found: Set<PolicyResource> | undefined;
        for (const member of members) {
            for (const dep of this.edges(member)) {
                if (inside === undefined && dep === member) continue;
                const isAnchor = this.anchors(dep);
                const beyond = inside?.has(dep) ? NONE : (this.memo.get(dep) ?? NONE);
                if (!isAnchor && beyond.size === 0) continue;
                found ??= new Set();
                if (isAnchor) found.add(dep);
                for (const a of beyond) found.add(a);
            }
        }
        const result = found ?? NONE;
        for (const member of members) this.memo.set(member, result);
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
