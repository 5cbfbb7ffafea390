/**
 * ses-mail-from-records (stack policy, mandatory).
 *
 * A custom MAIL FROM domain (`aws.sesv2.EmailIdentityMailFromAttributes`, `aws.ses.MailFrom`) has, in the same
 * stack, its MX record `10 feedback-smtp.<region>.amazonses.com` (for the identity's region) and its SPF TXT
 * record `v=spf1 include:amazonses.com ~all` (a longer SPF that includes amazonses.com is fine). Without them
 * the MAIL FROM status fails and SES falls back to amazonses.com, or rejects mail with `behaviorOnMxFailure:
 * REJECT_MESSAGE`. Domains whose records live elsewhere are listed in `externallyManagedDomains`.
 *
 * Where both names are known, the MAIL FROM domain is a subdomain of its identity: SES's
 * PutEmailIdentityMailFromAttributes and SetIdentityMailFromDomain refuse any other, so the deploy fails. Where the
 * SPF values at the MAIL FROM domain are known, they pass the SPF lint of records/mail-auth-lint.ts (one `v=spf1`
 * record, valid terms, at most 10 lookups): each of its failures is a permanent error (RFC 7208), and SPF then
 * fails for every message.
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/dg/mail-from.html
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { LintFinding, domainNameProblem, normalizeDnsName, identityDomain, isSpfValue, isStrictSubdomain, lintSpfRecords } from "../records";
import { OnceGuidance, applyPitfall, configHint, lintFindingList, mailFromRecordExample, recordList, recordNames } from "./messages";
import { isSecretValue } from "./stack/secrets";
import { namePatternListSchema, stringList } from "./stack/config";
import { mailFromExpectations } from "./stack/expected-records";
import { describeIdentity, shownName } from "./stack/identities";
import { MailFromSetting } from "./stack/mail-from";
import { NamePatterns } from "./stack/patterns";
import { DnsRecord } from "./stack/dns/dns-record";
import { MatchResult, matchRecords, nearMisses, privateZoneNote } from "./stack/record-matching";
import { describeRegion } from "./stack/region";
import { StackModel } from "./stack/stack-model";
import { UNKNOWN, describeRead, isKnown } from "./stack/values";

/** The policy's name. */
export const MAIL_FROM_RECORDS = "ses-mail-from-records";

/** Config of {@link sesMailFromRecords}. */
export interface MailFromRecordsConfig {
    /** MAIL FROM domains (exact or wildcard) whose records are published outside this stack. */
    externallyManagedDomains: string[];
}

/** The violation message for a MAIL FROM domain with missing records. */
function mailFromMessage(setting: MailFromSetting, result: MatchResult, model: StackModel, guidance: OnceGuidance): string {
    const domain = isKnown(setting.mailFromDomain) ? setting.mailFromDomain : undefined;
    // The identity by its resource: when the domain is an identity in several regions, its name alone does not say which one.
    const identity = setting.identity === undefined ? `SES identity ${describeRead(setting.identityName)}` : describeIdentity(setting.identity);
    const lines = [
        `Custom MAIL FROM domain ${describeRead(setting.mailFromDomain)} (resource '${setting.resource.name}') of ${identity} ` +
            "lacks DNS records in this stack; without them SES cannot use it.",
        `Region: ${describeRegion(setting.region)}.`,
        `Missing:\n${recordList(result.missing, (e) => nearMisses(e, model))}`,
    ];
    const note = privateZoneNote(result);
    if (note !== undefined) lines.push(note);
    const pitfall = result.found.size === 0 && model.preview ? [applyPitfall(mailFromRecordExample(setting.region.region))] : [];
    const exempt =
        `If ${domain ?? "the MAIL FROM domain"} is published outside this stack, list it in the policy config: ` +
        `${configHint(MAIL_FROM_RECORDS, "externallyManagedDomains", domain ?? "mail.example.com")}.`;
    lines.push(guidance.say([...pitfall, exempt].join("\n"), setting.resource.name));
    return lines.join("\n");
}

/**
 * The identity a MAIL FROM setting configures, as a domain (an address's domain), when its name is known and valid:
 * the name the setting gives, else its identity's.
 */
function identityDomainOf(setting: MailFromSetting): string | undefined {
    const name = isKnown(setting.identityName) ? setting.identityName : setting.identity?.name;
    if (!isKnown(name)) return undefined;
    const domain = identityDomain(name);
    return domainNameProblem(domain) === undefined ? domain : undefined;
}

/** The message for a MAIL FROM domain given in Unicode, which the pack reads in its ASCII form. */
function unicodeDomainMessage(setting: MailFromSetting): string {
    const ascii = shownName(String(setting.mailFromDomain));
    return (
        `Custom MAIL FROM domain '${shownName(setting.givenMailFromDomain ?? "")}' (${ascii}) (resource '${setting.resource.name}') is in Unicode, ` +
        "but SES takes an internationalized domain only in its ASCII (punycode) form (RFC 3492), as DNS serves it. " +
        `Give mailFromDomain: "${ascii}". Its records are matched in that form.`
    );
}

