/** Message parts several policies share: how to list records, the `.apply()` pitfall, and config snippets. */
import { LintFinding, dkimDomainForRegion, mailFromMxValue } from "../records";
import { DnsRecord } from "./stack/dns/dns-record";
import { ExpectedRecord, expectedLabel } from "./stack/expected-records";
import { SesIdentity } from "./stack/identities";
import { Read, isKnown } from "./stack/values";

/** A bulleted list of records for a message. */
export function recordList(records: readonly ExpectedRecord[], hint?: (r: ExpectedRecord) => string | undefined): string {
    return records
        .map((r) => {
            const h = hint?.(r);
            return `  - ${expectedLabel(r)}${h === undefined ? "" : `\n      (${h})`}`;
        })
        .join("\n");
}

/** How many records, and lint findings, a message names before it gives only a count of the rest. */
const LISTED = 10;

/** The DNS records a lint finding is about, for a message: `Route 53 record 'spf', Cloudflare record 'spf-old'`. */
export function recordNames(records: readonly DnsRecord[]): string {
    const shown = records.slice(0, LISTED).map((r) => `${r.provider} record '${r.resourceName}'`);
    return records.length > LISTED ? `${shown.join(", ")} and ${records.length - LISTED} more` : shown.join(", ");
}

/** Lint findings (records/mail-auth-lint.ts) as a bulleted list, each with what to write instead. */
export function lintFindingList(findings: readonly LintFinding[], secret = false): string {
    // A finding quotes terms of the record's value; when that value is secret, no term of it is shown.
    const shown = (text: string): string => (secret ? text.replace(/(["'])(?:(?!\1).)*\1/g, "[secret]") : text);
    const lines = findings.slice(0, LISTED).map((f) => `  - ${shown(f.problem)}.\n      Instead: ${shown(f.fix)}.`);
    if (findings.length > LISTED) lines.push(`  - and ${findings.length - LISTED} more of the same kinds.`);
    return lines.join("\n");
}

/**
 * How one DKIM record of `identity` is declared outside `.apply()`, in the identity's own API (v2
 * `dkimSigningAttributes.tokens[i]`, v1 `DomainDkim.dkimTokens[i]`, BYODKIM's TXT key record) and with the
 * DKIM domain of its region when that is known.
 */
export function dkimRecordExample(identity: SesIdentity): string {
    const region = identity.region.region;
    const dkimDomain = isKnown(region) ? dkimDomainForRegion(region) : "<DKIM domain of the identity's region>";
    if (identity.dkim?.kind === "byodkim") {
        return (
            'new aws.route53.Record("dkim-key", { zoneId, type: "TXT", ttl: 1800,\n' +
            "          name: pulumi.interpolate`${selector}._domainkey.${domain}`, records: [pulumi.interpolate`p=${publicKey}`] });"
        );
    }
    const token = identity.api === "v1" ? "dkim.dkimTokens[i]" : "identity.dkimSigningAttributes.tokens[i]";
    return (
        'new aws.route53.Record(`dkim-${i}`, { zoneId, type: "CNAME", ttl: 1800,\n' +
        `          name: pulumi.interpolate\`\${${token}}._domainkey.\${domain}\`,\n` +
        `          records: [pulumi.interpolate\`\${${token}}.${dkimDomain}\`] });` +
        (identity.api === "v1" ? '\n      where dkim = new aws.ses.DomainDkim("dkim", { domain: identity.domain })' : "")
    );
}

/** How the MAIL FROM MX record is declared outside `.apply()`, with the feedback host of `region` when known. */
export function mailFromRecordExample(region: Read<string>): string {
    return (
        'new aws.route53.Record("mail-from-mx", { zoneId, type: "MX", ttl: 600,\n' +
        `          name: mailFrom.mailFromDomain, records: ["${mailFromMxValue(isKnown(region) ? region : "<region>")}"] });`
    );
}

/**
 * Why a preview can see no records at all, and the fix, with `example` showing a record declared right. Only
 * for a preview: in an update the callbacks have run and their resources are registered, so it cannot be the
 * cause there.
 */
export function applyPitfall(example: string): string {
    return (
        "If your program creates these records inside an .apply() callback, the engine never sees them during preview " +
        "(resources created in .apply() are not registered until the update), so no policy can either. Declare each " +
        "record as its own resource outside .apply() and pass the identity's outputs as its inputs, e.g.\n" +
        `      ${example}\n` +
        "  or use ses-guard's components, which declare every record for you."
    );
}

/** The `--policy-pack-config` snippet that lists names for `policy`'s `option`. */
export function configHint(policy: string, option: string, example: string): string {
    const at = example.lastIndexOf("@");
    const wildcard = at >= 0 ? `*@${example.slice(at + 1)}` : `*.${example}`;
    return `{"${policy}": {"${option}": ["${example}", "${wildcard}"]}} (exact names or wildcard patterns)`;
}

/**
 * Long how-to-fix guidance, stated in full once per policy and request; later violations point back to the one
 * that carries it, so each keeps to what is specific to it (and a stack of thousands of failing identities gives
 * an answer the CLI can take).
 */
export class OnceGuidance {
    private first: string | undefined;

    /** `text` for the first violation (on `resource`), a pointer to that one afterwards. */
    say(text: string, resource: string): string {
        if (this.first === undefined) {
            this.first = resource;
            return text;
        }
        return `How to fix and how to exempt a name: as in this policy's violation on resource '${this.first}'.`;
    }
}
