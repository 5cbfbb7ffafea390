/**
 * The DNS records an identity needs, from the shared records module and what SES reports of it: its Easy
 * DKIM tokens and the zone SES actually signs in (`DkimAttributes.SigningHostedZone`), a BYODKIM selector,
 * its MAIL FROM domain, and the advised DMARC record. SES never returns a BYODKIM public key, so that part of
 * the record stays open: the report shows it as `<your public key>` and a DNS lookup accepts any key.
 */
import {
    IdentityRecord,
    IdentitySpec,
    identityDomain,
    identityKind,
    identityRecords,
    OPEN,
    OpenPart,
    recordOpenParts,
    renderRecord,
    RequiredRecord,
} from "../records";
import { IdentityDetails } from "./ses-calls";

/** How an open part reads in the report: only the BYODKIM public key is ever open here. */
function placeholder(part: OpenPart): string {
    return part.part === "public-key" ? "<your public key>" : `<${part.part}>`;
}

/** A record the check expects, as the records module renders it, naming the parts SES does not tell. */
export interface ExpectedRecord extends RequiredRecord {
    /** The parts the check cannot know (the BYODKIM public key): a DNS lookup takes any value there. Absent when none. */
    openParts?: OpenPart["part"][];
}

/** `source` rendered for the report, with its open parts named. */
function expected(source: IdentityRecord): ExpectedRecord {
    const open = recordOpenParts(source).map((p) => p.part);
    return open.length > 0 ? { ...renderRecord(source, placeholder), openParts: open } : renderRecord(source, placeholder);
}

/** The records `identity` in `region` needs, given GetEmailIdentity's answer (when there is one). */
export function expectedRecords(identity: string, region: string, details: IdentityDetails | undefined, mailFromDomain?: string): ExpectedRecord[] {
    const isDomain = identityKind(identity) === "domain";
    const dkim = details?.DkimAttributes;
    const tokens = isDomain && dkim?.Tokens && dkim.Tokens.length > 0 ? dkim.Tokens : undefined;
    // The SDK does not check the shapes SES answers with: a token that is no name cannot name a record.
    const malformed = tokens?.find((t) => typeof t !== "string" || t === "");
    if (malformed !== undefined) throw new Error(`DkimAttributes.Tokens holds ${JSON.stringify(malformed)}, not a DNS label`);
    const spec: IdentitySpec = {
        domain: identityDomain(identity),
        region,
        dkim:
            tokens === undefined
                ? undefined
                : dkim?.SigningAttributesOrigin === "EXTERNAL"
                  ? { kind: "byodkim", selectors: tokens, publicKey: OPEN }
                  : { kind: "easy", tokens, signingZone: dkim?.SigningHostedZone },
        mailFromDomain: details?.MailFromAttributes?.MailFromDomain || mailFromDomain || undefined,
        dmarc: isDomain ? {} : undefined,
    };
    return identityRecords(spec).map(expected);
}
