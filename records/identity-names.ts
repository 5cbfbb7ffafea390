/**
 * What an SES identity name is and whether it is well formed: a domain (`example.com`) or an email
 * address (`noreply@example.com`).
 */
import { domainToASCII } from "node:url";
import { normalizeDnsName } from "./dns-names";

/** The two kinds of SES identity. */
export type IdentityKind = "domain" | "email-address";

/** An identity is an email address when it contains `@`, otherwise a domain. */
export function identityKind(name: string): IdentityKind {
    return name.includes("@") ? "email-address" : "domain";
}

/** The domain part of an email address (lower case), or the normalized domain itself. */
export function identityDomain(name: string): string {
    const at = name.lastIndexOf("@");
    return normalizeDnsName(at >= 0 ? name.slice(at + 1) : name);
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i;

/** Why `domain` is not a usable SES domain name, or undefined when it is. */
export function domainNameProblem(domain: string): string | undefined {
    const d = domain.endsWith(".") ? domain.slice(0, -1) : domain;
    if (d.length === 0) return "it is empty";
    if (d.length > 253) return "it is longer than 253 characters";
    if (/\s/.test(d)) return "it contains white space";
    if (d.includes("@")) return "it contains '@' (an email address, not a domain)";
    if (d.includes("://")) return "it looks like a URL; give the bare domain";
    if (hasNonAscii(d)) {
        const ascii = domainToASCII(d);
        return ascii === ""
            ? "it is not a valid internationalized domain name"
            : `it has non-ASCII letters: SES takes an internationalized domain in its ASCII (punycode) form, here '${ascii}'`;
    }
    const labels = d.split(".");
    if (labels.length < 2) return "it needs at least two labels, like example.com";
    const bad = labels.find((l) => !LABEL.test(l));
    if (bad !== undefined) return `the label '${bad}' is not 1-63 letters, digits, '-' or '_' (no leading or trailing '-')`;
    if (/^\d+$/.test(labels[labels.length - 1])) return "its last label is numeric (an IP address is not a domain)";
    return undefined;
}

/** Why `address` is not a usable SES email-address identity, or undefined when it is. */
export function emailAddressProblem(address: string): string | undefined {
    const at = address.lastIndexOf("@");
    if (at <= 0) return "it needs a local part and a domain, like noreply@example.com";
    const local = address.slice(0, at);
    if (local.length > 64) return "its local part is longer than 64 characters";
    if (/[\s<>()[\]\\,;:"]/.test(local)) return `its local part '${local}' contains a character SES does not accept`;
    const problem = domainNameProblem(address.slice(at + 1));
    if (problem === undefined) return undefined;
    // The domain is named so the message reads whole; a long one is cut, as it is user text of any length.
    const domain = address.slice(at + 1);
    return `its domain '${domain.length > 80 ? `${domain.slice(0, 77)}...` : domain}' is unusable: ${problem}`;
}

/**
 * `name` (a domain, or an address's domain part) in the ASCII form SES takes: an internationalized domain as
 * punycode (`bücher.example` -> `xn--bcher-kva.example`, UTS #46 as `url.domainToASCII` maps it); an ASCII name, or
 * one that does not convert, unchanged (its problem is then reported by {@link domainNameProblem}).
 */
export function asciiIdentityName(name: string): string {
    const at = name.lastIndexOf("@");
    const domain = name.slice(at + 1);
    if (!hasNonAscii(domain)) return name;
    const ascii = domainToASCII(domain);
    return ascii === "" ? name : name.slice(0, at + 1) + ascii;
}

/**
 * A domain as SES and DNS compare it: in its ASCII form ({@link asciiIdentityName}), then normalized.
 * @example asciiDomainName("Bücher.Example.") // "xn--bcher-kva.example"
 */
export function asciiDomainName(domain: string): string {
    return normalizeDnsName(asciiIdentityName(domain));
}

/** True when `name` has a character outside ASCII: an internationalized name as a person writes it. */
export function hasNonAscii(name: string): boolean {
    return /[\u0080-\uffff]/.test(name);
}

/**
 * `given` quoted for a message and, when SES takes it in another (ASCII) form, that form after it, so a user sees
 * both the name they wrote and the one that is used.
 * @example withAsciiForm("bücher.example") // "'bücher.example' (xn--bcher-kva.example)"
 * @example withAsciiForm("info@bücher.example", '"') // '"info@bücher.example" (info@xn--bcher-kva.example)'
 */
export function withAsciiForm(given: string, quote: "'" | '"' = "'"): string {
    const ascii = asciiIdentityName(given);
    return ascii === given ? `${quote}${given}${quote}` : `${quote}${given}${quote} (${ascii})`;
}
