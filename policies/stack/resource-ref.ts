/**
 * What the stack model keeps of a resource once it is built: the URN a violation is reported against, and the
 * name and type a message shows. @pulumi/policy hands each stack policy its own copy of the whole stack; a model
 * shared by the policies of a request that held on to the first policy's resource objects (their props, proxies,
 * options and provider copies) would keep that copy alive through every later policy's deserialization, and the
 * garbage collector would trace it each time.
 */
import { PolicyResource } from "@pulumi/policy";

/** A resource as the model names it. */
export interface ResourceRef {
    /** The resource's URN. */
    readonly urn: string;
    /** The resource's name. */
    readonly name: string;
    /** The resource's type token. */
    readonly type: string;
}

/** Orders resources (or refs) by URN: the one order of a stack's resources that does not depend on the request's. */
export function byUrn(a: { urn: string }, b: { urn: string }): number {
    return a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0;
}

/**
 * One {@link ResourceRef} per resource of a request, so refs compare by identity as the resources did (an
 * identity and the anchors records depend on). Lives only while the model is built.
 */
export class ResourceRefs {
    private readonly refs = new Map<PolicyResource, ResourceRef>();
    /** One string per type token: the refs outlive the request, and each resource holds its own copy of its type. */
    private readonly types = new Map<string, string>();

    /** The ref of `resource` if one was made, else undefined (none is made). */
    made(resource: PolicyResource): ResourceRef | undefined {
        return this.refs.get(resource);
    }

    /** The ref of `resource`, made on first use. */
    of(resource: PolicyResource): ResourceRef {
        let ref = this.refs.get(resource);
        if (ref === undefined) {
            let type = this.types.get(resource.type);
            if (type === undefined) this.types.set(resource.type, (type = resource.type));
            ref = { urn: resource.urn, name: resource.name, type };
            this.refs.set(resource, ref);
        }
        return ref;
    }
}
