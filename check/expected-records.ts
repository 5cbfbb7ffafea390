/**
 * The DNS records an identity needs, from the shared records module and what SES reports of it: its Easy
 * DKIM tokens and the zone SES actually signs in (`DkimAttributes.SigningHostedZone`), a BYODKIM selector,
 * its MAIL FROM domain, and the advised DMARC record.
 */
import { byoDkimRecord, dmarcRecord, easyDkimRecords, identityDomain, identityKind, mailFromRecords, RequiredRecord } from "../records";
import { IdentityDetails } from "./ses-calls";

/** Placeholder for a BYODKIM public key: SES never returns it, so its value cannot be compared. */
export const UNKNOWN_PUBLIC_KEY = "<your public key>";

/** The records `identity` in `region` needs, given GetEmailIdentity's answer (when there is one). */
export function expectedRecords(identity: string, region: string, details: IdentityDetails | undefined, mailFromDomain?: string): RequiredRecord[] {
    // Appended one by one (never push(...list)): SES may report any number of tokens, and a spread of
    // 130k arguments overflows the stack.
    let records: RequiredRecord[] = [];
    const kind = identityKind(identity);
    const domain = identityDomain(identity);
    const dkim = details?.DkimAttributes;
    if (kind === "domain" && dkim?.Tokens && dkim.Tokens.length > 0) {
        if (dkim.SigningAttributesOrigin === "EXTERNAL") {
            records = records.concat(dkim.Tokens.map((selector) => byoDkimRecord(domain, selector, UNKNOWN_PUBLIC_KEY)));
        } else {
            records = records.concat(easyDkimRecords(domain, dkim.Tokens, region, dkim.SigningHostedZone));
        }
    }
    const mailFrom = details?.MailFromAttributes?.MailFromDomain || mailFromDomain;
    if (mailFrom) records = records.concat(mailFromRecords(mailFrom, region));
    if (kind === "domain") records.push(dmarcRecord(domain));
    return records;
}
