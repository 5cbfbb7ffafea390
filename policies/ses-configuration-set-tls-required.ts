/**
 * ses-configuration-set-tls-required (resource policy, advisory).
 *
 * Every SES configuration set requires TLS for delivery (`deliveryOptions.tlsPolicy`: `REQUIRE` in
 * `aws.sesv2.ConfigurationSet`, `Require` in `aws.ses.ConfigurationSet`), so mail sent with it is never
 * handed to a receiving server in plain text. SES's default is optional TLS.
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/dg/security-protocols.html
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { readConfigurationSet } from "./stack/configuration-sets";
import { namePatternListSchema, stringList } from "./stack/config";
import { NamePatterns } from "./stack/patterns";
import { UNKNOWN } from "./stack/values";

/** The policy's name. */
export const CONFIGURATION_SET_TLS_REQUIRED = "ses-configuration-set-tls-required";

/** Config of {@link sesConfigurationSetTlsRequired}. */
export interface ConfigurationSetTlsRequiredConfig {
    /** Configuration sets (exact or wildcard) that may deliver without TLS. */
    exemptConfigurationSets: string[];
}

/** Configuration sets require TLS delivery. */
export const sesConfigurationSetTlsRequired: ResourceValidationPolicy = {
    name: CONFIGURATION_SET_TLS_REQUIRED,
    description: "Every SES configuration set requires TLS for delivery, so mail is never handed on in plain text.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            exemptConfigurationSets: namePatternListSchema("Configuration sets (exact or wildcard) that may deliver without TLS."),
        },
    },
    validateResource: (args, reportViolation) => {
        const set = readConfigurationSet(args);
        if (set === undefined || set.tlsPolicy === UNKNOWN) return;
        const exempt = new NamePatterns(stringList(args.getConfig<ConfigurationSetTlsRequiredConfig>(), "exemptConfigurationSets"));
        if (typeof set.name === "string" && exempt.matches(set.name)) return;
        if (typeof set.tlsPolicy === "string" && set.tlsPolicy.toUpperCase() === "REQUIRE") return;
        const wanted = set.api === "v2" ? "REQUIRE" : "Require";
        const current = set.tlsPolicy === undefined ? "not set (SES then delivers without TLS when the receiver offers none)" : `'${set.tlsPolicy}'`;
        reportViolation(
            `SES configuration set ${typeof set.name === "string" ? `'${set.name}'` : "(name unknown)"} (resource '${args.name}') does not ` +
                `require TLS: deliveryOptions.tlsPolicy is ${current}. Set deliveryOptions: { tlsPolicy: "${wanted}" }, or list the set ` +
                `in "exemptConfigurationSets".`,
        );
    },
};