/** The message for a MAIL FROM domain that is not below its identity, or undefined when it is (or a name is unknown). */
function notSubdomainMessage(setting: MailFromSetting, domain: string): string | undefined {
    const identity = identityDomainOf(setting);
    if (identity === undefined || isStrictSubdomain(domain, identity)) return undefined;
    const same = normalizeDnsName(domain) === identity;
    return (
        `Custom MAIL FROM domain '${shownName(domain)}' (resource '${setting.resource.name}') is ${same ? "the identity's own domain" : "not a subdomain of its identity"} ` +
        `'${shownName(identity)}'. SES requires a subdomain of the verified identity (PutEmailIdentityMailFromAttributes, ` +
        `SetIdentityMailFromDomain), so the deploy fails. Use a subdomain such as 'bounce.${shownName(identity)}'.`
    );
}

/**
 * The public records whose known values are served at the MAIL FROM domain: those whose name is known to be it (fully
 * qualified, or relative to a known zone: a relative name in a zone not known may be another domain's) and the one
 * that serves its SPF expectation (in preview it may be tied by dependency alone, its name and the domain unknown),
 * each once.
 */
function spfCandidates(domain: string | undefined, result: MatchResult, model: StackModel): DnsRecord[] {
    const records: DnsRecord[] = [];
    const fqdn = domain === undefined ? undefined : normalizeDnsName(domain);
    if (fqdn !== undefined) for (const r of model.dns.named(fqdn)) if (r.qualifiedName === fqdn && !records.includes(r)) records.push(r);
    for (const [e, r] of result.found) if (e.purpose === "mail-from-spf" && !records.includes(r)) records.push(r);
    return records.filter((r) => !r.privateZone && (!isKnown(r.type) ? r.knownValues.some(isSpfValue) : r.type === "TXT"));
}

/** The violation message for SPF findings at a MAIL FROM domain. */
function spfMessage(setting: MailFromSetting, records: readonly DnsRecord[], findings: readonly LintFinding[]): string {
    const shown = recordNames(records);
    return (
        `The SPF at custom MAIL FROM domain ${describeRead(setting.mailFromDomain)} (resource '${setting.resource.name}'; ${shown}) is broken:\n` +
        lintFindingList(
            findings,
            records.some((r) => r.knownValues.some(isSecretValue)),
        )
    );
}

/** Every custom MAIL FROM domain is below its identity and has its region-correct MX and one valid SPF TXT record in the stack. */
export const sesMailFromRecords: StackValidationPolicy = {
    name: MAIL_FROM_RECORDS,
    description:
        "Every custom MAIL FROM domain is a subdomain of its identity and has, in the same stack, its MX record pointing at the feedback-smtp host of its region and one valid SPF TXT record (RFC 7208) including amazonses.com.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            externallyManagedDomains: namePatternListSchema("MAIL FROM domains whose records are published outside this stack; exact names or wildcards."),
        },
    },
    validateStack: (args, reportViolation) => {
        const external = new NamePatterns(stringList(args.getConfig<MailFromRecordsConfig>(), "externallyManagedDomains"));
        const model = StackModel.of(args.resources);
        const guidance = new OnceGuidance();
        for (const setting of model.mailFromSettings) {
            const domain = setting.mailFromDomain;
            if (domain === undefined) continue;
            if (domain !== UNKNOWN && external.matches(domain)) continue;
            const problem = domain === UNKNOWN ? undefined : domainNameProblem(domain);
            if (problem === undefined && setting.givenMailFromDomain !== undefined) reportViolation(unicodeDomainMessage(setting), setting.resource.urn);
            if (problem !== undefined) {
                reportViolation(
                    `Custom MAIL FROM domain '${shownName(domain as string)}' (resource '${setting.resource.name}') is not a valid DNS name ` +
                        `(${problem}); SES rejects it. Give a subdomain of the identity: at most 253 characters, each label 1-63.`,
                    setting.resource.urn,
                );
                continue;
            }
            if (domain !== UNKNOWN) {
                const outside = notSubdomainMessage(setting, domain);
                if (outside !== undefined) {
                    reportViolation(outside, setting.resource.urn);
                    continue;
                }
            }
            const anchors = setting.identity === undefined ? [setting.resource] : [setting.resource, setting.identity.resource];
            const expected = mailFromExpectations(domain === UNKNOWN ? undefined : domain, setting.region.region, anchors);
            const result = matchRecords(expected, model);
            if (result.missing.length > 0) reportViolation(mailFromMessage(setting, result, model, guidance), setting.resource.urn);
            const records = spfCandidates(domain === UNKNOWN ? undefined : domain, result, model);
            const findings = lintSpfRecords(records.flatMap((r) => r.knownValues));
            if (findings.length > 0) reportViolation(spfMessage(setting, records, findings), setting.resource.urn);
        }
    },
};
