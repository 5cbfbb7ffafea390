/**
 * ses-domain-dmarc (stack policy, advisory).
 *
 * Every SES domain identity of the stack has a DMARC record: a TXT record at `_dmarc.<domain>` (or at an
 * organizational parent domain, where receivers look next) whose value starts `v=DMARC1`. SES does not need
 * it, but large mailbox providers require DMARC from bulk senders. Domains whose DMARC record lives elsewhere are
 * listed in `externallyManagedDomains`.
 *
 * Where the values at that `_dmarc` name are known, they pass the DMARC lint of records/mail-auth-lint.ts (RFC
 * 7489): one record, `v=DMARC1` first, `p=` none, quarantine or reject, known tags with valid values, and no
 * `aspf=s` when the domain sends with a custom MAIL FROM subdomain (SPF would never align). Each of these leaves
 * mail flowing but DMARC weaker or ignored, so the policy stays advisory.
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dmarc.html
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { LintFinding, dmarcRecordName, domainAndParents, identityDomain, isDmarcValue, isStrictSubdomain, lintDmarcRecords, mentionsDmarc } from "../records";
import { configHint, lintFindingList, recordNames } from "./messages";
import { isSecretValue } from "./stack/secrets";
import { namePatternListSchema, stringList } from "./stack/config";
import { DnsRecord } from "./stack/dns/dns-record";
import { SesIdentity, domainOf } from "./stack/identities";
import { NamePatterns } from "./stack/patterns";
import { StackModel } from "./stack/stack-model";
import { isKnown, knownStrings } from "./stack/values";

/** The policy's name. */
export const DOMAIN_DMARC = "ses-domain-dmarc";

/** Config of {@link sesDomainDmarc}. */
export interface DomainDmarcConfig {
    /** Domains (exact or wildcard) whose DMARC record is published outside this stack. */
    externallyManagedDomains: string[];
}

/** True when a record can be the DMARC record: TXT (or type unknown) and a DMARC value (or a value unknown). */
function isDmarcRecord(record: DnsRecord): boolean {
    // Receivers look in public DNS; a private hosted zone answers only its VPCs.
    if (record.privateZone || (isKnown(record.type) && record.type !== "TXT")) return false;
    const { values, anyUnknown } = knownStrings(record.values);
    return anyUnknown || values.some(isDmarcValue);
}

/** True when a record's values may be read as served at its name: public and TXT (or of a type unknown). */
function isPublicTxt(record: DnsRecord): boolean {
    return !record.privateZone && (!isKnown(record.type) || record.type === "TXT");
}

/** The domains the stack gives a custom MAIL FROM subdomain (through their identity's MAIL FROM setting), found once per run. */
function domainsWithCustomMailFrom(model: StackModel): Set<string> {
    const domains = new Set<string>();
    for (const s of model.mailFromSettings) {
        const name = isKnown(s.identityName) ? s.identityName : s.identity?.name;
        if (!isKnown(name) || !isKnown(s.mailFromDomain)) continue;
        const domain = identityDomain(name);
        if (isStrictSubdomain(s.mailFromDomain, domain)) domains.add(domain);
    }
    return domains;
}

/** The violation message for DMARC findings at `name`. */
function lintMessage(identity: SesIdentity, domain: string, name: string, records: readonly DnsRecord[], findings: readonly LintFinding[]): string {
    const shown = recordNames(records);
    return (
        `The DMARC record of SES domain ${domain} (resource '${identity.resource.name}') at ${name} (${shown}) is weakened or ignored:\n` +
        lintFindingList(
            findings,
            records.some((r) => r.knownValues.some(isSecretValue)),
        )
    );
}

/** Every SES domain identity has a DMARC TXT record. */
export const sesDomainDmarc: StackValidationPolicy = {
    name: DOMAIN_DMARC,
    description:
        "Every SES domain identity has one valid DMARC TXT record starting v=DMARC1 (RFC 7489), which large mailbox providers require from bulk senders.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            externallyManagedDomains: namePatternListSchema("Domains whose DMARC record is published outside this stack; exact names or wildcards."),
        },
    },
    validateStack: (args, reportViolation) => {
        const external = new NamePatterns(stringList(args.getConfig<DomainDmarcConfig>(), "externallyManagedDomains"));
        const model = StackModel.of(args.resources);
        const seen = new Set<string>();
        let mailFromDomains: Set<string> | undefined;
        // One finding per domain, blamed on the first identity in URN order (the model's), whatever order the engine sends.
        for (const identity of model.identities) {
            if (identity.kind !== "domain") continue;
            const domain = domainOf(identity);
            if (domain === undefined || seen.has(domain)) continue;
            seen.add(domain);
            // Receivers look for DMARC at the domain, then at its parents.
            const candidates = domainAndParents(domain);
            if (candidates.some((d) => external.matches(d))) continue;
            // The name receivers read: the domain's own _dmarc record, else its parents' (RFC 7489 section 6.6.3).
            const name = candidates
                .map(dmarcRecordName)
                .find((n) => model.dns.named(n).some((r) => isDmarcRecord(r) || (isPublicTxt(r) && r.knownValues.some(mentionsDmarc))));
            if (name !== undefined) {
                const records = model.dns.named(name).filter(isPublicTxt);
                const context = { customMailFrom: (mailFromDomains ??= domainsWithCustomMailFrom(model)).has(domain) };
                // Records known to be at the name are one record set; a relative name in a zone not known may be another
                // domain's, so such records are linted each on its own (two of them are not known to be two at one name).
                const exact = records.filter((r) => r.qualifiedName === name);
                const findings =
                    exact.length > 0
                        ? lintDmarcRecords(
                              exact.flatMap((r) => r.knownValues),
                              context,
                          )
                        : records.flatMap((r) => lintDmarcRecords(r.knownValues, context));
                if (findings.length > 0)
                    reportViolation(lintMessage(identity, domain, name, exact.length > 0 ? exact : records, findings), identity.resource.urn);
                continue;
            }
            reportViolation(
                `SES domain ${domain} (resource '${identity.resource.name}') has no DMARC record in this stack. Add a TXT record ` +
                    `${dmarcRecordName(domain)} = "v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}" (start with p=none, then ` +
                    `tighten to quarantine or reject). If it is published elsewhere, list the domain in the policy config: ` +
                    `${configHint(DOMAIN_DMARC, "externallyManagedDomains", domain)}.`,
                identity.resource.urn,
            );
        }
    },
};
