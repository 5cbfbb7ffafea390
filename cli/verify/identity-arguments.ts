/**
 * `--identity NAME[@REGION]`: an identity named on the command line, optionally pinned to a region.
 * An email address has an '@' of its own, so only a last `@<region name>` suffix is taken as the region.
 */
import { UsageError } from "../usage-error";
import { printable } from "../../check/printable";
import { asciiIdentityName, domainNameProblem, emailAddressProblem, identityKind, isRegionName } from "../../records";
import { VerifyTarget } from "../../check/verify-target";

/** Reads one `--identity` value: `example.com`, `example.com@eu-west-1`, `noreply@example.com@eu-west-1`. */
export function parseIdentityArgument(value: string): VerifyTarget {
    const text = value.trim();
    const at = text.lastIndexOf("@");
    const suffix = at >= 0 ? text.slice(at + 1) : "";
    const pinned = at >= 0 && isRegionName(suffix);
    // An address followed by `@something`, or a domain followed by `@word-1`, means NAME@REGION with a region misspelt.
    if (!pinned && at >= 0 && (text.indexOf("@") < at || (!suffix.includes(".") && /^[a-z]+(-[a-z0-9]+)+$/i.test(suffix)))) {
        throw new UsageError(
            `--identity '${value}': '${suffix}' is not an AWS region (like eu-west-1); write NAME@REGION with a region name, or leave @REGION out`,
        );
    }
    const given = pinned ? text.slice(0, at) : text;
    const identity = asciiIdentityName(given);
    const problem = identityProblem(identity);
    if (problem !== undefined) {
        const ascii = identity === given ? "" : ` (in ASCII '${identity}')`;
        throw new UsageError(
            `--identity '${printable(value)}'${ascii}: ${problem}. Give a domain or an email address, optionally followed by @REGION (example.com@eu-west-1).`,
        );
    }
    return { identity, region: pinned ? suffix : undefined, source: given === identity ? "--identity" : `--identity '${given}'` };
}

/** What is wrong with an identity name (a domain or an email address), or undefined when nothing is. */
export function identityProblem(identity: string): string | undefined {
    return identityKind(identity) === "domain" ? domainNameProblem(identity) : emailAddressProblem(identity);
}
