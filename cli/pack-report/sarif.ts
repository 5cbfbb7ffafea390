/**
 * `--sarif FILE` of `ses-guard preview` and `ses-guard audit`: the verdicts as a SARIF 2.1.0 log, the format code
 * scanners write and GitHub code scanning shows on a pull request's lines. One rule per policy of the pack (from
 * GetAnalyzerInfo: description, display name, remediation steps, documentation URL, default level), one result per
 * violation. A result is located at the file and line where the program registered the resource, relative to the
 * repository root (the nearest directory above the program holding `.git`), and always at the resource's URN as
 * its logical location. An audited export has no source: its results point at the line of the export file that
 * holds the resource's URN. GitHub code scanning rejects a run of more than 25,000 results, so the log keeps the
 * first 25,000 in display order (mandatory first) and says in the run how many it left out. Secret values are shown
 * as `[secret]`, and the run's `properties.redacted` lists the JSON paths (within the run) that had one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Diagnostic, EnforcementLevel, PolicyInfo } from "../../offline-engine/analyzer-client";
import { runSecrets, type StackVerdict } from "../../offline-engine/offline-preview";
import { POLICY_PACK_NAME, README_URL } from "../../policies/policy-docs";
import { urnName } from "../../state/urn";
import { byDisplayOrder } from "./format-diagnostics";
import { writeReportFile } from "../report-file";

/** The JSON schema a SARIF 2.1.0 log names. */
const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** The most results GitHub code scanning accepts in one run (it rejects the whole upload above that). */
export const MAX_SARIF_RESULTS = 25_000;

/** The base id relative locations resolve against: the repository root, as GitHub's upload-sarif reads it. */
const SOURCE_ROOT = "%SRCROOT%";

/** SARIF's levels for Pulumi's: what fails the stack is an error, advice a warning. */
const SARIF_LEVEL: Readonly<Record<EnforcementLevel, "error" | "warning" | "none">> = {
    mandatory: "error",
    remediate: "error",
    advisory: "warning",
    disabled: "none",
};

/** A SARIF log, as far as ses-guard writes one. */
export interface SarifLog {
    $schema: string;
    version: "2.1.0";
    runs: Record<string, unknown>[];
}

/**
 * The nearest directory at or above `dir` that holds `.git` (a directory, or the file a worktree or submodule
 * has), as a real path; undefined outside a repository.
 */
export function repositoryRoot(dir: string): string | undefined {
    let at: string;
    try {
        at = fs.realpathSync(dir);
    } catch {
        return undefined;
    }
    for (;;) {
        if (fs.existsSync(path.join(at, ".git"))) return at;
        const parent = path.dirname(at);
        if (parent === at) return undefined;
        at = parent;
    }
}

/** A path below `root` as a relative URI reference (forward slashes, each segment percent-encoded). */
function relativeUri(root: string, file: string): string | undefined {
    const relative = path.relative(root, file);
    if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return undefined;
    return relative.split(path.sep).map(encodeURIComponent).join("/");
}

/**
 * The line of each URN's `"urn": "..."` in a stack export file (its first), found without splitting the text
 * into lines; empty when the file cannot be read.
 */
function urnLines(file: string): Map<string, number> {
    const lines = new Map<string, number>();
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        return lines;
    }
    const pattern = /"urn"\s*:\s*("(?:[^"\\\n]|\\.)*")/g;
    let line = 1;
    let at = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        for (let nl = text.indexOf("\n", at); nl !== -1 && nl < m.index; nl = text.indexOf("\n", nl + 1)) line++;
        at = m.index;
        try {
            const urn = JSON.parse(m[1] as string) as string;
            if (!lines.has(urn)) lines.set(urn, line);
        } catch {
            // not a JSON string after all: no line for it
        }
    }
    return lines;
}

/** Where each of a verdict's resources was declared: the program's line, or the export file's line of its URN. */
function locator(verdict: StackVerdict): (urn: string) => { file: string; line: number } | undefined {
    if (verdict.mode === "deployed") {
        const file = path.resolve(verdict.source);
        const lines = urnLines(file);
        return (urn) => {
            const line = lines.get(urn);
            return line === undefined ? undefined : { file, line };
        };
    }
    const byUrn = new Map(verdict.resources.map((r) => [r.urn, r]));
    return (urn) => byUrn.get(urn)?.source;
}

/** A rule for each of the pack's policies, in the pack's order. */
function rules(policies: readonly PolicyInfo[]): Record<string, unknown>[] {
    return policies.map((p) => ({
        id: p.name,
        name: p.name,
        shortDescription: { text: p.displayName ?? p.description },
        fullDescription: { text: p.description },
        ...(p.remediationSteps !== undefined ? { help: { text: p.remediationSteps } } : {}),
        ...(p.url !== undefined && URL.canParse(p.url) ? { helpUri: p.url } : {}),
        defaultConfiguration: { level: SARIF_LEVEL[p.enforcementLevel], enabled: p.enforcementLevel !== "disabled" },
        ...(p.severity !== undefined || p.tags !== undefined || p.framework !== undefined ? { properties: ruleProperties(p) } : {}),
    }));
}

