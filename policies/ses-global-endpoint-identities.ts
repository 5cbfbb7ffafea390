/**
 * ses-global-endpoint-identities (stack policy, mandatory).
 *
 * An SES global endpoint (`aws.sesv2.MultiRegionEndpoint`) splits the mail sent through it between its own
 * (primary) region and a secondary one, and an identity is regional: a domain verified in one of them sends
 * nothing through the other. SES's setup asks for equivalent verified identities in both regions; its own way is
 * Deterministic Easy DKIM (a replica identity), which no provider declares yet, so until then each region needs an
 * identity of its own with its records. This policy reports an identity (domain or address) the stack declares in
 * one region of an endpoint when no identity of the stack lets it send in the other, naming that region.
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/dg/global-endpoints.html,
 * https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configHint } from "./messages";
import { namePatternListSchema, stringList } from "./stack/config";
import { SesIdentity, describeIdentity, shownName } from "./stack/identities";
import { NamePatterns } from "./stack/patterns";
import { RegionCoverage } from "./stack/region-coverage";
import { resourceRegion } from "./stack/region";
import { byUrn } from "./stack/resource-ref";
import { StackModel } from "./stack/stack-model";
import { isKnown, plainProps, stringAt, valueAt } from "./stack/values";
import { SESV2_MULTI_REGION_ENDPOINT } from "../state/resource-types";

/** The policy's name. */
export const GLOBAL_ENDPOINT_IDENTITIES = "ses-global-endpoint-identities";

/** A global endpoint whose regions are all known. */
interface GlobalEndpoint {
    /** The endpoint resource's name. */
    name: string;
    /** Its primary region first, then its secondary ones. */
    regions: string[];
}

/**
 * The regions of an endpoint: its own (primary) region and each `details.routesDetails` region (one object in
 * @pulumi/aws 7; a list is read too), or undefined when any of them is not known: no verdict is drawn from a value
 * not known yet.
 */
function endpointOf(resource: PolicyResource): GlobalEndpoint | undefined {
    const primary = resourceRegion(resource).region;
    if (!isKnown(primary)) return undefined;
    const routes = valueAt(plainProps(resource.props), "details", "routesDetails");
    const list: unknown[] = Array.isArray(routes) ? routes : routes === undefined ? [] : [routes];
    const regions = [primary];
    for (const route of list) {
        const region = stringAt(route, "region");
        if (!isKnown(region)) return undefined;
        if (!regions.includes(region)) regions.push(region);
    }
    return regions.length > 1 ? { name: resource.name, regions } : undefined;
}

/** The violation for an identity that cannot send through `endpoint` in `region`. */
function missingMessage(identity: SesIdentity, endpoint: GlobalEndpoint, region: string): string {
    const name = shownName(String(identity.name));
    const what = identity.kind === "email-address" ? `the address ${name} (or its domain)` : `the domain ${name} (or a parent domain)`;
    return [
        `${describeIdentity(identity)} is in ${String(identity.region.region)}, a region of SES global endpoint '${endpoint.name}' ` +
            `(${endpoint.regions.join(" and ")}), but this stack declares no identity for ${what} in ${region}.`,
        `The endpoint sends part of the mail through ${region}, where SES rejects mail from an identity it has not verified there, ` + "so those sends fail.",
        `Declare ${name} in ${region} too, with its own records (SES identities are regional; ses-guard's VerifiedDomain takes region: "${region}"; ` +
            "Deterministic Easy DKIM, SES's replica identities, cannot be declared by any provider yet). " +
            `If it is verified in ${region} outside this stack, list it in the policy config: ` +
            configHint(GLOBAL_ENDPOINT_IDENTITIES, "externallyVerifiedIdentities", name) +
            ".",
    ].join("\n");
}

/** Every identity in a region of a global endpoint can send in each of the endpoint's regions. */
export const sesGlobalEndpointIdentities: StackValidationPolicy = {
    name: GLOBAL_ENDPOINT_IDENTITIES,
    description:
        "Every SES identity the stack declares in a region of a global endpoint (aws.sesv2.MultiRegionEndpoint) is also declared in the endpoint's other region, because the endpoint sends through both and an identity is regional.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            externallyVerifiedIdentities: namePatternListSchema(
                "Identities (domains or addresses, exact or wildcard) verified in every region of the stack's global endpoints outside this stack.",
            ),
        },
    },
    validateStack: (args, reportViolation) => {
        const exempt = new NamePatterns(stringList(args.getConfig<object>(), "externallyVerifiedIdentities"));
        const endpoints = args.resources
            .filter((r) => r.type === SESV2_MULTI_REGION_ENDPOINT)
            .sort(byUrn)
            .map(endpointOf)
            .filter((e): e is GlobalEndpoint => e !== undefined);
        if (endpoints.length === 0) return;
        const model = StackModel.of(args.resources);
        const coverage = new RegionCoverage(model.identities);
        for (const identity of model.identities) {
            const own = identity.region.region;
            if (!isKnown(own) || !isKnown(identity.name) || identity.nameProblem !== undefined || exempt.matches(identity.name)) continue;
            const reported = new Set<string>();
            for (const endpoint of endpoints) {
                if (!endpoint.regions.includes(own)) continue;
                for (const region of endpoint.regions) {
                    if (region === own || reported.has(region) || coverage.covered(identity, region)) continue;
                    reported.add(region);
                    reportViolation(missingMessage(identity, endpoint, region), identity.resource.urn);
                }
            }
        }
    },
};
