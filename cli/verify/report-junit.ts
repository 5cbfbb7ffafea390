/**
 * `--junit FILE`: a JUnit XML report for CI test views, one testcase per identity; not verified is a
 * failure carrying the explanation and records, an API error is an error. Written atomically.
 */
import { writeReportFile } from "../report-file";
import { explainIdentity } from "./report-table";
import { VerifyReport } from "../../check/run-verify";

/** The report as JUnit XML. */
export function formatJunit(report: VerifyReport): string {
    const cases = report.identities;
    const failures = cases.filter((r) => !r.verified && r.status !== "ERROR").length;
    const errors = cases.filter((r) => r.status === "ERROR").length;
    const time = (report.elapsedMs / 1000).toFixed(3);
    const counts = `tests="${cases.length}" failures="${failures}" errors="${errors}" time="${time}"`;
    const lines = [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<testsuites name="ses-guard verify" ${counts}>`,
        `  <testsuite name="ses-guard verify" ${counts}>`,
        `    <properties>`,
        ...report.accounts.map((a) => {
            const value = a.error ? `unknown: ${a.error}` : a.account?.productionAccessEnabled ? "production" : "sandbox";
            return `      <property name="account.${xml(a.region)}" value="${xml(value)}"/>`;
        }),
        `      <property name="apiCalls" value="${report.calls.total}"/>`,
        `    </properties>`,
    ];
    for (const r of cases) {
        const open = `    <testcase classname="ses-guard.${xml(r.region)}" name="${xml(r.identity)}" time="0">`;
        if (r.verified) {
            lines.push(open.replace(/>$/, "/>"));
            continue;
        }
        const tag = r.status === "ERROR" ? "error" : "failure";
        const message = r.error ?? r.explanation[0] ?? r.status;
        lines.push(open, `      <${tag} message="${xml(message)}" type="${xml(r.status)}">${xml(explainIdentity(r).join("\n"))}</${tag}>`, `    </testcase>`);
    }
    lines.push(`  </testsuite>`, `</testsuites>`);
    return lines.join("\n") + "\n";
}

/** Writes a JUnit report (from {@link formatJunit}) to `path` through a temporary file, so no half-written report is left. */
export async function writeJunit(path: string, xmlText: string): Promise<void> {
    await writeReportFile("--junit", path, xmlText);
}

function xml(text: string): string {
    return text
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}
