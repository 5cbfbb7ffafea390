/**
 * Statuses and SES's `VerificationInfo.ErrorType` in words: what happened and what to do next.
 */
import { IdentityKind } from "../records";

/** Why a record that exists can still be missing to SES. */
export const PRIVATE_ZONE_TEXT = "a record in a private hosted zone is not visible to SES, which looks in public DNS";

/** What each `ErrorType` means, for the person fixing DNS. */
export const ERROR_TYPE_TEXT: Readonly<Record<string, string>> = {
    SERVICE_ERROR: "SES could not check because of an error on its side; it will look again by itself",
    DNS_SERVER_ERROR: "the domain's DNS servers did not answer SES properly; check the NS delegation and that the DNS provider serves the zone",
    HOST_NOT_FOUND: `SES found no such name in public DNS: the records below are missing (or the zone is not delegated); ${PRIVATE_ZONE_TEXT}`,
    TYPE_NOT_FOUND: "the names exist but hold no record of the expected type (CNAME for Easy DKIM, TXT for BYODKIM)",
    INVALID_VALUE: "the records exist but their values are not what SES expects; compare them with the values below",
    REPLICATION_ACCESS_DENIED: "SES may not read the primary identity it should replicate DKIM from; grant it access to the primary region's identity",
    REPLICATION_PRIMARY_NOT_FOUND: "the primary identity to replicate DKIM from does not exist",
    REPLICATION_PRIMARY_BYO_DKIM_NOT_SUPPORTED: "the primary identity uses BYODKIM, which cannot be replicated to other regions",
    REPLICATION_REPLICA_AS_PRIMARY_NOT_SUPPORTED: "the primary identity named for replication is itself a replica",
    REPLICATION_PRIMARY_INVALID_REGION: "the primary identity's region cannot be used for replication",
};

/** An ErrorType in words (unknown types are named as they are). */
export function explainErrorType(errorType: string): string {
    return ERROR_TYPE_TEXT[errorType] ?? `SES reported ${errorType}`;
}

/** What a not-verified status means for a domain or an email address. */
export function explainStatus(status: string, kind: IdentityKind, identity: string): string {
    if (kind === "email-address") {
        switch (status) {
            case "PENDING":
                return `SES mailed a verification link to ${identity}; someone must click it within 24 hours (no DNS record can verify an address)`;
            case "FAILED":
                return `the verification link mailed to ${identity} expired unclicked; create the identity again to get a new one`;
            case "NOT_STARTED":
                return "SES has not started verifying this address";
            case "TEMPORARY_FAILURE":
                return "SES cannot confirm this address at the moment; it will look again";
        }
        return `SES reports ${status}`;
    }
    switch (status) {
        case "PENDING":
            return "SES is still looking for the records below (it keeps searching for up to 72 hours after creation)";
        case "FAILED":
            return "SES stopped looking after 72 hours without finding the records; publish them, then restart verification (console: Retry DKIM verification)";
        case "TEMPORARY_FAILURE":
            return "the domain was verified but SES no longer finds its records; restore them within 72 hours or it turns FAILED";
        case "NOT_STARTED":
            return "SES has not started verifying this domain";
    }
    return `SES reports ${status}`;
}
