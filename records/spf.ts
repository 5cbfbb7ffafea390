/** SPF values: whether a TXT record published for a custom MAIL FROM domain authorizes Amazon SES. */
import { unquoteTxtValue } from "./identity-records";

/**
 * True when a TXT value is an SPF record that includes `amazonses.com`, the way SES asks (`v=spf1
 * include:amazonses.com ~all`) or inside a longer policy (`v=spf1 include:_spf.example.net include:amazonses.com -all`).
 */
export function spfIncludesAmazonSes(value: string): boolean {
    const terms = unquoteTxtValue(value).trim().toLowerCase().split(/\s+/);
    return terms[0] === "v=spf1" && terms.some((t) => /^[+~?]?include:amazonses\.com\.?$/.test(t));
}
