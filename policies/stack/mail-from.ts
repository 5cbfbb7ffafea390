/**
 * Custom MAIL FROM settings of a stack (`aws.sesv2.EmailIdentityMailFromAttributes`, `aws.ses.MailFrom`),
 * each tied to the identity it configures: by dependency first, else by name among the identities of its own
 * region (its region input or provider: the API call that sets it goes there).
 */
import { PolicyResource } from "@pulumi/policy";
import { IdentityLinks, SesIdentity } from "./identities";
import { ResolvedRegion, resourceRegion } from "./region";
import { ResourceRef, ResourceRefs } from "./resource-ref";
import { SESV2_MAIL_FROM, SES_MAIL_FROM } from "../../state/resource-types";
import { Read, nonEmptyStringAt, plainProps } from "./values";

/** One custom MAIL FROM setting. */
export interface MailFromSetting {
    /** The MAIL FROM resource. */
    resource: ResourceRef;
    /** The identity it names (`emailIdentity` in v2, `domain` in v1). */
    identityName: Read<string>;
    /** The identity of the stack it configures, when found. */
    identity: SesIdentity | undefined;
    /** The MAIL FROM domain. */
    mailFromDomain: Read<string>;
    /** Its region (the MX host is regional). */
    region: ResolvedRegion;
}

/** Every MAIL FROM setting among `resources`, linked to `identities`; each resource is named by its ref in `refs`. */
export function readMailFromSettings(resources: readonly PolicyResource[], identities: readonly SesIdentity[], refs: ResourceRefs): MailFromSetting[] {
    const settings: MailFromSetting[] = [];
    let links: IdentityLinks | undefined;
    for (const r of resources) {
        if (r.type !== SESV2_MAIL_FROM && r.type !== SES_MAIL_FROM) continue;
        links ??= new IdentityLinks(identities);
        const props = plainProps(r.props);
        const nameProperty = r.type === SESV2_MAIL_FROM ? "emailIdentity" : "domain";
        const identityName = nonEmptyStringAt(props, nameProperty);
        const region = resourceRegion(r);
        settings.push({
            resource: refs.of(r),
            identityName,
            identity: links.owner(r, nameProperty, identityName, region),
            mailFromDomain: nonEmptyStringAt(props, "mailFromDomain"),
            region,
        });
    }
    return settings;
}
