/**
 * ses-identity-configuration-set (resource policy, mandatory; can remediate).
 *
 * Every SES v2 identity names a default configuration set (`configurationSetName`), so mail sent without one
 * still gets its event publishing, reputation metrics and TLS settings. When `allowedConfigurationSets` is
 * configured the name is one of them. At level `remediate` an identity without one gets
 * `defaultConfigurationSet`. SES v1 identities, which cannot carry one, are `ses-identity-sesv2-recommended`'s.
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/dg/managing-configuration-sets.html#default-config-sets
 */
import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { namePatternListSchema, stringList, stringOption } from "./stack/config";
import { NamePatterns } from "./stack/patterns";
import { SESV2_EMAIL_IDENTITY } from "../state/resource-types";
import { UNKNOWN, hasProxyKeys, nonEmptyStringAt, plainProps } from "./stack/values";

/** The policy's name. */
export const IDENTITY_CONFIGURATION_SET = "ses-identity-configuration-set";

/** Config of {@link sesIdentityConfigurationSet}. */
export interface IdentityConfigurationSetConfig {
    /** Names (or wildcards) an identity's default configuration set must be one of; empty allows any. */
    allowedConfigurationSets: string[];
    /** The name remediation fills in for an identity without one. */
    defaultConfigurationSet?: string;
    /** Identities (exact or wildcard) that need no default configuration set. */
    exemptIdentities: string[];
}

function identityLabel(args: ResourceValidationArgs, name: unknown): string {
    return `SES identity ${typeof name === "string" ? name : "(name unknown until the update)"} (resource '${args.name}')`;
}

function validate(args: ResourceValidationArgs, reportViolation: (message: string) => void): void {
    // The type first: most resources of a stack are not identities, and their props and the config are not read.
    if (args.type !== SESV2_EMAIL_IDENTITY) return;
    const props = plainProps(args.props);
    const config = args.getConfig<IdentityConfigurationSetConfig>();
    const exempt = new NamePatterns(stringList(config, "exemptIdentities"));
    const name = nonEmptyStringAt(props, "emailIdentity");
    if (typeof name === "string" && exempt.matches(name)) return;
    const set = nonEmptyStringAt(props, "configurationSetName");
    if (set === UNKNOWN) return;
    const fallback = stringOption(config, "defaultConfigurationSet");
    if (set === undefined) {
        reportViolation(
            `${identityLabel(args, name)} names no default configuration set. Set configurationSetName (e.g. ` +
                'configurationSetName: mySet.configurationSetName), or run this policy at level "remediate" with ' +
                `"defaultConfigurationSet" in its config${fallback === undefined ? "" : ` (configured: '${fallback}')`}; ` +
                `identities that need none go in "exemptIdentities".`,
        );
        return;
    }
    const allowed = stringList(config, "allowedConfigurationSets");
    if (allowed.length > 0 && !new NamePatterns(allowed).matches(set)) {
        reportViolation(
            `${identityLabel(args, name)} names configuration set '${set}', which is not one of the allowed ` +
                `configuration sets (${allowed.join(", ")}). Use one of them, or add '${set}' to "allowedConfigurationSets".`,
        );
    }
}

/** At level `remediate`: the identity's inputs with `defaultConfigurationSet` filled in, when it names none. */
function remediate(args: ResourceValidationArgs): Record<string, unknown> | undefined {
    if (args.type !== SESV2_EMAIL_IDENTITY) return undefined;
    const config = args.getConfig<IdentityConfigurationSetConfig>();
    const fallback = stringOption(config, "defaultConfigurationSet");
    if (fallback === undefined) return undefined;
    const props = plainProps(args.props);
    const name = nonEmptyStringAt(props, "emailIdentity");
    if (typeof name === "string" && new NamePatterns(stringList(config, "exemptIdentities")).matches(name)) return undefined;
    if (nonEmptyStringAt(props, "configurationSetName") !== undefined || hasProxyKeys(props)) return undefined;
    return { ...props, configurationSetName: fallback };
}

/** Every SES v2 identity names an (allowed) default configuration set. */
export const sesIdentityConfigurationSet: ResourceValidationPolicy = {
    name: IDENTITY_CONFIGURATION_SET,
    description: "Every SES v2 identity names a default configuration set, one of the allowed ones when a list is configured.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedConfigurationSets: namePatternListSchema("Configuration set names (or wildcards) an identity may name; empty allows any."),
            defaultConfigurationSet: {
                type: "string",
                minLength: 1,
                description: "At level remediate, the configuration set given to an identity that names none.",
            },
            exemptIdentities: namePatternListSchema("Identities (domains or addresses, exact or wildcard) that need no default configuration set."),
        },
    },
    validateResource: validate,
    remediateResource: remediate,
};
