/**
 * The engine's whole conversation with a policy pack for one stack, in the engine's order: Handshake,
 * ConfigureStack, GetAnalyzerInfo, Configure, then per resource Remediate and Analyze (on inputs), and
 * AnalyzeStack (on outputs) at the end.
 */
import type { Diagnostic, PolicyPackConfig } from "./analyzer-client";
import type { CapturedResource } from "../state/captured-resource";
import type { PolicyPackProcess } from "./pack-process";

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

/** Runs the engine's call sequence for `resources` against a started pack. */
export async function analyzeStackThroughPack(pack: PolicyPackProcess, resources: CapturedResource[], options: AnalysisOptions = {}): Promise<StackAnalysis> {
    const session = pack.session;
    const names = stackOf(resources[0]?.urn);
    await session.handshake();
    await session.configureStack({
        project: options.project ?? names.project ?? "project",
        stack: options.stack ?? names.stack ?? "stack",
        dryRun: options.preview ?? true,
    });
    const info = await session.getAnalyzerInfo();
    await session.configure(options.config);
    const analyze: Diagnostic[] = [];
    const remediations: AppliedRemediation[] = [];
    const final: CapturedResource[] = [];
    for (const original of resources) {
        let resource = original;
        for (const r of await session.remediate(resource)) {
            remediations.push({ urn: resource.urn, policyName: r.policyName, ...(r.properties ? { properties: r.properties } : {}), ...(r.diagnostic ? { diagnostic: r.diagnostic } : {}) });
            if (r.diagnostic) {
                const policy = info.policies.find((p) => p.name === r.policyName);
                analyze.push({ policyName: r.policyName, policyPackName: info.name, description: policy?.description ?? "", message: r.diagnostic, enforcementLevel: "advisory", urn: resource.urn });
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
    const analyzeStack = (await session.analyzeStack(final)).map((d) => ({
        ...d,
        urn: d.urn || stackUrn,
        enforcementLevel: d.enforcementLevel === "remediate" ? ("mandatory" as const) : d.enforcementLevel,
    }));
    return { pack: { name: info.name, version: info.version }, analyze, analyzeStack, remediations };
}
