/**
 * Identities in a `pulumi stack export` file: every SES identity resource (v2 EmailIdentity, v1
 * DomainIdentity and EmailIdentity) with its region (the resource's `region` input or its provider's) and
 * expectations (`configurationSetName`; a custom MAIL FROM domain from the MAIL FROM resources).
 * Parsing is state/stack-export.ts's; its errors are user errors as they are.
 */
import { CapturedResource } from "../../state/captured-resource";
import { UNKNOWN } from "../../state/wire";
import { readStackExport } from "../../state/stack-export";
import { targetKey, VerifyTarget } from "../../check/verify-target";
import { SESV2_EMAIL_IDENTITY, SES_DOMAIN_IDENTITY, SES_EMAIL_IDENTITY, SESV2_MAIL_FROM, SES_MAIL_FROM } from "../../state/resource-types";

/** Identity resource types and the property naming the identity. */
const IDENTITY_PROPERTY: Readonly<Record<string, string>> = {
    [SESV2_EMAIL_IDENTITY]: "emailIdentity",
    [SES_DOMAIN_IDENTITY]: "domain",
    [SES_EMAIL_IDENTITY]: "email",
};

/** MAIL FROM resource types and the property naming their identity. */
const MAIL_FROM_PROPERTY: Readonly<Record<string, string>> = {
    [SESV2_MAIL_FROM]: "emailIdentity",
    [SES_MAIL_FROM]: "domain",
};

/** Every SES identity in parsed stack export JSON from `source`. */
export function targetsFromStackExport(json: unknown, source: string): VerifyTarget[] {
    const resources = readStackExport(json, source);
    const mailFrom = new Map<string, string>();
    for (const r of resources) {
        const property = MAIL_FROM_PROPERTY[r.type];
        const identity = property && text(r, property);
        const domain = text(r, "mailFromDomain");
        if (identity && domain) mailFrom.set(targetKey(regionOf(r) ?? "", identity), domain);
    }
    const targets: VerifyTarget[] = [];
    for (const r of resources) {
        const property = IDENTITY_PROPERTY[r.type];
        const identity = property && text(r, property);
        if (!identity) continue;
        const region = regionOf(r);
        targets.push({
            identity,
            region,
            configurationSetName: text(r, "configurationSetName"),
            mailFromDomain: mailFrom.get(targetKey(region ?? "", identity)),
            source,
        });
    }
    return targets;
}

/** A known, non-secret string property: outputs first (what was deployed), then inputs. */
function text(r: CapturedResource, key: string): string | undefined {
    for (const value of [r.outputs[key], r.inputs[key]]) {
        if (typeof value === "string" && value !== "" && value !== UNKNOWN) return value;
    }
    return undefined;
}

/** The resource's region input (AWS provider 7+), else its provider's region. */
function regionOf(r: CapturedResource): string | undefined {
    const own = text(r, "region");
    if (own) return own;
    const fromProvider = r.provider?.properties.region;
    return typeof fromProvider === "string" && fromProvider !== UNKNOWN ? fromProvider : undefined;
}