/** GitHub's numeric `security-severity` for each severity (its bands: critical 9.0+, high 7.0-8.9, medium 4.0-6.9, low below). */
const SECURITY_SEVERITY: Readonly<Record<NonNullable<PolicyInfo["severity"]>, string>> = { critical: "9.5", high: "8.0", medium: "5.5", low: "2.0" };

/** A rule's property bag: its tags (the policy's, and `framework:reference` of a matching control) and severity. */
function ruleProperties(p: PolicyInfo): Record<string, unknown> {
    const tags = [...(p.tags ?? []), ...(p.framework?.reference !== undefined ? [`${p.framework.name.toLowerCase()}:${p.framework.reference}`] : [])];
    return {
        ...(tags.length > 0 ? { tags } : {}),
        ...(p.severity !== undefined ? { "security-severity": SECURITY_SEVERITY[p.severity] } : {}),
    };
}

/**
 * The verdicts as a SARIF log with one run. `root` is the repository root locations are relative to (default:
 * that of the first verdict's source, else the working directory); a source outside it is written as an absolute
 * file URI.
 */
export function formatSarif(verdicts: readonly StackVerdict[], root?: string): SarifLog {
    const first = verdicts[0];
    const base = root ?? repositoryRoot(path.dirname(path.resolve(first?.source ?? "."))) ?? process.cwd();
    const policies = first?.analysis.policies ?? [];
    const ruleIndex = new Map(policies.map((p, i) => [p.name, i]));
    const found = verdicts.flatMap((verdict) => {
        const locate = locator(verdict);
        const diagnostics = [...verdict.analysis.analyze, ...verdict.analysis.analyzeStack].filter((d) => d.enforcementLevel !== "disabled");
        return diagnostics.map((d) => ({ d, locate }));
    });
    const kept = found.sort((a, b) => byDisplayOrder(a.d, b.d)).slice(0, MAX_SARIF_RESULTS);
    const results = kept.map(({ d, locate }) => {
        const source = locate(d.urn);
        return result(d, source === undefined ? undefined : { ...source, uri: relativeUri(base, source.file) }, ruleIndex.get(d.policyName));
    });
    const left = found.length - kept.length;
    const pack = first?.analysis.pack ?? { name: POLICY_PACK_NAME, version: "" };
    const driver = {
        name: pack.name,
        ...(pack.version !== "" ? { version: pack.version } : {}),
        ...(pack.name === POLICY_PACK_NAME ? { informationUri: README_URL } : {}),
        rules: rules(policies),
    };
    const run = {
        tool: { driver },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(base).href.replace(/\/?$/, "/") } },
        results,
        ...(left > 0
            ? {
                  invocations: [
                      {
                          executionSuccessful: true,
                          toolExecutionNotifications: [
                              {
                                  level: "warning",
                                  message: {
                                      text: `${found.length} violations; code scanning accepts at most ${MAX_SARIF_RESULTS} results in a run, so the ${left} after the first ${MAX_SARIF_RESULTS} (in display order, mandatory first) are left out of this log; --json has them all`,
                                  },
                              },
                          ],
                      },
                  ],
              }
            : {}),
        columnKind: "utf16CodeUnits",
    };
    const { value, redacted } = runSecrets(verdicts).redactJson(run);
    return {
        $schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [redacted.length > 0 ? { ...value, properties: { redacted } } : value],
    };
}

/** One violation as a SARIF result: its rule, level, message and locations. */
function result(
    d: Diagnostic,
    source: { file: string; line: number; uri: string | undefined } | undefined,
    index: number | undefined,
): Record<string, unknown> {
    const logical = d.urn.startsWith("urn:pulumi:") ? [{ name: urnName(d.urn), fullyQualifiedName: d.urn, kind: "resource" }] : [];
    const artifact =
        source === undefined ? undefined : source.uri !== undefined ? { uri: source.uri, uriBaseId: SOURCE_ROOT } : { uri: pathToFileURL(source.file).href };
    const location = {
        ...(artifact !== undefined ? { physicalLocation: { artifactLocation: artifact, region: { startLine: Math.max(1, source?.line ?? 1) } } } : {}),
        ...(logical.length > 0 ? { logicalLocations: logical } : {}),
    };
    return {
        ruleId: d.policyName,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: SARIF_LEVEL[d.enforcementLevel],
        message: { text: d.message.trim() === "" ? d.description || d.policyName : d.message },
        ...(Object.keys(location).length > 0 ? { locations: [location] } : {}),
    };
}

/**
 * Writes the SARIF log of `verdicts` to `file` through a temporary file, so no half-written log is left; returns
 * the warning to show when results were left out, else undefined.
 */
export async function writeSarif(file: string, verdicts: readonly StackVerdict[]): Promise<string | undefined> {
    const log = formatSarif(verdicts);
    await writeReportFile("--sarif", file, JSON.stringify(log, null, 2) + "\n");
    const notes = (log.runs[0]?.invocations as { toolExecutionNotifications: { message: { text: string } }[] }[] | undefined) ?? [];
    return notes[0]?.toolExecutionNotifications[0]?.message.text;
}
