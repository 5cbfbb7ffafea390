/** The outcome of verifying one identity: each check, the explanation and the records, as reported. */
import { IdentityKind, LintFinding } from "../records";
import type { ExpectedRecord } from "./expected-records";

/** The checks made on an identity. */
export type CheckName = "exists" | "verification" | "sending" | "dkim" | "mail-from" | "configuration-set";

/** One check's outcome. */
export interface CheckOutcome {
    check: CheckName;
    ok: boolean;
    /** What was found, in words. */
    detail: string;
}

/** What a DNS lookup found for one expected record. */
export type DnsState = "ok" | "missing" | "wrong" | "error";

/** One expected record looked up in DNS. */
export interface DnsFinding {
    record: ExpectedRecord;
    state: DnsState;
    /** The values DNS served at the name for the record's type. */
    found: string[];
    /** For `error`: the resolver's code. */
    note?: string;
    /** What the mail-authentication lint (records/mail-auth-lint.ts) finds in the values served: SPF, DMARC, DKIM key. Absent when nothing. */
    lint?: LintFinding[];
}

/** Everything reported about one identity. */
export interface IdentityResult {
    identity: string;
    region: string;
    kind: IdentityKind;
    /** Where the identity was named. */
    source: string;
    /** SES's VerificationStatus, NOT_FOUND, or ERROR when SES could not be asked. */
    status: string;
    /** True only when every check passed. */
    verified: boolean;
    checks: CheckOutcome[];
    /** Why it is not verified and what to do, one sentence a line. */
    explanation: string[];
    /** The records it needs (empty for email addresses). */
    expectedRecords: ExpectedRecord[];
    /** With `--dns`: each expected record looked up. */
    dns?: DnsFinding[];
    /** The API problem that kept it from being checked. */
    error?: string;
}
