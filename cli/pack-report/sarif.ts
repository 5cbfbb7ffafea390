/**
 * `--sarif FILE` of `ses-guard preview` and `ses-guard audit`: the verdicts as a SARIF 2.1.0 log, the format code
 * scanners write and GitHub code scanning shows on a pull request's lines. One rule per policy of the pack (from
 * GetAnalyzerInfo: description, display name, remediation steps, documentation URL, default level), one result per
 * violation. A result is located at the file and line where the program registered the resource, relative to the
 * repository root (the nearest directory above the program holding `.git`), and always at the resource's URN as
 * its logical location; an audited export has no source, so the URN is its only location.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Diagnostic, EnforcementLevel, PolicyInfo } from "../../offline-engine/analyzer-client";
import type { StackVerdict } from "../../offline-engine/offline-preview";
import { README_URL } from "../../policies/policy-docs";
import { POLICY_PACK_NAME } from "../../policies";
import { urnName } from "../../state/urn";
import { byDisplayOrder } from "./format-diagnostics";
import { writeReportFile } from "../report-file";

/** The JSON schema a SARIF 2.1.0 log names. */
const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

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
    }));
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
    const results: Record<string, unknown>[] = [];
    for (const verdict of verdicts) {
        const byUrn = new Map(verdict.resources.map((r) => [r.urn, r]));
        const diagnostics = [...verdict.analysis.analyze, ...verdict.analysis.analyzeStack].filter((d) => d.enforcementLevel !== "disabled");
        for (const d of diagnostics.sort(byDisplayOrder)) {
            // An audited export has no sources; a program's resources carry the absolute path the engine kept.
            const source = verdict.mode === "deployed" ? undefined : byUrn.get(d.urn)?.source;
            results.push(result(d, source === undefined ? undefined : { ...source, uri: relativeUri(base, source.file) }, ruleIndex.get(d.policyName)));
        }
    }
    const pack = first?.analysis.pack ?? { name: POLICY_PACK_NAME, version: "" };
    const driver = {
        name: pack.name,
        ...(pack.version !== "" ? { version: pack.version } : {}),
        ...(pack.name === POLICY_PACK_NAME ? { informationUri: README_URL } : {}),
        rules: rules(policies),
    };
    return {
        $schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [
            {
                tool: { driver },
                originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(base).href.replace(/\/?$/, "/") } },
                results,
                columnKind: "utf16CodeUnits",
            },
        ],
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

/** Writes the SARIF log of `verdicts` to `file` through a temporary file, so no half-written log is left. */
export async function writeSarif(file: string, verdicts: readonly StackVerdict[]): Promise<void> {
    await writeReportFile("--sarif", file, JSON.stringify(formatSarif(verdicts), null, 2) + "\n");
}
