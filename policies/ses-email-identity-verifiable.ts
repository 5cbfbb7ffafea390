/**
 * ses-email-identity-verifiable (stack policy, advisory).
 *
 * An email-address identity is verified by a person clicking the link SES mails to it (the link expires after
 * 24 hours); no DNS record can do it, so a deployment cannot finish the job. An address whose domain (or a
 * parent domain) is a domain identity in the same stack and region needs no click. The advisory names the
 * address and the two ways out: verify the domain in this stack, or list the address (or its domain) in config
 * as verified by hand.
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html#verify-email-addresses-procedure
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { identityDomain } from "../records";
import { configHint } from "./messages";
import { namePatternListSchema, stringList } from "./stack/config";
import { SesIdentity, describeIdentity, unicodeNameMessage } from "./stack/identities";
import { NamePatterns } from "./stack/patterns";
import { StackModel } from "./stack/stack-model";
import { isKnown } from "./stack/values";

/** The policy's name. */
export const EMAIL_IDENTITY_VERIFIABLE = "ses-email-identity-verifiable";

/** Config of {@link sesEmailIdentityVerifiable}. */
export interface EmailIdentityVerifiableConfig {
    /** Addresses verified by hand (exact or wildcard, e.g. `*@example.com`). */
    verifiedAddresses: string[];
    /** Domains verified outside this stack, whose addresses need no click. */
    verifiedDomains: string[];
}

/** The stack's domain identities with known names, by normalized domain. */
function domainIdentitiesByName(identities: readonly SesIdentity[]): Map<string, SesIdentity[]> {
    const byName = new Map<string, SesIdentity[]>();
    for (const d of identities) {
        if (d.kind !== "domain" || !isKnown(d.name)) continue;
        const key = identityDomain(d.name);
        const list = byName.get(key);
        if (list === undefined) byName.set(key, [d]);
        else list.push(d);
    }
    return byName;
}

/**
 * True when a domain identity of the stack covers `domain` (normalized) in a compatible region. Looks up
 * `domain` and each of its parents, so the cost follows the name's labels, not the number of identities.
 */
function coveredByDomainIdentity(address: SesIdentity, domain: string, byName: ReadonlyMap<string, readonly SesIdentity[]>): boolean {
    const a = address.region.region;
    for (let name = domain; ; name = name.slice(name.indexOf(".") + 1)) {
        for (const d of byName.get(name) ?? []) {
            const b = d.region.region;
            if (!(typeof a === "string" && typeof b === "string" && a !== b)) return true;
        }
        if (!name.includes(".")) return false;
    }
}

/** The advisory for an address that needs a click. */
function needsClickMessage(identity: SesIdentity, address: string, domain: string): string {
    return [
        `${describeIdentity(identity)} is an email address: SES verifies it only when someone clicks the link it mails to ${address} ` +
            "(the link expires after 24 hours), so this deployment cannot verify it by itself.",
        "Two ways out:",
        `  1. verify the domain ${domain} in this stack (an aws.sesv2.EmailIdentity for ${domain} with its DKIM records, e.g. ses-guard's ` +
            "components); every address at that domain can then send without its own identity;",
        `  2. if ${address} has been verified by hand, list it in the policy config: ` +
            `${configHint(EMAIL_IDENTITY_VERIFIABLE, "verifiedAddresses", address)}; a domain verified outside this stack goes in "verifiedDomains".`,
    ].join("\n");
}

/** Email-address identities whose domain is not verified in this stack need a person to click a link. */
export const sesEmailIdentityVerifiable: StackValidationPolicy = {
    name: EMAIL_IDENTITY_VERIFIABLE,
    description:
        "Every SES email-address identity either belongs to a domain verified in this stack or is listed as verified by hand, because only a person clicking a link can verify an address.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            verifiedAddresses: namePatternListSchema("Email addresses verified by hand; exact addresses or wildcards like *@example.com."),
            verifiedDomains: namePatternListSchema("Domains verified outside this stack, whose addresses need no click; exact names or wildcards."),
        },
    },
    validateStack: (args, reportViolation) => {
        const config = args.getConfig<EmailIdentityVerifiableConfig>();
        const addresses = new NamePatterns(stringList(config, "verifiedAddresses"));
        const domains = new NamePatterns(stringList(config, "verifiedDomains"));
        const model = StackModel.of(args.resources);
        const domainIdentities = domainIdentitiesByName(model.identities);
        for (const identity of model.identities) {
            if (identity.kind !== "email-address" || !isKnown(identity.name)) continue;
            const unicode = identity.nameProblem === undefined ? unicodeNameMessage(identity) : undefined;
            if (unicode !== undefined) reportViolation(unicode, identity.resource.urn);
            if (identity.nameProblem !== undefined) {
                reportViolation(`${describeIdentity(identity)} is not a valid email address: ${identity.nameProblem}; SES rejects it.`, identity.resource.urn);
                continue;
            }
            const address = identity.name;
            const domain = identityDomain(address);
            if (addresses.matches(address) || domains.matches(domain)) continue;
            if (coveredByDomainIdentity(identity, domain, domainIdentities)) continue;
            reportViolation(needsClickMessage(identity, address, domain), identity.resource.urn);
        }
    },
};
