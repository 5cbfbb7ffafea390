/**
 * ses-tenant-associations (stack policy, mandatory).
 *
 * An SES tenant (`aws.sesv2.Tenant`) sends only with the identities, configuration sets and templates associated
 * with it (`aws.sesv2.TenantResourceAssociation`). Tenants, like every SES resource, are regional: the association
 * call goes to its own region and finds there both the tenant and the resource. This policy reports, for each
 * association the stack declares:
 * - a tenant of the stack, or an associated resource, in another region than the association (the create fails);
 * - an identity ARN no identity of the stack declares: nothing in this stack verifies it, and a tenant cannot send
 *   from an unverified identity (unless listed in `externallyVerifiedIdentities`);
 * - an identity of the stack named by a literal ARN instead of its `arn` output (or an output made from it, such as
 *   a component's `verifiedIdentityArn`): Pulumi then does not know the association depends on the identity and may delete the identity first, which fails while the identity still has
 *   tenant associations.
 * Whether the stack's own identities are verified is ses-domain-identity-verified's and
 * ses-email-identity-verifiable's to judge.
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/dg/tenants.html,
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateTenantResourceAssociation.html
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configHint } from "./messages";
import { namePatternListSchema, stringList } from "./stack/config";
import { SesIdentity, describeIdentity, identityNameKey, shownName } from "./stack/identities";
import { DependencyGraph } from "./stack/dependencies";
import { NamePatterns } from "./stack/patterns";
import { ResolvedRegion, describeRegion, resourceRegion } from "./stack/region";
import { byUrn } from "./stack/resource-ref";
import { StackModel } from "./stack/stack-model";
import { isKnown, nonEmptyStringAt, plainProps } from "./stack/values";
import { identityDomain } from "../records";
import { SESV2_TENANT, SESV2_TENANT_RESOURCE_ASSOCIATION } from "../state/resource-types";

/** The policy's name. */
export const TENANT_ASSOCIATIONS = "ses-tenant-associations";

/** An SES resource ARN: `arn:<partition>:ses:<region>:<account>:<kind>/<name>`. */
interface SesArn {
    region: string;
    /** `identity`, `configuration-set`, `template`, ... */
    kind: string;
    name: string;
}

/** The parts of an SES ARN, or undefined for any other string. */
function parseSesArn(arn: string): SesArn | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn" || parts[2] !== "ses") return undefined;
    const resource = parts.slice(5).join(":");
    const slash = resource.indexOf("/");
    if (slash <= 0 || slash === resource.length - 1 || parts[3] === "") return undefined;
    return { region: parts[3], kind: resource.slice(0, slash), name: resource.slice(slash + 1) };
}

/** The resource of `type` that `property` of `resource` depends on, if any. */
function dependencyOfType(resource: PolicyResource, property: string, type: string): PolicyResource | undefined {
    return (resource.propertyDependencies?.[property] ?? []).find((d) => d.type === type);
}

/** True when two known regions differ. */
function differ(a: ResolvedRegion, b: ResolvedRegion | string): boolean {
    const other = typeof b === "string" ? b : b.region;
    return isKnown(a.region) && isKnown(other) && a.region !== other;
}

/** What {@link judge} looks associations up in, built once per request. */
interface Context {
    /** The stack's tenants, in URN order. */
    tenants: readonly PolicyResource[];
    /** Which identities a resource's properties depend on, directly or through resources in between. */
    graph: DependencyGraph<SesIdentity>;
    /** The stack's identities by name as SES compares it, then region. */
    identitiesByKey: ReadonlyMap<string, SesIdentity>;
    /** `externallyVerifiedIdentities`. */
    external: NamePatterns;
}

/** The tenant an association names: the one its tenantName depends on, else a namesake, of its region when there is one. */
function tenantOf(association: PolicyResource, region: ResolvedRegion, tenants: readonly PolicyResource[]): PolicyResource | undefined {
    const dependency = dependencyOfType(association, "tenantName", SESV2_TENANT);
    if (dependency !== undefined) return dependency;
    const name = nonEmptyStringAt(plainProps(association.props), "tenantName");
    if (!isKnown(name)) return undefined;
    const namesakes = tenants.filter((t) => nonEmptyStringAt(plainProps(t.props), "tenantName") === name);
    return namesakes.find((t) => !differ(region, resourceRegion(t))) ?? namesakes[0];
}

