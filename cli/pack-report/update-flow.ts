/**
 * What `ses-guard preview --update` adds to its report: when the violations it lists would appear under
 * `pulumi up`, which does not report them all in one go (pulumi/pulumi `pkg/resource/deploy/`):
 * - Analyze runs on each resource before its step; outside a preview a mandatory violation makes the resource
 *   invalid (step_generator.go `analyzeResource`, `invalid` when not dry-run), so it fails and the update stops;
 * - AnalyzeStack runs only when the steps had no error (deployment_executor.go: `if err == nil &&
 *   stepExecutorError == nil`), after the resources were created, with their real outputs.
 */
import type { Diagnostic } from "../../offline-engine/analyzer-client";
import { urnName, urnType } from "../../state/urn";
import type { StackAnalysis } from "../../offline-engine/run-analysis";
import { displayType } from "./format-diagnostics";
import { printable } from "../../check/printable";

function isMandatory(d: Diagnostic): boolean {
    return d.enforcementLevel === "mandatory" || d.enforcementLevel === "remediate";
}

/** The note on when `pulumi up` would report this update's mandatory violations; empty when there are none. */
export function updateFlowNote(analysis: StackAnalysis): string {
    const stoppers = [...new Set(analysis.analyze.filter(isMandatory).map((d) => d.urn))];
    const stackWide = analysis.analyzeStack.filter(isMandatory).length;
    if (stoppers.length === 0 && stackWide === 0) return "";
    const lines = ["Under `pulumi up` (this report lists everything at once):"];
    if (stoppers.length > 0) {
        const names = stoppers.map((urn) => printable(`${displayType(urnType(urn))}: ${urnName(urn)}`)).join(", ");
        lines.push(
            `    - the update stops at the first of these resources it reaches, which fails before it is created or changed (a resource policy failed on it): ${names}`,
        );
    }
    if (stackWide > 0) {
        const when = stoppers.length > 0 ? "only once the resource violations above are fixed, and then " : "";
        lines.push(
            `    - the ${stackWide} stack-wide violation${stackWide === 1 ? "" : "s"} (stack policies) would appear ${when}only after every resource was created or updated without error: the resources are deployed by then`,
        );
    }
    return lines.join("\n");
}
