/**
 * Prints a pack's verdict on a stack the way `pulumi preview` does (pulumi/pulumi
 * `pkg/backend/display/progress.go` printPolicies, `diff.go` renderDiffPolicyViolationEvent): a "Policies:" block
 * with the pack's pass/fail mark, a count per remediating policy, then ONE flat list of violations sorted by
 * enforcement level, severity, policy name and URN, each `- [level] [severity: high]  policy  (type: name)` (the
 * severity only when the pack gives one) followed by its message. There is no grouping by resource and no URN line.
 */
import type { Diagnostic, EnforcementLevel, PolicySeverity } from "../../offline-engine/analyzer-client";
import { urnName, urnType } from "../../state/urn";
import type { StackAnalysis } from "../../offline-engine/run-analysis";
import { printable, printableLines } from "../../check/printable";

const MARK = { failed: "❌", advisory: "⚠️", passed: "✅" } as const;
const ITEM = "        ";
const MESSAGE = `${ITEM}  `;

/** The display's enforcementRank: remediate, mandatory, advisory, disabled. */
const LEVEL_RANK: Record<EnforcementLevel, number> = { remediate: 0, mandatory: 1, advisory: 2, disabled: 3 };

/** The display's severityRank: critical, high, medium, low, then none given. */
const SEVERITY_RANK: Record<PolicySeverity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

function severityRank(d: Diagnostic): number {
    return d.severity === undefined ? 4 : SEVERITY_RANK[d.severity];
}

/** A type token as the display names it (tokens.Type.DisplayName): `aws:sesv2/emailIdentity:EmailIdentity` is `aws:sesv2:EmailIdentity`. */
export function displayType(type: string): string {
    const parts = type.split(":");
    if (parts.length !== 3) return type;
    const [pkg, module, name] = parts as [string, string, string];
    const slash = module.lastIndexOf("/");
    if (name === "" || slash < 0) return type;
    const file = module.slice(slash + 1);
    if (file !== name.charAt(0).toLowerCase() + name.slice(1)) return type;
    return `${pkg}:${module.slice(0, slash)}:${name}`;
}

/** The `  (type: name)` clause of a violation; none for a violation that names no resource. */
function resourceClause(urn: string): string {
    return urn.startsWith("urn:pulumi:") ? `  (${printable(`${displayType(urnType(urn))}: ${urnName(urn)}`)})` : "";
}

/** Sorts as the display does: level, then severity, then policy name, then URN. */
export function byDisplayOrder(a: Diagnostic, b: Diagnostic): number {
    return (
        LEVEL_RANK[a.enforcementLevel] - LEVEL_RANK[b.enforcementLevel] ||
        severityRank(a) - severityRank(b) ||
        cmp(a.policyName, b.policyName) ||
        cmp(a.urn, b.urn)
    );
}

function cmp(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The "Policies:" block for one pack's analysis of one stack. `source` names where the pack came from
 * (e.g. `local: /path/to/pack`), as `pulumi preview` shows it; `locate` gives the `file:line` where the program
 * registered a resource, shown after its name (a ses-guard addition; the CLI shows none).
 */
export function formatPolicyReport(analysis: StackAnalysis, source: string, locate: (urn: string) => string | undefined = () => undefined): string {
    const diagnostics = [...analysis.analyze, ...analysis.analyzeStack].filter((d) => d.enforcementLevel !== "disabled");
    const mandatory = diagnostics.some((d) => d.enforcementLevel === "mandatory");
    const mark = mandatory ? MARK.failed : diagnostics.length > 0 ? MARK.advisory : MARK.passed;
    const lines = ["Policies:", `    ${mark} ${printable(`${analysis.pack.name}@v${analysis.pack.version} (${source})`)}`];
    const remediated = new Map<string, number>();
    for (const r of analysis.remediations.filter((x) => x.properties !== undefined)) remediated.set(r.policyName, (remediated.get(r.policyName) ?? 0) + 1);
    for (const [policy, count] of [...remediated].sort(([a], [b]) => cmp(a, b))) {
        lines.push(`${ITEM}- [remediate]  ${printable(policy)}  (${count} resource${count === 1 ? "" : "s"})`);
    }
    for (const d of [...diagnostics].sort(byDisplayOrder)) {
        const at = locate(d.urn);
        const severity = d.severity === undefined ? "" : ` [severity: ${printable(d.severity)}]`;
        lines.push(`${ITEM}- [${d.enforcementLevel}]${severity}  ${printable(d.policyName)}${resourceClause(d.urn)}${at === undefined ? "" : `  ${at}`}`);
        for (const line of printableLines(d.message.replace(/\n$/, "")).split("\n")) lines.push(`${MESSAGE}${line}`);
    }
    return lines.join("\n");
}
