/**
 * Prints a pack's verdict on a stack the way `pulumi preview` does: a "Policies:" block per pack with its
 * pass/fail mark, then each resource's violations with their enforcement level, policy name and message.
 */
import type { Diagnostic } from "../../offline-engine/analyzer-client";
import type { CapturedResource } from "../../state/captured-resource";
import { urnName, urnType } from "../../state/urn";
import type { StackAnalysis } from "../../offline-engine/run-analysis";

const MARK = { failed: "❌", advisory: "⚠️ ", passed: "✅" } as const;

/** The text of one violation: the message, led by the description when the message does not already say it. */
function body(d: Diagnostic): string[] {
    const text = d.message.startsWith(d.description) || d.description === "" ? d.message : `${d.description}\n${d.message}`;
    return text.split("\n").filter((line) => line.trim() !== "");
}

/** `type (name)` of the resource a diagnostic blames, from the captured resources or the URN itself. */
function resourceLabel(urn: string, resources: readonly CapturedResource[]): string {
    if (urn === "") return "(the stack)";
    const r = resources.find((x) => x.urn === urn);
    return `${r?.type ?? urnType(urn)} (${r?.name ?? urnName(urn)})`;
}

/**
 * The "Policies:" block for one pack's analysis of one stack. `source` names where the pack came from
 * (e.g. `local: /path/to/pack`), as `pulumi preview` shows it.
 */
export function formatPolicyReport(analysis: StackAnalysis, resources: readonly CapturedResource[], source: string): string {
    const diagnostics = [...analysis.analyze, ...analysis.analyzeStack].filter((d) => d.enforcementLevel !== "disabled");
    const mandatory = diagnostics.some((d) => d.enforcementLevel === "mandatory");
    const mark = mandatory ? MARK.failed : diagnostics.length > 0 ? MARK.advisory : MARK.passed;
    const lines = ["Policies:", `    ${mark} ${analysis.pack.name}@v${analysis.pack.version} (${source})`];
    const byResource = new Map<string, Diagnostic[]>();
    for (const d of diagnostics) byResource.set(d.urn, [...(byResource.get(d.urn) ?? []), d]);
    const order = (urn: string): number => {
        const i = resources.findIndex((r) => r.urn === urn);
        return i < 0 ? resources.length : i;
    };
    for (const urn of [...byResource.keys()].sort((a, b) => order(a) - order(b))) {
        lines.push(`        ${resourceLabel(urn, resources)}`);
        if (urn !== "") lines.push(`            ${urn}`);
        const ds = byResource.get(urn) ?? [];
        ds.sort((a, b) => Number(b.enforcementLevel === "mandatory") - Number(a.enforcementLevel === "mandatory"));
        for (const d of ds) {
            lines.push(`            - [${d.enforcementLevel}]  ${d.policyName}`);
            for (const line of body(d)) lines.push(`              ${line}`);
        }
    }
    for (const r of analysis.remediations.filter((x) => x.properties !== undefined)) {
        lines.push(`        remediated by ${r.policyName}: ${resourceLabel(r.urn, resources)}`);
    }
    return lines.join("\n");
}