/** Judges one association; returns its violations' messages. */
function judge(association: PolicyResource, context: Context): string[] {
    const props = plainProps(association.props);
    const region = resourceRegion(association);
    const where = `Tenant association '${association.name}' (region ${describeRegion(region)})`;
    const found: string[] = [];

    const tenant = tenantOf(association, region, context.tenants);
    if (tenant !== undefined && differ(region, resourceRegion(tenant))) {
        found.push(
            `${where} names tenant '${tenant.name}', which is in ${String(resourceRegion(tenant).region)}: SES looks the tenant up in the association's own region, ` +
                "so the create fails. Declare the association in the tenant's region (its region input or provider).",
        );
    }

    const arnValue = nonEmptyStringAt(props, "resourceArn");
    const arn = isKnown(arnValue) ? parseSesArn(arnValue) : undefined;
    // The identities the ARN comes from, directly (identity.arn) or through resources in between (a component's
    // verifiedIdentityArn passes through its waiter): Pulumi deletes the association before any of them.
    const reached = [...context.graph.anchorsOfProperties(association, ["resourceArn"])];
    if (reached.length > 0) {
        const named = arn?.kind === "identity" ? reached.find((i) => identityNameKey(i) === arnNameKey(arn.name)) : undefined;
        const identity = named ?? (arn === undefined && reached.length === 1 ? reached[0] : undefined);
        if (identity !== undefined) {
            if (differ(region, identity.region)) found.push(otherRegionMessage(where, describeIdentity(identity), String(identity.region.region)));
            return found;
        }
    }
    if (arn === undefined) return found;
    if (differ(region, arn.region)) {
        found.push(otherRegionMessage(where, `the SES ${arn.kind} ${shownName(arn.name)} (${shownName(arnValue as string)})`, arn.region));
        return found;
    }
    if (arn.kind !== "identity") return found;
    const declared = context.identitiesByKey.get(`${arnNameKey(arn.name)}\n${arn.region}`);
    if (declared !== undefined) {
        found.push(
            `${where} names ${describeIdentity(declared)} by a literal ARN, so Pulumi does not know the association depends on the identity: ` +
                "a destroy or a replacement may delete the identity first, and deleting an identity that still has tenant associations fails. " +
                `Pass the identity's arn output as resourceArn (e.g. resourceArn: identity.arn, or a VerifiedDomain's identityArn).`,
        );
    } else if (!context.external.matches(arn.name)) {
        found.push(
            `${where} associates the identity ${shownName(arn.name)} (${shownName(arnValue as string)}), which no identity of this stack declares in ${arn.region}: ` +
                "nothing in this stack verifies it, and the tenant cannot send from an identity SES has not verified. " +
                "Declare the identity in this stack with the records that verify it (ses-guard's VerifiedDomain), and pass its arn output as resourceArn. " +
                `If it is verified outside this stack, list it in the policy config: ${configHint(TENANT_ASSOCIATIONS, "externallyVerifiedIdentities", arn.name)}.`,
        );
    }
    return found;
}

/** The violation for a resource in another region than its association. */
function otherRegionMessage(where: string, what: string, region: string): string {
    return (
        `${where} associates ${what}, which is in ${region}: SES looks the resource up in the association's own region, so the create fails. ` +
        "Declare the association in the resource's region, next to a tenant of that region (tenants are regional)."
    );
}

/** An identity name from an ARN as SES compares it (see identityNameKey). */
function arnNameKey(name: string): string {
    const at = name.lastIndexOf("@");
    return at >= 0 ? `${name.slice(0, at)}@${identityDomain(name)}` : identityDomain(name);
}

/** Tenant associations reach a tenant and a resource in their own region, and each identity in a way that keeps it deletable. */
export const sesTenantAssociations: StackValidationPolicy = {
    name: TENANT_ASSOCIATIONS,
    description:
        "Every SES tenant association (aws.sesv2.TenantResourceAssociation) names a tenant and a resource of its own region, and an identity this stack declares and references by its arn output, because tenants send only from verified identities and an identity with associations cannot be deleted.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            externallyVerifiedIdentities: namePatternListSchema(
                "Identities (domains or addresses, exact or wildcard) associated with tenants by ARN and verified outside this stack.",
            ),
        },
    },
    validateStack: (args, reportViolation) => {
        const external = new NamePatterns(stringList(args.getConfig<object>(), "externallyVerifiedIdentities"));
        const associations = args.resources.filter((r) => r.type === SESV2_TENANT_RESOURCE_ASSOCIATION).sort(byUrn);
        if (associations.length === 0) return;
        const model = StackModel.of(args.resources);
        const identitiesByUrn = new Map(model.identities.map((i) => [i.resource.urn, i]));
        const identitiesByKey = new Map<string, SesIdentity>();
        for (const i of model.identities) {
            const key = identityNameKey(i);
            if (key !== undefined && isKnown(i.region.region)) identitiesByKey.set(`${key}\n${i.region.region}`, i);
        }
        const context: Context = {
            tenants: args.resources.filter((r) => r.type === SESV2_TENANT).sort(byUrn),
            graph: new DependencyGraph<SesIdentity>(args.resources, (r) => identitiesByUrn.get(r.urn)),
            identitiesByKey,
            external,
        };
        for (const association of associations) {
            for (const message of judge(association, context)) reportViolation(message, association.urn);
        }
    },
};
