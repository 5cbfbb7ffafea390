/**
 * The AWS provider's auto-naming, as its Check step applies it: the engine sends Analyze the inputs AFTER Check
 * (pulumi/pulumi `pkg/resource/deploy/step_generator.go`: `inputs = resp.Properties` before `analyzeAll`), in
 * preview too, and the program sees the checked value in the registration's outputs.
 *
 * pulumi/pulumi-aws `provider/autonaming.go` (`setAutonaming`) gives every resource whose Terraform schema has an
 * input (optional or required) `name` the field `tfbridge.AutoName("name", 255, "-")`, unless
 * `provider/resources.go` maps `name` itself; `aws_route53_record` does so on purpose ("Do not autoname Route53
 * records, as the "name" of these is actually the true domain name"). `AutoName` fills an absent `name` with
 * `<resource name>-<7 random hex digits>`. Of the types the policies read, that makes these auto-named; the rest
 * (e.g. `aws.sesv2.ConfigurationSet.configurationSetName`, `aws.route53.Record.name`) are required inputs.
 */
import { createHash } from "node:crypto";
import { SES_CONFIGURATION_SET, SES_CONFIGURATION_SET_ALIAS, SES_IDENTITY_POLICY } from "../state/resource-types";

/** The route53 hosted zone type (`aws.route53.Zone`). */
const ROUTE53_ZONE = "aws:route53/zone:Zone";

/** The auto-named property of each resource type the policies read. */
export const AUTO_NAMED_PROPERTIES: Readonly<Record<string, string>> = {
    [SES_CONFIGURATION_SET]: "name",
    [SES_CONFIGURATION_SET_ALIAS]: "name",
    [SES_IDENTITY_POLICY]: "name",
    [ROUTE53_ZONE]: "name",
};

/** How many random hex digits `tfbridge.AutoName` appends (`resource.NewUniqueHex(prefix, 7, maxLength)`). */
const SUFFIX_DIGITS = 7;

/**
 * The name the provider gives a resource named `name` of `type` in stack `stackKey` (e.g. the stack's URN
 * prefix). The provider draws the digits from the engine's random seed; offline they come from a hash, so a
 * stack gets the same auto-names in every run.
 */
export function autoName(stackKey: string, type: string, name: string): string {
    const digits = createHash("sha256").update(`${stackKey}\0${type}\0${name}`).digest("hex").slice(0, SUFFIX_DIGITS);
    return `${name}-${digits}`;
}

/** `inputs` with the auto-named property filled in when the program left it out, as the provider's Check does. */
export function checkedInputs(stackKey: string, type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const property = AUTO_NAMED_PROPERTIES[type];
    if (property === undefined || (inputs[property] !== undefined && inputs[property] !== null)) return inputs;
    return { ...inputs, [property]: autoName(stackKey, type, name) };
}
