/**
 * The GitHub Actions job summary: when `GITHUB_STEP_SUMMARY` names a file (as it does in every step of a GitHub
 * Actions job), verify appends a Markdown report to it: one table row per identity, then each identity that is
 * not verified explained as the text report explains it. Every cell and line is made printable and Markdown-inert,
 * so a crafted identity name can neither inject markup nor break the table.
 */
import { appendFile } from "node:fs/promises";
import { printable } from "../../check/printable";
import { VerifyReport } from "../../check/run-verify";
import { UsageError } from "../usage-error";
import { COLUMNS, explainIdentity, summaryLine } from "./report-table";

/** `text` as Markdown that shows exactly its characters: each ASCII punctuation mark escaped with a backslash. */
function inert(text: string): string {
    return printable(text).replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/** A fence longer than any run of backticks in `text`, so a code block holding `text` cannot be closed early. */
function fenceFor(text: string): string {
    const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    return "`".repeat(Math.max(3, longest + 1));
}

/** The report as a Markdown job summary. */
export function formatStepSummary(report: VerifyReport): string {
    const n = report.identities.length;
    const verified = report.identities.filter((r) => r.verified).length;
    const mark = report.exitCode === 0 ? "✅" : "❌";
    const lines = [`## ${mark} ses-guard verify: ${verified} of ${n} ${n === 1 ? "identity" : "identities"} verified`, ""];
    if (n > 0) {
        lines.push(`| ${COLUMNS.map((c) => inert(c.title)).join(" | ")} |`, `|${COLUMNS.map(() => "---").join("|")}|`);
        for (const r of report.identities) lines.push(`| ${COLUMNS.map((c) => inert(c.cell(r))).join(" | ")} |`);
        lines.push("");
    }
    for (const r of report.identities.filter((x) => !x.verified)) {
        const text = explainIdentity(r).map(printable).join("\n");
        const fence = fenceFor(text);
        lines.push(`### ${inert(`${r.identity} (${r.region})`)}`, "", `${fence}text`, text, fence, "");
    }
    if (report.errors.length > 0) {
        lines.push("API errors (the identities they touched count as not verified):", "");
        for (const e of report.errors) lines.push(`- ${inert(e)}`);
        lines.push("");
    }
    lines.push(inert(summaryLine(report)), "");
    return lines.join("\n");
}

/** Appends a job summary (from {@link formatStepSummary}) to `file` (the value of `GITHUB_STEP_SUMMARY`). */
export async function appendStepSummary(file: string, markdown: string): Promise<void> {
    try {
        await appendFile(file, markdown, "utf8");
    } catch (err) {
        throw new UsageError(
            `GITHUB_STEP_SUMMARY '${printable(file)}': cannot append the job summary (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        );
    }
}
