/**
 * `ses-guard preview` and `ses-guard audit` without the CLI: capture programs (or read a stack export),
 * start the policy pack as `pulumi preview --policy-pack` (or `pulumi policy analyze --file`) does, run the
 * engine's call order, and collect each stack's verdict.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Diagnostic, PolicyPackConfig } from "./analyzer-client";
import type { CapturedResource, SourcePosition } from "../state/captured-resource";
import { runProgram, type RunProgramOptions } from "./program-runner";
import { withProgress } from "./progress";
import { startPolicyPack, type PolicyPackProcess } from "./pack-process";
import { AnalysisSession, analyzeStackThroughPack, hasMandatoryViolation, stackContext, type AppliedRemediation, type StackAnalysis } from "./run-analysis";
import { PackPool } from "./pack-pool";
import { programStack } from "./program-stack";
import { POLICY_ANALYZE_OPTIONS, redactUndecryptableSecrets } from "./stack-export-analysis";
import { readStackExportFile } from "../state/stack-export";
import { SecretValues } from "../state/secret-values";

/** One stack's verdict: where it came from, what was captured and what the pack said. */
export interface StackVerdict {
    /** The program directory or export file. */
    source: string;
    /** "preview" or "update" for programs, "deployed" for an audited export. */
    mode: "preview" | "update" | "deployed";
    resources: CapturedResource[];
    analysis: StackAnalysis;
    /** True when a mandatory policy failed. */
    failed: boolean;
    /** Things the user should know about how the stack was analyzed (e.g. secrets redacted). */
    warnings?: string[];
    /** The stack's secret values (secret inputs, outputs and config), which every report shows as `[secret]`. */
    secrets: SecretValues;
}

/** The secret values of `resources` and of what remediations made of them. */
function secretsOf(resources: readonly CapturedResource[], remediations: readonly AppliedRemediation[]): SecretValues {
    const secrets = new SecretValues();
    secrets.addResources(resources);
    for (const r of remediations) secrets.addWire(r.properties);
    return secrets;
}

/** Options shared by preview and audit. */
export interface OfflineOptions {
    /** The policy pack directory (default: this package's own). */
    packDir?: string;
    /** The --policy-pack-config contents. */
    policyPackConfig?: PolicyPackConfig;
}

/** This package's root, found by walking up from this module to the package.json named ses-guard. */
export function ownPackageDir(): string {
    let dir = __dirname;
    for (;;) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === "ses-guard") return dir;
        const parent = path.dirname(dir);
        if (parent === dir) throw new Error(`cannot find the ses-guard package above ${__dirname}`);
        dir = parent;
    }
}

async function withPack<T>(options: OfflineOptions, fn: (pack: PolicyPackProcess) => Promise<T>): Promise<T> {
    const pack = await startPolicyPack(options.packDir ?? ownPackageDir());
    try {
        return await fn(pack);
    } finally {
        await pack.close();
    }
}

/**
 * Previews each program directory (preview mode, or update mode with plausible outputs) through the pack, one
 * after the other. Each program runs through Pulumi's own runner (./program-runner); its stack is analyzed by a
 * pack started for it (the stack's names and config in its environment and in ConfigureStack) as the CLI does:
 * Remediate and Analyze for each resource as its registration arrives, while the program runs, and AnalyzeStack
 * once it has finished.
 */
export async function previewPrograms(
    dirs: string[],
    options: OfflineOptions & { stack?: string; config?: Record<string, string>; update?: boolean } & Omit<
            RunProgramOptions,
            "preview" | "news" | "programStack"
        >,
): Promise<StackVerdict[]> {
    const preview = options.update !== true;
    const packs = new PackPool(options.packDir ?? ownPackageDir());
    try {
        const verdicts: StackVerdict[] = [];
        for (const dir of dirs) {
            const stack = programStack(dir, options);
            const analysisOptions = {
                config: options.policyPackConfig,
                preview,
                project: stack.project.name,
                stack: stack.stack,
                stackConfig: stack.config,
                secretConfigKeys: stack.secretConfigKeys,
            };
            const context = stackContext([], analysisOptions);
            const session = packs.for(context).then((pack) => new AnalysisSession(pack, analysisOptions, context));
            session.catch(() => undefined); // awaited below, once the program has run
            let started: AnalysisSession | undefined;
            void session.then(
                (s) => (started = s),
                () => undefined,
            );
            let registered = 0;
            const resources = await withProgress(
                `running the program in ${dir}`,
                () =>
                    runProgram(dir, {
                        ...options,
                        preview,
                        programStack: stack,
                        news: (added) => {
                            registered += added.length;
                            void session.then(
                                (s) => s.add(added),
                                () => undefined,
                            );
                        },
                    }),
                { howFar: () => `${registered} resource${registered === 1 ? "" : "s"} registered so far${started ? `, ${started.howFar()}` : ""}` },
            );
            const analysis = await withProgress(
                `checking ${resources.length} resources of ${dir} with the policy pack`,
                async () => (await session).finish(resources),
                { howFar: () => started?.howFar() },
            );
            const secrets = secretsOf(resources, analysis.remediations);
            secrets.addConfig(stack.config, stack.secretConfigKeys);
            verdicts.push({ source: dir, mode: preview ? "preview" : "update", resources, analysis, failed: hasMandatoryViolation(analysis), secrets });
        }
        return verdicts;
    } finally {
        await packs.close();
    }
}

