/**
 * ses-identity-sesv2-recommended (resource policy, advisory).
 *
 * An SES v1 identity (`aws.ses.DomainIdentity`, `aws.ses.EmailIdentity`) cannot carry a default configuration
 * set: only the SES v2 API sets one on an identity (`PutEmailIdentityConfigurationSetAttributes`, the
 * `configurationSetName` of `aws.sesv2.EmailIdentity`). The advice is to declare the identity with SES v2, which
 * also gives Easy DKIM in one resource. `ses-identity-configuration-set` then judges the set it names.
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/dg/managing-configuration-sets.html#default-config-sets
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { namePatternListSchema, stringList } from "./stack/config";
import { shownName } from "./stack/identities";
import { NamePatterns } from "./stack/patterns";
import { SES_DOMAIN_IDENTITY, SES_EMAIL_IDENTITY } from "../state/resource-types";
import { nonEmptyStringAt, plainProps } from "./stack/values";

/** The policy's name. */
export const IDENTITY_SESV2_RECOMMENDED = "ses-identity-sesv2-recommended";

/** Config of {@link sesIdentitySesv2Recommended}. */
export interface IdentitySesv2RecommendedConfig {
    /** v1 identities (exact or wildcard) that stay on SES v1. */
    exemptIdentities: string[];
}

/** SES v1 identities are advised to move to SES v2, where a default configuration set can be given. */
export const sesIdentitySesv2Recommended: ResourceValidationPolicy = {
    name: IDENTITY_SESV2_RECOMMENDED,
    description: "Every SES identity is declared with SES v2 (aws.sesv2.EmailIdentity), the only API that gives an identity a default configuration set.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            exemptIdentities: namePatternListSchema("SES v1 identities (domains or addresses, exact or wildcard) that stay on SES v1."),
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== SES_DOMAIN_IDENTITY && args.type !== SES_EMAIL_IDENTITY) return;
        const name = nonEmptyStringAt(plainProps(args.props), args.type === SES_DOMAIN_IDENTITY ? "domain" : "email");
        if (typeof name === "string" && new NamePatterns(stringList(args.getConfig<IdentitySesv2RecommendedConfig>(), "exemptIdentities")).matches(name))
            return;
        const shown = typeof name === "string" ? shownName(name) : "(name unknown until the update)";
        reportViolation(
            `SES identity ${shown} (resource '${args.name}') is an SES v1 identity, which cannot carry a default configuration set. ` +
                "Declare it as aws.sesv2.EmailIdentity with configurationSetName instead (it also gives Easy DKIM in one resource), " +
                `or list it in "exemptIdentities".`,
        );
    },
};
