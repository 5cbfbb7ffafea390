/**
 * The readable report: a table of identities, then for each one not verified the reasons and the exact
 * records (with `--dns`, what DNS holds), the accounts' sandbox state, API errors, and a summary line.
 */
import { RequiredRecord } from "../../records";
import { CheckName, DnsFinding, IdentityResult } from "../../check/identity-result";
import { printable } from "../../check/printable";
import { VerifyReport } from "../../check/run-verify";
import { WaitOutcome } from "../../check/wait-for-statuses";

/** The report's columns: a title and how to fill each identity's cell (shared with the job summary). */
export const COLUMNS: Array<{ title: string; cell: (r: IdentityResult) => string }> = [
    { title: "IDENTITY", cell: (r) => r.identity },
    { title: "REGION", cell: (r) => r.region },
    { title: "STATUS", cell: (r) => r.status },
    {
        title: "SENDING",
        cell: (r) =>
            ok(
                r,
                "sending",
                () => "yes",
                () => "no",
            ),
    },
    { title: "DKIM", cell: (r) => detail(r, "dkim") },
    { title: "MAIL FROM", cell: (r) => detail(r, "mail-from") },
    { title: "CONFIG SET", cell: (r) => detail(r, "configuration-set") },
    { title: "RESULT", cell: (r) => (r.verified ? "verified" : r.status === "ERROR" ? "ERROR" : "NOT VERIFIED") },
];

/** The whole report as text. */
export function formatTable(report: VerifyReport): string {
    const lines: string[] = [];
    if (report.identities.length > 0) {
        const rows = report.identities.map((r) => COLUMNS.map((c) => c.cell(r)));
        const widths = COLUMNS.map((c, i) => rows.reduce((w, row) => Math.max(w, row[i].length), c.title.length));
        const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
        lines.push(line(COLUMNS.map((c) => c.title)));
        for (const row of rows) lines.push(line(row));
    } else {
        lines.push("no identities found to verify");
    }
    for (const r of report.identities.filter((x) => !x.verified)) {
        lines.push("");
        for (const l of explainIdentity(r)) lines.push(l);
    }
    for (const r of report.identities.filter((x) => x.verified && x.dns?.some((f) => f.lint !== undefined))) {
        lines.push("", `${r.identity} (${r.region}): verified, but the records DNS serves have problems:`);
        for (const f of r.dns ?? []) for (const l of lintLines(f)) lines.push(`  ${l}`);
    }
    lines.push("");
    for (const a of report.accounts) {
        if (a.error) lines.push(`account ${a.region}: unknown (${a.error})`);
        else if (a.account) {
            const access = a.account.productionAccessEnabled
                ? "production access"
                : "SANDBOX: can send only to verified identities (request production access)";
            const sending = a.account.sendingEnabled ? "sending enabled" : "SENDING PAUSED for the account";
            lines.push(`account ${a.region}: ${access}, ${sending}`);
        }
    }
    if (report.errors.length > 0) lines.push("", "errors (the identities they touched count as not verified):");
    for (const e of report.errors) lines.push(`  ${e}`);
    lines.push("", summaryLine(report));
    return lines.map(printable).join("\n") + "\n";
}

const WAIT_OUTCOME_TEXT: Readonly<Record<WaitOutcome, string>> = {
    settled: "settled",
    deadline: "reached its deadline",
    "ended-early": "ended early (an identity is FAILED, NOT_STARTED or missing)",
};

/** `2 of 3 identities verified; 5 API calls (...), 0 throttled; 1.2s`. */
export function summaryLine(report: VerifyReport): string {
    const n = report.identities.length;
    const verified = report.identities.filter((r) => r.verified).length;
    const ops = Object.entries(report.calls.byOperation)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([op, c]) => `${c} ${op}`)
        .join(", ");
    const wait = report.wait ? `; wait ${WAIT_OUTCOME_TEXT[report.wait.outcome]} after ${report.wait.polls} polls` : "";
    const seconds = (report.elapsedMs / 1000).toFixed(1);
    return (
        `${verified} of ${n} ${n === 1 ? "identity" : "identities"} verified${report.errors.length ? `, ${report.errors.length} API errors` : ""}; ` +
        `${report.calls.total} API calls (${ops || "none"}), ${report.calls.throttled} throttled, ${report.calls.retries} retries${wait}; ${seconds}s`
    );
}

/** The lines explaining one identity that is not verified. */
export function explainIdentity(r: IdentityResult): string[] {
    const failing = r.checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`);
    const lines = [`${r.identity} (${r.region}): ${failing.length ? failing.join("; ") : r.status}`];
    for (const e of r.explanation) lines.push(`  - ${e}`);
    if (r.expectedRecords.length > 0) {
        lines.push("  records:");
        const findings = r.dns ?? [];
        const rows = r.expectedRecords.map((rec, i) => recordRow(rec, findings[i]));
        const widths = [0, 1, 2].map((i) => rows.reduce((w, row) => Math.max(w, row[i].length), 0));
        for (const row of rows) lines.push(`    ${row.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join("  ")}`.trimEnd());
        const lint = findings.flatMap(lintLines);
        if (lint.length > 0) lines.push("  served records' problems:", ...lint.map((l) => `    ${l}`));
    }
    return lines;
}

function recordRow(record: RequiredRecord, finding: DnsFinding | undefined): string[] {
    const value = record.type === "TXT" ? JSON.stringify(record.value) : record.value;
    const advice = record.required ? "" : "(advised)";
    return [record.type, record.name, value, [advice, finding ? `dns: ${dnsText(finding)}` : ""].filter(Boolean).join(" ")];
}

/** The lint findings of one record as lines: `TXT <name>: [level] problem` and what to write instead. */
function lintLines(f: DnsFinding): string[] {
    return (f.lint ?? []).flatMap((l) => [`${f.record.type} ${f.record.name}: [${l.level}] ${l.problem}`, `    instead: ${l.fix}`]);
}

/** A DNS finding in words. */
export function dnsText(f: DnsFinding): string {
    switch (f.state) {
        case "ok":
            return "present and right";
        case "missing":
            return "MISSING";
        case "wrong":
            return `WRONG VALUE (found ${f.found.map((v) => JSON.stringify(v)).join(", ")})`;
        case "error":
            return `lookup failed (${f.note})`;
    }
}

function detail(r: IdentityResult, name: CheckName): string {
    return r.checks.find((c) => c.check === name)?.detail ?? "-";
}

function ok(r: IdentityResult, name: CheckName, yes: () => string, no: () => string): string {
    const c = r.checks.find((x) => x.check === name);
    return c === undefined ? "-" : c.ok ? yes() : no();
}
