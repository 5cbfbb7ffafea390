/**
 * Which AWS region an SES resource lives in: its own `region` input (AWS provider 7; one that is not a region name
 * leaves the region unknown), else the region of its provider (the engine sends the provider resource with every
 * resource), else the stack's `aws:region` config, which the Pulumi engine hands the policy pack process as JSON in
 * `PULUMI_CONFIG`.
 */
import { PolicyResource } from "@pulumi/policy";
import { isRegionName } from "../../records";
import { Read, UNKNOWN, nonEmptyStringOf, plainProps } from "./values";

/** Where a region came from, for messages. */
export type RegionSource =
    | "its region input"
    | "its region input, which is not a region name"
    | "its provider"
    | "its provider's region, which is not a region name"
    | "the stack's aws:region config"
    | "its explicit provider, which sets none"
    | "nowhere";

/** A resource's region and where it was found. */
export interface ResolvedRegion {
    /** The region, {@link UNKNOWN} when the deciding value is unknown, `undefined` when nothing sets one. */
    region: Read<string>;
    /** Which setting decided it. */
    source: RegionSource;
}

/** The most distinct regions {@link resolved} keeps one object for; past it (names no region has), each gets its own. */
const MAX_SHARED_REGIONS = 256;

/** One frozen {@link ResolvedRegion} per region and source, by `source` and region. */
const sharedRegions = new Map<string, ResolvedRegion>();

/**
 * The resolved region `region` from `source`, shared: a stack's thousands of SES resources are in a handful of
 * regions, and the model keeps each one's region for as long as it lives (through the later policies'
 * deserializations), so one object and one string per region beat one of each per resource.
 */
function resolved(region: Read<string>, source: RegionSource): ResolvedRegion {
    const key = typeof region === "string" ? `${source}\n${region}` : `${source}\n${region === UNKNOWN ? "unknown" : "none"}\n`;
    let found = sharedRegions.get(key);
    if (found === undefined) {
        found = Object.freeze({ region, source });
        if (sharedRegions.size < MAX_SHARED_REGIONS) sharedRegions.set(key, found);
    }
    return found;
}

/**
 * The stack's `aws:region` config from `PULUMI_CONFIG` (keys `aws:region` or the older `aws:config:region`),
 * or undefined when the engine did not pass one or the value is not a region name.
 */
export function stackConfigRegion(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const raw = env.PULUMI_CONFIG;
    if (raw === undefined || raw === "") return undefined;
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        return undefined;
    }
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const config = parsed as Record<string, unknown>;
    const value = config["aws:region"] ?? config["aws:config:region"];
    return typeof value === "string" && isRegionName(value) ? value : undefined;
}

let cachedStackRegion: { value: string | undefined } | undefined;

/** {@link stackConfigRegion} of this process, read once. */
function processStackRegion(): string | undefined {
    if (cachedStackRegion === undefined) cachedStackRegion = { value: stackConfigRegion() };
    return cachedStackRegion.value;
}

/**
 * True for the provider the engine creates itself (`default`, or `default_<version>` when the program pins a
 * version): the only one that takes the stack's `aws:*` config. An explicit `new aws.Provider(...)` takes only
 * its own arguments and the environment (https://www.pulumi.com/docs/iac/concepts/resources/providers/#explicit-provider-configuration).
 */
export function isDefaultProvider(provider: { name: string }): boolean {
    return provider.name === "default" || provider.name.startsWith("default_");
}

/**
 * The region of a resource: own `region` input, its provider's `region`, then (default provider only) the
 * stack's `aws:region`. An explicit provider without `region` takes it at deploy time from `AWS_REGION`,
 * `AWS_DEFAULT_REGION` or the shared config profile (AWS provider docs, `region`:
 * https://www.pulumi.com/registry/packages/aws/api-docs/provider/#region_nodejs), never from `aws:region`, so
 * its region is not known here.
 */
export function resourceRegion(resource: Pick<PolicyResource, "props" | "provider">): ResolvedRegion {
    const set = regionSetting(resource);
    if (set !== undefined) {
        // A region that is no region decides the region all the same (the deploy goes there and fails), so none is
        // known: its region-dependent parts are left open, and ses-resource-region-valid reports it.
        if (typeof set.value === "string" && !isRegionName(set.value)) {
            return resolved(
                undefined,
                set.setBy === "input" ? "its region input, which is not a region name" : "its provider's region, which is not a region name",
            );
        }
        return resolved(set.value, set.setBy === "input" ? "its region input" : "its provider");
    }
    if (resource.provider !== undefined && typeof resource.provider.name === "string" && !isDefaultProvider(resource.provider)) {
        return resolved(undefined, "its explicit provider, which sets none");
    }
    const fromStack = processStackRegion();
    if (fromStack !== undefined) return resolved(fromStack, "the stack's aws:region config");
    return resolved(undefined, "nowhere");
}

/** Where a resource's region setting was found: its own `region` input, or the `region` of its provider. */
type SetBy = "input" | "provider";

/** The region a resource's own settings give (its `region` input, else its provider's), undefined when neither sets one. */
function regionSetting(resource: Pick<PolicyResource, "props" | "provider">): { value: Read<string>; setBy: SetBy } | undefined {
    const own = nonEmptyStringOf(plainProps(resource.props).region);
    if (own !== undefined) return { value: own, setBy: "input" };
    const fromProvider = resource.provider === undefined ? undefined : nonEmptyStringOf(plainProps(resource.provider.props).region);
    return fromProvider === undefined ? undefined : { value: fromProvider, setBy: "provider" };
}

/** A region that is known and not an AWS region name, and who set it. */
export interface InvalidRegion {
    /** The value given. */
    region: string;
    /** The resource's own `region` input, or the `region` of the provider it is deployed with. */
    setBy: SetBy;
}

/**
 * The region a resource is deployed to when it is known and not an AWS region name (`mars-north-1`): its own
 * `region` input, else, when it sets none, its provider's `region`; undefined otherwise. An unknown one (computed
 * during preview), or none, is not judged.
 */
export function invalidRegion(resource: Pick<PolicyResource, "props" | "provider">): InvalidRegion | undefined {
    const set = regionSetting(resource);
    return set !== undefined && typeof set.value === "string" && !isRegionName(set.value) ? { region: set.value, setBy: set.setBy } : undefined;
}

/** How a resolved region reads in a message. */
export function describeRegion(resolved: ResolvedRegion): string {
    if (resolved.region === UNKNOWN) return `a region not known until the update (from ${resolved.source})`;
    if (resolved.source === "its region input, which is not a region name" || resolved.source === "its provider's region, which is not a region name") {
        const which = resolved.source === "its region input, which is not a region name" ? "its region input" : "its provider's region";
        return (
            `no region could be known (${which} is not an AWS region name, see ses-resource-region-valid), so the ` +
            "region-dependent parts (DKIM target, MAIL FROM MX host) are left open"
        );
    }
    if (resolved.region === undefined) {
        const where =
            resolved.source === "nowhere" ? "neither the resource, its provider nor the stack's aws:region config sets one" : "its explicit provider sets none";
        return (
            `no region could be known (${where}; the deploy takes it from AWS_REGION or the AWS profile), so the ` +
            "region-dependent parts (DKIM target, MAIL FROM MX host) are left open; set region on the resource or its provider to have them checked"
        );
    }
    return `${resolved.region} (from ${resolved.source})`;
}

/** True when two resolved regions can be the same one: equal, or either not known. */
export function sameRegion(a: ResolvedRegion, b: ResolvedRegion): boolean {
    return !(typeof a.region === "string" && typeof b.region === "string" && a.region !== b.region);
}
