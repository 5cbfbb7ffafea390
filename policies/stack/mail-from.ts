/**
 * Custom MAIL FROM settings of a stack (`aws.sesv2.EmailIdentityMailFromAttributes`, `aws.ses.MailFrom`),
 * each tied to the identity it configures: by dependency first, else by name among the identities of its own
 * region (its region input or provider: the API call that sets it goes there).
 */
import { PolicyResource } from "@pulumi/policy";
import { asciiIdentityName } from "../../records";
import { IdentityLinks, SesIdentity } from "./identities";
import { ResolvedRegion, resourceRegion } from "./region";
import { ResourceRef, ResourceRefs } from "./resource-ref";
import { SESV2_MAIL_FROM, SES_MAIL_FROM } from "../../state/resource-types";
import { Read, isKnown, nonEmptyStringAt, plainProps } from "./values";

/** One custom MAIL FROM setting. */
export interface MailFromSetting {
    /** The MAIL FROM resource. */
    resource: ResourceRef;
    /** The identity it names (`emailIdentity` in v2, `domain` in v1). */
    identityName: Read<string>;
    /** The identity of the stack it configures, when found. */
    identity: SesIdentity | undefined;
    /** The MAIL FROM domain, a Unicode one in its ASCII (punycode) form, as DNS and SES compare it. */
    mailFromDomain: Read<string>;
    /** The MAIL FROM domain as the program gave it, when that is in Unicode and {@link mailFromDomain} is its ASCII form. */
    givenMailFromDomain?: string;
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
        const given = nonEmptyStringAt(props, "mailFromDomain");
        const mailFromDomain = isKnown(given) ? asciiIdentityName(given) : given;
        settings.push({
            resource: refs.of(r),
            identityName: isKnown(identityName) ? asciiIdentityName(identityName) : identityName,
            identity: links.owner(r, nameProperty, identityName, region),
            mailFromDomain,
            ...(mailFromDomain !== given ? { givenMailFromDomain: given as string } : {}),
            region,
        });
    }
    return settings;
}
