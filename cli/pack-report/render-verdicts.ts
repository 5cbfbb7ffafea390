/** The text report of `ses-guard preview` and `ses-guard audit`: one Policies: block per stack, then a summary. */
import { formatPolicyReport } from "./format-diagnostics";
import { printable } from "../../check/printable";
import { updateFlowNote } from "./update-flow";
import { runSecrets, sourceLocator, type StackVerdict } from "../../offline-engine/offline-preview";

/** The report for `verdicts`, the pack shown as `packSource` (e.g. `local: /path`), secret values shown as `[secret]`. */
export function renderVerdicts(verdicts: StackVerdict[], packSource: string): string {
    const blocks = verdicts.map((v) => {
        const stack = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(v.resources[0]?.urn ?? "");
        const where = stack ? `project ${stack[2]}, stack ${stack[1]}, ` : "";
        const header = printable(`${v.source} (${where}${v.mode}): ${v.resources.length} resources`);
        const note = v.mode === "update" ? updateFlowNote(v.analysis) : "";
        const byUrn = new Map(v.resources.map((r) => [r.urn, r]));
        const locator = sourceLocator(v);
        const locate = (urn: string): string | undefined => {
            const at = locator(byUrn.get(urn));
            return at === undefined ? undefined : printable(`${at.file}:${at.line}`);
        };
        return [header, formatPolicyReport(v.analysis, packSource, locate), ...(note ? [note] : [])].join("\n");
    });
    const failed = verdicts.filter((v) => v.failed).length;
    const summary =
        failed === 0
            ? `${verdicts.length === 1 ? "The stack passes" : `All ${verdicts.length} stacks pass`} every mandatory policy.`
            : `${failed} of ${verdicts.length} stack${verdicts.length === 1 ? "" : "s"} failed a mandatory policy.`;
    return runSecrets(verdicts).redact([...blocks, summary].join("\n\n"));
}
