/**
 * Custom MAIL FROM settings of a stack (`aws.sesv2.EmailIdentityMailFromAttributes`, `aws.ses.MailFrom`),
 * each tied to the identity it configures, by name or by dependency.
 */
import { PolicyResource } from "@pulumi/policy";
import { normalizeDnsName } from "../../records";
import { SesIdentity } from "./identities";
import { ResolvedRegion, resourceRegion } from "./region";
import { SESV2_MAIL_FROM, SES_MAIL_FROM } from "../../state/resource-types";
import { Read, isKnown, nonEmptyStringAt, plainProps } from "./values";

/** One custom MAIL FROM setting. */
export interface MailFromSetting {
    /** The MAIL FROM resource. */
    resource: PolicyResource;
    /** The identity it names (`emailIdentity` in v2, `domain` in v1). */
    identityName: Read<string>;
    /** The identity of the stack it configures, when found. */
    identity: SesIdentity | undefined;
    /** The MAIL FROM domain. */
    mailFromDomain: Read<string>;
    /** Its region (the MX host is regional). */
    region: ResolvedRegion;
}

/** Every MAIL FROM setting among `resources`, linked to `identities`. */
export function readMailFromSettings(resources: readonly PolicyResource[], identities: readonly SesIdentity[]): MailFromSetting[] {
    const settings: MailFromSetting[] = [];
    let byName: Map<string, SesIdentity> | undefined;
    let byResource: Map<PolicyResource, SesIdentity> | undefined;
    for (const r of resources) {
        if (r.type !== SESV2_MAIL_FROM && r.type !== SES_MAIL_FROM) continue;
        if (byName === undefined || byResource === undefined) {
            byName = new Map();
            byResource = new Map();
            for (const i of identities) {
                byResource.set(i.resource, i);
                if (isKnown(i.name)) byName.set(normalizeDnsName(i.name), i);
            }
        }
        const props = plainProps(r.props);
        const nameProperty = r.type === SESV2_MAIL_FROM ? "emailIdentity" : "domain";
        const identityName = nonEmptyStringAt(props, nameProperty);
        let identity = isKnown(identityName) ? byName.get(normalizeDnsName(identityName)) : undefined;
        for (const dep of r.propertyDependencies?.[nameProperty] ?? []) identity ??= byResource.get(dep);
        const own = resourceRegion(r);
        settings.push({
            resource: r,
            identityName,
            identity,
            mailFromDomain: nonEmptyStringAt(props, "mailFromDomain"),
            region: own.source === "its region input" || identity === undefined ? own : identity.region,
        });
    }
    return settings;
}
