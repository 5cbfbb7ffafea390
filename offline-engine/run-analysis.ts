/**
 * The engine's whole conversation with a policy pack for one stack, in the engine's order: Handshake,
 * ConfigureStack (with the stack's config), GetAnalyzerInfo, Configure, then per resource Remediate and Analyze
 * (on inputs), and AnalyzeStack (on outputs, in an arbitrary order, as the CLI sends them) at the end.
 */
import type { Diagnostic, PolicyPackConfig } from "./analyzer-client";
import type { CapturedResource } from "../state/captured-resource";
import type { PolicyPackProcess } from "./pack-process";
import { DEFAULT_ORGANIZATION, type PackStackContext } from "./pack-environment";
import { arbitraryOrder } from "./stack-order";

/** The seed of AnalyzeStack's order when the caller names none. */
const DEFAULT_ORDER_SEED = "ses-guard";

/** A remediation the pack applied (or could not apply) to one resource. */
export interface AppliedRemediation {
    urn: string;
    policyName: string;
    /** The inputs after the remediation; undefined when it only produced a diagnostic. */
    properties?: Record<string, unknown>;
    diagnostic?: string;
}

/** Everything the pack reported for one stack. */
export interface StackAnalysis {
    /** The pack's name and version (GetAnalyzerInfo). */
    pack: { name: string; version: string };
    /** Analyze diagnostics (and remediation diagnostics, as advisory), in resource order. */
    analyze: Diagnostic[];
    /** AnalyzeStack diagnostics; those the policy did not attribute are blamed on the stack resource. */
    analyzeStack: Diagnostic[];
    remediations: AppliedRemediation[];
}

/** How to analyze: the config, whether this is a preview, and the stack's names (default: from the URNs). */
export interface AnalysisOptions {
    config?: PolicyPackConfig;
    preview?: boolean;
    project?: string;
    stack?: string;
    /** The organization sent in ConfigureStack (default {@link DEFAULT_ORGANIZATION}). */
    organization?: string;
    /** The stack's config sent in ConfigureStack, `namespace:key` to string (default none). */
    stackConfig?: Record<string, string>;
    /**
     * Whether to send ConfigureStack (default true). `pulumi policy analyze` loads its packs without stack
     * options, so it sends none (pulumi/pulumi `pkg/cmd/pulumi/policy/policy_analyze.go`).
     */
    configureStack?: boolean;
    /**
     * The seed of AnalyzeStack's arbitrary order (see ./stack-order; default: one fixed seed), or null to send the
     * resources as given, as `pulumi policy analyze` does with a snapshot's resources.
     */
    orderSeed?: string | null;
    /**
     * Whether remediated inputs replace the originals for Analyze and AnalyzeStack, as in a deployment
     * (default true). An audit of deployed state reports remediations without applying them.
     */
    applyRemediations?: boolean;
}

/** The `<stack>` and `<project>` parts of a URN. */
function stackOf(urn: string | undefined): { stack?: string; project?: string } {
    const [, stack, project] = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn ?? "") ?? [];
    return { stack, project };
}

/** A resource's inputs replaced by remediated ones; outputs follow the remediated inputs. */
function remediated(resource: CapturedResource, inputs: Record<string, unknown>): CapturedResource {
    const outputs = { ...resource.outputs };
    for (const [key, value] of Object.entries(inputs)) {
        if (JSON.stringify(value) !== JSON.stringify(resource.inputs[key])) outputs[key] = value;
    }
    return { ...resource, inputs, outputs };
}

/** True when any diagnostic is mandatory: `pulumi preview` would fail. */
export function hasMandatoryViolation(analysis: StackAnalysis): boolean {
    return [...analysis.analyze, ...analysis.analyzeStack].some((d) => d.enforcementLevel === "mandatory" || d.enforcementLevel === "remediate");
}

/** What ConfigureStack will say about the stack of `resources` (and so what the pack's environment must hold). */
export function stackContext(resources: readonly CapturedResource[], options: AnalysisOptions = {}): PackStackContext {
    const names = stackOf(resources[0]?.urn);
    return {
        organization: options.organization ?? DEFAULT_ORGANIZATION,
        project: options.project ?? names.project ?? "project",
        stack: options.stack ?? names.stack ?? "stack",
        dryRun: options.preview ?? true,
        config: options.stackConfig ?? {},
    };
}

/** Runs the engine's call sequence for `resources` against a started pack. */
export async function analyzeStackThroughPack(pack: PolicyPackProcess, resources: CapturedResource[], options: AnalysisOptions = {}): Promise<StackAnalysis> {
    const session = pack.session;
    await session.handshake();
    if (options.configureStack !== false) await session.configureStack(stackContext(resources, options));
    const info = await session.getAnalyzerInfo();
    await session.configure(options.config);
    const analyze: Diagnostic[] = [];
    const remediations: AppliedRemediation[] = [];
    const final: CapturedResource[] = [];
    for (const original of resources) {
        let resource = original;
        for (const r of await session.remediate(resource)) {
            remediations.push({
                urn: resource.urn,
                policyName: r.policyName,
                ...(r.properties ? { properties: r.properties } : {}),
                ...(r.diagnostic ? { diagnostic: r.diagnostic } : {}),
            });
            if (r.diagnostic) {
                const policy = info.policies.find((p) => p.name === r.policyName);
                analyze.push({
                    policyName: r.policyName,
                    policyPackName: info.name,
                    description: policy?.description ?? "",
                    message: r.diagnostic,
                    enforcementLevel: "advisory",
                    urn: resource.urn,
                });
            } else if (r.properties && options.applyRemediations !== false) {
                resource = remediated(resource, r.properties);
            }
        }
        for (const d of await session.analyze(resource)) {
            analyze.push(d.enforcementLevel === "remediate" ? { ...d, enforcementLevel: "mandatory" } : d);
        }
        final.push(resource);
    }
    const stackUrn = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
    const seed = options.orderSeed === undefined ? DEFAULT_ORDER_SEED : options.orderSeed;
    const sent = seed === null ? final : arbitraryOrder(final, (r) => r.urn, seed);
    const analyzeStack = (await session.analyzeStack(sent)).map((d) => ({
        ...d,
        urn: d.urn || stackUrn,
        enforcementLevel: d.enforcementLevel === "remediate" ? ("mandatory" as const) : d.enforcementLevel,
    }));
    return { pack: { name: info.name, version: info.version }, analyze, analyzeStack, remediations };
}
