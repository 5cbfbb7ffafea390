/** Message parts several policies share: how to list records, the `.apply()` pitfall, and config snippets. */
import { ExpectedRecord } from "./stack/expected-records";

/** A bulleted list of records for a message. */
export function recordList(records: readonly ExpectedRecord[], hint?: (r: ExpectedRecord) => string | undefined): string {
    return records
        .map((r) => {
            const h = hint?.(r);
            return `  - ${r.label}${h === undefined ? "" : `\n      (${h})`}`;
        })
        .join("\n");
}

/** How DKIM records are declared outside `.apply()`: the example {@link applyPitfall} shows by default. */
export const DKIM_RECORD_EXAMPLE =
    "new aws.route53.Record(`dkim-${i}`, { zoneId, type: \"CNAME\", ttl: 1800,\n" +
    "          name: pulumi.interpolate`${identity.dkimSigningAttributes.tokens[i]}._domainkey.${domain}`,\n" +
    "          records: [pulumi.interpolate`${identity.dkimSigningAttributes.tokens[i]}.dkim.amazonses.com`] });";

/** How MAIL FROM records are declared outside `.apply()`. */
export const MAIL_FROM_RECORD_EXAMPLE =
    "new aws.route53.Record(\"mail-from-mx\", { zoneId, type: \"MX\", ttl: 600,\n" +
    "          name: mailFrom.mailFromDomain, records: [\"10 feedback-smtp.<region>.amazonses.com\"] });";

/** Why a preview can see no records at all, and the fix, with `example` showing a record declared right. */
export function applyPitfall(example: string = DKIM_RECORD_EXAMPLE): string {
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
