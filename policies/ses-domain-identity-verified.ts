/**
 * ses-domain-identity-verified (stack policy, mandatory).
 *
 * Every SES domain identity has, in the same stack, the DNS records that verify it: for
 * `aws.sesv2.EmailIdentity` its Easy DKIM CNAMEs (`<token>._domainkey.<domain>` -> `<token>.<DKIM domain of
 * its region>`) or its BYODKIM TXT record (`<selector>._domainkey.<domain>` = `p=<public key>`); for
 * `aws.ses.DomainIdentity` its `_amazonses.<domain>` TXT record or the CNAMEs of a `DomainDkim`.
 * Without them the identity stays PENDING for 72 hours, then FAILED, and cannot send.
 * In preview, a record whose name or value is unknown counts when it depends on the identity.
 * Domains whose records are published elsewhere are listed in `externallyVerifiedDomains`.
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html#verify-domain-procedure
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { OnceGuidance, applyPitfall, configHint, dkimRecordExample, recordList } from "./messages";
import { namePatternListSchema, stringList } from "./stack/config";
import { VerificationRoute, verificationRoutes } from "./stack/expected-records";
import { SesIdentity, describeIdentity, domainOf, unicodeNameMessage } from "./stack/identities";
import { NamePatterns } from "./stack/patterns";
import { MatchResult, RecordClaims, matchRecords, nearMisses, privateZoneNote } from "./stack/record-matching";
import { describeRegion } from "./stack/region";
import { StackModel } from "./stack/stack-model";
import { UNKNOWN } from "./stack/values";

/** The policy's name. */
export const DOMAIN_IDENTITY_VERIFIED = "ses-domain-identity-verified";

/** Config of {@link sesDomainIdentityVerified}. */
export interface DomainIdentityVerifiedConfig {
    /** Domains (exact or wildcard, e.g. `*.example.com`) whose verification records live outside this stack. */
    externallyVerifiedDomains: string[];
}

interface RouteResult extends MatchResult {
    route: VerificationRoute;
}

function routeSummary(r: RouteResult, model: StackModel): string {
    const total = r.route.records.length;
    const header = `${r.route.description}: ${total - r.missing.length} of ${total} record(s) found; missing:`;
    return `${header}\n${recordList(r.missing, (e) => nearMisses(e, model))}`;
}

/** The violation message for an identity none of whose verification routes is complete. */
function unverifiedMessage(identity: SesIdentity, domain: string | undefined, results: RouteResult[], model: StackModel, guidance: OnceGuidance): string {
    const nothing = results.every((r) => r.found.size === 0);
    const lead = nothing
        ? `${describeIdentity(identity)} cannot be verified: this stack declares none of the DNS records that verify it.`
        : `${describeIdentity(identity)} cannot be verified: some of the DNS records that verify it are missing.`;
    const routes =
        results.length === 1
            ? routeSummary(results[0], model)
            : `Any one of these verifies it:\n${results.map((r, i) => `(${i + 1}) ${routeSummary(r, model)}`).join("\n")}`;
    const lines = [
        lead,
        `Region: ${describeRegion(identity.region)}.`,
        routes,
        "Declare the missing records in this stack (any supported DNS provider: Route 53, Cloudflare).",
    ];
    for (const r of results) {
        const note = privateZoneNote(r);
        if (note !== undefined) lines.push(note);
    }
    const pitfall = nothing && model.preview ? [applyPitfall(dkimRecordExample(identity))] : [];
    const exempt =
        `If ${domain ?? "the domain"} is verified outside this stack (a zone in another account or stack), list it in ` +
        `the policy config: ${configHint(DOMAIN_IDENTITY_VERIFIED, "externallyVerifiedDomains", domain ?? "example.com")}.`;
    lines.push(guidance.say([...pitfall, exempt].join("\n"), identity.resource.name));
    return lines.join("\n");
}

/** Every SES domain identity has the DNS records that verify it in the same stack. */
export const sesDomainIdentityVerified: StackValidationPolicy = {
    name: DOMAIN_IDENTITY_VERIFIED,
    description: "Every SES domain identity has, in the same stack, the DNS records that verify it (DKIM CNAMEs, BYODKIM TXT or the v1 _amazonses TXT).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            externallyVerifiedDomains: namePatternListSchema(
                "Domains whose verification records are published outside this stack; exact names or wildcards like *.example.com.",
            ),
        },
    },
    validateStack: (args, reportViolation) => {
        const external = new NamePatterns(stringList(args.getConfig<DomainIdentityVerifiedConfig>(), "externallyVerifiedDomains"));
        const model = StackModel.of(args.resources);
        const guidance = new OnceGuidance();
        const claims = new RecordClaims(model);
        for (const identity of model.identities) {
            if (identity.kind === "email-address") continue;
            const unicode = identity.nameProblem === undefined ? unicodeNameMessage(identity) : undefined;
            if (unicode !== undefined) reportViolation(unicode, identity.resource.urn);
            if (identity.nameProblem !== undefined) {
                reportViolation(
                    `${describeIdentity(identity)} cannot be verified: its name is not a valid DNS name (${identity.nameProblem}); ` +
                        "SES rejects it. Give the domain as DNS writes it: at most 253 characters, each label 1-63.",
                    identity.resource.urn,
                );
                continue;
            }
            // A name unknown in preview: only judged when records tie to it; the update's check sees the name.
            if (identity.kind === UNKNOWN && model.linkedRecords([identity.resource]).length === 0) continue;
            const domain = domainOf(identity);
            if (domain !== undefined && external.matches(domain)) continue;
            const results: RouteResult[] = verificationRoutes(identity, domain).map((route) => ({
                route,
                ...matchRecords(route.records, model, { identity: identity.resource, claims }),
            }));
            if (results.some((r) => r.missing.length === 0)) continue;
            reportViolation(unverifiedMessage(identity, domain, results, model, guidance), identity.resource.urn);
        }
    },
};
