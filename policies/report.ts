/** Reporting a violation at a level other than the policy's own. */
import { EnforcementLevel, ReportViolation } from "@pulumi/policy";

/**
 * Reports `message` at `level` whatever the policy's level is. @pulumi/policy's server accepts an object in
 * place of the message string (name, message, enforcementLevel, urn) and the engine honours a diagnostic's
 * own level; its TypeScript signature only declares the string form, hence the cast.
 */
export function reportAtLevel(reportViolation: ReportViolation, level: EnforcementLevel, message: string, urn?: string): void {
    const report = reportViolation as unknown as (info: { message: string; enforcementLevel: EnforcementLevel; urn?: string }) => void;
    report({ message, enforcementLevel: level, urn });
}