/**
 * Audits the deployed resources of a `pulumi stack export` file (or of one already read, from stdin) through the pack as `pulumi policy analyze --file`
 * does (./stack-export-analysis): no stack in the pack's environment, no ConfigureStack, undecryptable secrets as
 * "[secret]", AnalyzeStack in the export's order, remediations reported but not applied.
 */
export function auditStackExport(input: string | { source: string; resources: CapturedResource[] }, options: OfflineOptions): Promise<StackVerdict> {
    const file = typeof input === "string" ? input : input.source;
    const { resources, redacted } = redactUndecryptableSecrets(typeof input === "string" ? readStackExportFile(input) : input.resources);
    const warnings =
        redacted > 0
            ? [
                  `could not decrypt ${redacted} secret value${redacted === 1 ? "" : "s"} in ${file}; analyzing with secret values redacted to "[secret]" (export with --show-secrets to let policies read them)`,
              ]
            : [];
    return withPack(options, async (pack) => {
        let session: AnalysisSession | undefined;
        const analysis = await withProgress(
            `checking ${resources.length} deployed resources of ${file} with the policy pack`,
            () => analyzeStackThroughPack(pack, resources, { config: options.policyPackConfig, ...POLICY_ANALYZE_OPTIONS }, (s) => (session = s)),
            { howFar: () => session?.howFar() },
        );
        const secrets = secretsOf(resources, analysis.remediations);
        return { source: file, mode: "deployed" as const, resources, analysis, failed: hasMandatoryViolation(analysis), warnings, secrets };
    });
}

/**
 * A function giving where the program registered a resource, for reports: the file relative to the program
 * directory when it lies there (`index.ts`), else as the engine has it; undefined for resources with none (exports,
 * the engine's own).
 */
export function sourceLocator(verdict: StackVerdict): (resource: CapturedResource | undefined) => SourcePosition | undefined {
    if (verdict.mode === "deployed") return () => undefined;
    let root = path.resolve(verdict.source);
    try {
        root = fs.realpathSync(root);
    } catch {
        // shown as the engine has it
    }
    return (resource) => {
        const source = resource?.source;
        if (source === undefined) return undefined;
        const relative = path.relative(root, source.file);
        const inside = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
        return { file: inside ? relative : source.file, line: source.line };
    };
}

/** One violation in the machine-readable report. */
export interface ViolationRecord {
    policyPackName: string;
    policyName: string;
    enforcementLevel: Diagnostic["enforcementLevel"];
    /** The policy's severity, when the pack gives one. */
    severity?: Diagnostic["severity"];
    urn: string;
    type?: string;
    name?: string;
    message: string;
    /** Where the program registered the resource (see {@link sourceLocator}), when known. */
    source?: SourcePosition;
    /** Which call reported it: Analyze (inputs) or AnalyzeStack (outputs). */
    stage: "analyze" | "analyzeStack";
}

/** Every secret value of every stack of a run: a value secret in one stack is not shown in another's report either. */
export function runSecrets(verdicts: readonly StackVerdict[]): SecretValues {
    const secrets = new SecretValues();
    for (const v of verdicts) secrets.addAll(v.secrets);
    return secrets;
}

/**
 * The `--json` report of a run: one entry per stack, and whether every stack passed; secret values shown as
 * `[secret]`, and `redacted` listing the JSON paths of the fields that had one.
 */
export function verdictsToJson(verdicts: StackVerdict[]): { ok: boolean; stacks: Record<string, unknown>[]; redacted: string[] } {
    const { value, redacted } = runSecrets(verdicts).redactJson(verdictsReport(verdicts));
    return { ...value, redacted };
}

/** The `--json` report of a run before redaction. */
function verdictsReport(verdicts: StackVerdict[]): { ok: boolean; stacks: Record<string, unknown>[] } {
    return {
        ok: verdicts.every((v) => !v.failed),
        stacks: verdicts.map((v) => {
            const byUrn = new Map(v.resources.map((r) => [r.urn, r]));
            const locate = sourceLocator(v);
            const describe = (d: Diagnostic, stage: ViolationRecord["stage"]): ViolationRecord => {
                const r = byUrn.get(d.urn);
                const source = locate(r);
                return {
                    policyPackName: d.policyPackName,
                    policyName: d.policyName,
                    enforcementLevel: d.enforcementLevel,
                    ...(d.severity !== undefined ? { severity: d.severity } : {}),
                    urn: d.urn,
                    type: r?.type,
                    name: r?.name,
                    message: d.message,
                    ...(source !== undefined ? { source } : {}),
                    stage,
                };
            };
            const stack = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(v.resources[0]?.urn ?? "");
            return {
                source: v.source,
                mode: v.mode,
                project: stack?.[2],
                stack: stack?.[1],
                resources: v.resources.length,
                policyPack: v.analysis.pack,
                failed: v.failed,
                violations: [...v.analysis.analyze.map((d) => describe(d, "analyze")), ...v.analysis.analyzeStack.map((d) => describe(d, "analyzeStack"))],
                remediations: v.analysis.remediations,
            };
        }),
    };
}
