/** SES configuration sets declared in a stack, v1 (and its misspelt alias) and v2, in one shape. */
import { PolicyResource } from "@pulumi/policy";
import { ResolvedRegion, resourceRegion } from "./region";
import { CONFIGURATION_SET_TYPES, SESV2_CONFIGURATION_SET } from "../../state/resource-types";
import { Read, nonEmptyStringAt, plainProps, stringAt } from "./values";

/** One configuration set. */
export interface ConfigurationSet {
    /** The resource's URN. */
    urn: string;
    /** The resource's name. */
    resourceName: string;
    /** `v2` for `aws.sesv2.ConfigurationSet`, else `v1`. */
    api: "v1" | "v2";
    /** Its name (`configurationSetName` in v2, `name` in v1). */
    name: Read<string>;
    /** `deliveryOptions.tlsPolicy` as written (`REQUIRE`/`OPTIONAL` in v2, `Require`/`Optional` in v1). */
    tlsPolicy: Read<string>;
    /** Its region. */
    region: ResolvedRegion;
}

/** Reads a configuration set resource, or undefined when `resource` is not one. */
export function readConfigurationSet(resource: Pick<PolicyResource, "type" | "props" | "provider" | "urn" | "name">): ConfigurationSet | undefined {
    if (!CONFIGURATION_SET_TYPES.has(resource.type)) return undefined;
    const props = plainProps(resource.props);
    const v2 = resource.type === SESV2_CONFIGURATION_SET;
    return {
        urn: resource.urn,
        resourceName: resource.name,
        api: v2 ? "v2" : "v1",
        name: nonEmptyStringAt(props, v2 ? "configurationSetName" : "name"),
        tlsPolicy: stringAt(props, "deliveryOptions", "tlsPolicy"),
        region: resourceRegion(resource),
    };
}

/** Every configuration set among `resources`. */
export function readConfigurationSets(resources: readonly PolicyResource[]): ConfigurationSet[] {
    const sets: ConfigurationSet[] = [];
    for (const r of resources) {
        const set = readConfigurationSet(r);
        if (set !== undefined) sets.push(set);
    }
    return sets;
}
