/**
 * Judging one identity from what SES said: VerificationStatus, VerifiedForSendingStatus, DKIM (domains),
 * MAIL FROM (when set or expected) and the default configuration set (when expected). Fails closed: a
 * missing answer is a failed check, never a pass.
 */
import { identityKind } from "../records";
import { explainErrorType, explainStatus } from "./explanations";
import { expectedRecords } from "./expected-records";
import { CheckOutcome, IdentityResult } from "./identity-result";
import { IdentityDetails, ListedIdentity } from "./ses-calls";
import { RegionalTarget, VerifyTarget } from "./verify-target";

/** What SES said about one identity. `details` is undefined when no GetEmailIdentity was needed or it found nothing. */
export interface IdentityEvidence {
    target: RegionalTarget;
    listed?: ListedIdentity;
    details?: IdentityDetails;
    /** True when GetEmailIdentity was called (so a missing `details` means 404). */
    fetched: boolean;
    /** Configuration sets looked up in the region: name -> exists. */
    configurationSets: ReadonlyMap<string, boolean>;
    /** For an address SES does not have: the one it has that differs only in letter case, if any. */
    caseVariant?: string;
}

/** True when the check needs GetEmailIdentity for this identity beyond what ListEmailIdentities said. */
export function needsDetails(target: VerifyTarget, listed: ListedIdentity | undefined): boolean {
    if (listed === undefined) return false;
    if (listed.conflicting) return true;
    if (listed.status !== "SUCCESS" || !listed.sendingEnabled) return true;
    if (identityKind(target.identity) === "domain" || listed.type !== "EMAIL_ADDRESS") return true;
    return target.configurationSetName !== undefined || target.mailFromDomain !== undefined;
}

/** Judges one identity. */
export function judgeIdentity(evidence: IdentityEvidence): IdentityResult {
    const { target, listed, details } = evidence;
    const kind = identityKind(target.identity);
    const base = { identity: target.identity, region: target.region, kind, source: target.source };
    if (details === undefined && (listed === undefined || evidence.fetched)) {
        const detail = `SES has no identity ${target.identity} in ${target.region}`;
        return {
            ...base,
            status: "NOT_FOUND",
            verified: false,
            checks: [{ check: "exists", ok: false, detail }],
            explanation: [
                evidence.caseVariant !== undefined
                    ? `${detail}, but it has ${evidence.caseVariant}, which differs only in letter case: SES compares addresses exactly, so name the identity as ${evidence.caseVariant} (or create ${target.identity})`
                    : `${detail}: it was never created there, was deleted, or lives in another region or account`,
            ],
            expectedRecords: expectedRecords(target.identity, target.region, undefined, target.mailFromDomain),
        };
    }
    const status = details?.VerificationStatus ?? listed?.status ?? "";
    const checks: CheckOutcome[] = [{ check: "exists", ok: true, detail: "present" }];
    const explanation: string[] = [];
    checks.push({ check: "verification", ok: status === "SUCCESS", detail: status });
    if (status !== "SUCCESS") {
        explanation.push(explainStatus(status, kind, target.identity));
        const errorType = details?.VerificationInfo?.ErrorType;
        if (errorType) explanation.push(`${errorType}: ${explainErrorType(errorType)}`);
        const lastChecked = details?.VerificationInfo?.LastCheckedTimestamp;
        if (lastChecked) explanation.push(`SES last looked at ${lastChecked.toISOString()}`);
    }
    const sending = details ? details.VerifiedForSendingStatus === true : listed?.sendingEnabled === true;
    checks.push({
        check: "sending",
        ok: sending,
        detail: details ? `VerifiedForSendingStatus ${details.VerifiedForSendingStatus === true}` : `SendingEnabled ${listed?.sendingEnabled === true}`,
    });
    if (!sending && status === "SUCCESS")
        explanation.push("SES does not let this identity send although it is verified (sending paused for it or for the account)");
    if (kind === "domain") checks.push(dkimCheck(details, explanation));
    const mailFrom = mailFromCheck(target, details, explanation);
    if (mailFrom) checks.push(mailFrom);
    const configurationSet = configurationSetCheck(evidence, explanation);
    if (configurationSet) checks.push(configurationSet);
    return {
        ...base,
        status,
        verified: checks.every((c) => c.ok),
        checks,
        explanation,
        expectedRecords: expectedRecords(target.identity, target.region, details, target.mailFromDomain),
    };
}

function dkimCheck(details: IdentityDetails | undefined, explanation: string[]): CheckOutcome {
    const dkim = details?.DkimAttributes;
    if (!dkim) return { check: "dkim", ok: false, detail: "not reported" };
    const ok = dkim.Status === "SUCCESS" && dkim.SigningEnabled === true;
    const detail = `${dkim.Status ?? "unknown"}, signing ${dkim.SigningEnabled ? "enabled" : "disabled"}`;
    if (dkim.Status === "SUCCESS" && dkim.SigningEnabled !== true)
        explanation.push("DKIM is verified but signing is disabled: enable it (PutEmailIdentityDkimAttributes SigningEnabled=true)");
    return { check: "dkim", ok, detail };
}

function mailFromCheck(target: VerifyTarget, details: IdentityDetails | undefined, explanation: string[]): CheckOutcome | undefined {
    const actual = details?.MailFromAttributes?.MailFromDomain || undefined;
    const expected = target.mailFromDomain;
    if (actual === undefined && expected === undefined) return undefined;
    if (actual === undefined) {
        explanation.push(`the stack sets MAIL FROM ${expected} but SES has no custom MAIL FROM domain on this identity`);
        return { check: "mail-from", ok: false, detail: `${expected} expected, none set` };
    }
    if (expected !== undefined && expected.toLowerCase() !== actual.toLowerCase()) {
        explanation.push(`the MAIL FROM domain is ${actual}, the stack expects ${expected}`);
        return { check: "mail-from", ok: false, detail: `${actual} (expected ${expected})` };
    }
    const status = details?.MailFromAttributes?.MailFromDomainStatus ?? "unknown";
    if (status !== "SUCCESS") explanation.push(`MAIL FROM ${actual} is ${status}: SES has not found its MX and SPF records below yet`);
    return { check: "mail-from", ok: status === "SUCCESS", detail: `${actual} ${status}` };
}

function configurationSetCheck(evidence: IdentityEvidence, explanation: string[]): CheckOutcome | undefined {
    const expected = evidence.target.configurationSetName;
    const actual = evidence.details?.ConfigurationSetName || undefined;
    if (expected === undefined && actual === undefined) return undefined;
    if (expected !== undefined && actual !== expected) {
        explanation.push(`the default configuration set is ${actual ?? "not set"}, the stack expects ${expected}`);
        return { check: "configuration-set", ok: false, detail: `${actual ?? "none"} (expected ${expected})` };
    }
    const exists = actual !== undefined ? evidence.configurationSets.get(actual) : undefined;
    if (exists !== true) {
        explanation.push(`the default configuration set ${actual} does not exist in ${evidence.target.region}: sending with it fails`);
        return { check: "configuration-set", ok: false, detail: `${actual} (missing)` };
    }
    return { check: "configuration-set", ok: true, detail: actual as string };
}
