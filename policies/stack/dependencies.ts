/**
 * Dependency following over a stack: which "anchor" resources (identities, DomainDkim, MAIL FROM settings) a
 * resource's properties depend on, through `propertyDependencies` and through intermediate resources (any
 * resource in between, a component whose output was used, a resource a value passed through). Memoized per
 * resource, so a stack is walked once however many questions are asked.
 */
import { PolicyResource } from "@pulumi/policy";
import { PROVIDER_TYPE_PREFIX } from "../../state/resource-types";

/** The root stack resource; depending on it says nothing about which identity a value came from. */
const STACK_TYPE = "pulumi:pulumi:Stack";

/** One resource being walked: its outgoing edges and how far through them the walk is. */
interface Frame {
    node: PolicyResource;
    edges: readonly PolicyResource[];
    next: number;
}

/**
 * Answers "which anchors does this resource depend on" for a stack, following intermediates. Cycles (a request
 * may hold them: the engine does not forbid a dependency loop through components) are walked as strongly
 * connected components, so every resource of a cycle gets the same answer whatever order the request lists
 * them in, and no chain is cut at an arbitrary depth. An anchor is reported as what `anchorOf` makes of it
 * (the stack model's {@link ResourceRef}), so the answers keep nothing of the request's resources.
 */
export class DependencyGraph<A> {
    private readonly anchorOf: (r: PolicyResource) => A | undefined;
    private readonly children = new Map<PolicyResource, PolicyResource[]>();
    private readonly memo = new Map<PolicyResource, ReadonlySet<A>>();
    private readonly none: ReadonlySet<A> = new Set();
    private readonly singletons = new Map<A, ReadonlySet<A>>();

    /** `anchorOf` gives what to report for a resource worth reporting as reached (e.g. an SES identity), else undefined. */
    constructor(resources: readonly PolicyResource[], anchorOf: (r: PolicyResource) => A | undefined) {
        this.anchorOf = anchorOf;
        for (const r of resources) {
            const parent = r.parent;
            if (parent === undefined) continue;
            const list = this.children.get(parent);
            if (list === undefined) this.children.set(parent, [r]);
            else list.push(r);
        }
    }

    /** The anchors that the given properties of `resource` depend on, directly or through intermediates. */
    anchorsOfProperties(resource: PolicyResource, properties: readonly string[]): ReadonlySet<A> {
        const found = new AnchorSet(this);
        for (const property of properties) {
            for (const dep of ownDependencies(resource.propertyDependencies, property)) {
                found.add(this.anchorOf(dep));
                found.addAll(this.reach(dep));
            }
        }
        return found.result();
    }

    /** The set holding only `anchor`, one per anchor: most records reach a single one, and share its set. */
    singleton(anchor: A): ReadonlySet<A> {
        let set = this.singletons.get(anchor);
        if (set === undefined) {
            set = new Set([anchor]);
            this.singletons.set(anchor, set);
        }
        return set;
    }

    /** The shared empty answer. */
    get empty(): ReadonlySet<A> {
        return this.none;
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
    private reach(start: PolicyResource): ReadonlySet<A> {
        const cached = this.memo.get(start);
        if (cached !== undefined) return cached;
        const startEdges = this.edges(start);
        // Every dependency answered already (most resources, once the stack's shared ones are): a component of its
        // own, finished without the walk's bookkeeping.
        if (startEdges.every((d) => d === start || this.memo.has(d))) {
            this.finish([start], () => startEdges);
            return this.memo.get(start) ?? this.none;
        }
        const index = new Map<PolicyResource, number>();
        const low = new Map<PolicyResource, number>();
        const open: PolicyResource[] = [];
        const onOpen = new Set<PolicyResource>();
        const work: Frame[] = [];
        const enter = (node: PolicyResource, edges = this.edges(node)) => {
            index.set(node, index.size);
            low.set(node, index.size - 1);
            open.push(node);
            onOpen.add(node);
            work.push({ node, edges, next: 0 });
        };
        enter(start, startEdges);
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
            this.finish(members, (m) => this.edges(m));
        }
        return this.memo.get(start) ?? this.none;
    }

    /** Records the anchors a finished strongly connected component reaches (`edgesOf` its members' edges), for each member. */
    private finish(members: readonly PolicyResource[], edgesOf: (member: PolicyResource) => readonly PolicyResource[]): void {
        const inside = members.length > 1 ? new Set(members) : undefined;
        const found = new AnchorSet(this);
        for (const member of members) {
            for (const dep of edgesOf(member)) {
                if (inside === undefined && dep === member) continue;
                found.add(this.anchorOf(dep));
                if (!inside?.has(dep)) found.addAll(this.memo.get(dep) ?? this.none);
            }
        }
        const result = found.result();
        for (const member of members) this.memo.set(member, result);
    }
}

/**
 * Anchors being gathered: none, one (answered by the graph's shared singleton) or a set of its own, made only
 * when a second anchor comes; a large stack's records mostly reach none or one.
 */
class AnchorSet<A> {
    private one: A | undefined;
    private many: Set<A> | undefined;
    private shared: ReadonlySet<A> | undefined;

    constructor(private readonly graph: DependencyGraph<A>) {}

    add(anchor: A | undefined): void {
        if (anchor === undefined) return;
        if (this.many !== undefined) this.many.add(anchor);
        else if (this.one === undefined) this.one = anchor;
        else if (this.one !== anchor) this.many = new Set([this.one, anchor]);
    }

    addAll(anchors: ReadonlySet<A>): void {
        if (anchors.size === 0) return;
        // The first non-empty set met, with nothing gathered yet, is the answer as it stands.
        if (this.one === undefined && this.shared === undefined) {
            this.shared = anchors;
            return;
        }
        for (const a of anchors) this.add(a);
    }

    result(): ReadonlySet<A> {
        if (this.shared !== undefined) {
            if (this.one === undefined) return this.shared;
            const shared = this.shared;
            this.shared = undefined;
            for (const a of shared) this.add(a);
        }
        if (this.many !== undefined) return this.many;
        return this.one === undefined ? this.graph.empty : this.graph.singleton(this.one);
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
