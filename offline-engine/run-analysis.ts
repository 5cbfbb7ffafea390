/**
 * The engine's whole conversation with a policy pack for one stack, in the engine's order: Handshake,
 * ConfigureStack (with the stack's config), GetAnalyzerInfo, Configure, then per resource Remediate and Analyze
 * (on inputs), and AnalyzeStack (on outputs, in an arbitrary order, as the CLI sends them) at the end.
 */
import { analyzeRequestBytes, type Diagnostic, type PolicyInfo, type PolicyPackConfig } from "./analyzer-client";
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
    /** The pack's policies as GetAnalyzerInfo describes them (default levels, documentation). */
    policies: PolicyInfo[];
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
    /** The keys of `stackConfig` whose values are secret (default none). */
    secretConfigKeys?: string[];
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
        secretKeys: options.secretConfigKeys ?? [],
    };
}

/**
 * How many resources are between Remediate and Analyze at once. The CLI's step generator analyzes one registration
 * at a time, each answer awaited before the next request; offline, with the program, the engine and the pack on the
 * same cores, that made the analysis a chain of round trips that ended well after the program (at 250 identities,
 * Analyze 958 of 2,444 registrations when the last one arrived). Each resource's calls still go in the engine's
 * order, and every result is kept in registration order, so what the pack is asked and what is reported are the same.
 */
const RESOURCES_IN_FLIGHT = 16;

/** What the pack said of one resource: its Analyze diagnostics and its remediations. */
interface ResourceOutcome {
    analyze: Diagnostic[];
    remediations: AppliedRemediation[];
}

/**
 * The engine's conversation with one pack about one stack, fed as the deployment grows: the set-up calls at once,
 * then Remediate and Analyze for each resource as its registration arrives (up to {@link RESOURCES_IN_FLIGHT}
 * resources at a time, while the program goes on running: pkg/resource/deploy/step_generator.go analyzes each
 * registration as it comes), and AnalyzeStack once at the end, on the outputs.
 */
export class AnalysisSession {
    /** Each resource's outcome, by its place in registration order. */
    private readonly outcomes: ResourceOutcome[] = [];
    /** The remediated inputs of each resource a remediation changed, by URN. */
    private readonly remediatedInputs = new Map<string, Record<string, unknown>>();
    private readonly ready: Promise<Awaited<ReturnType<PolicyPackProcess["session"]["getAnalyzerInfo"]>>>;
    /** Every resource queued, in registration order; those before `started` have been sent. */
    private readonly queued: CapturedResource[] = [];
    private started = 0;
    private inFlight = 0;
    /** The first failure of a call, reported by finish(). */
    private failure: { error: unknown } | undefined;
    /** Called when nothing is waiting or in flight. */
    private drained: (() => void) | undefined;
    /** Resources answered. */
    private analyzed = 0;
    /** AnalyzeStack's resource count once it has been sent. */
    private stackSent: number | undefined;

    constructor(
        private readonly pack: PolicyPackProcess,
        private readonly options: AnalysisOptions,
        context: PackStackContext,
    ) {
        const session = pack.session;
        this.ready = (async () => {
            await session.handshake();
            if (options.configureStack !== false) await session.configureStack(context);
            const info = await session.getAnalyzerInfo();
            await session.configure(options.config);
            return info;
        })();
        // A failure is reported by finish(); until then it must not be an unhandled rejection.
        this.ready.catch(() => undefined);
    }

    /** Queues Remediate and Analyze for each of `resources`, in order. */
    add(resources: readonly CapturedResource[]): void {
        for (const resource of resources) this.queued.push(resource);
        this.startWaiting();
    }

    /** Starts waiting resources while there is room in flight and nothing has failed. */
    private startWaiting(): void {
        while (this.failure === undefined && this.inFlight < RESOURCES_IN_FLIGHT && this.started < this.queued.length) {
            const index = this.started++;
            const resource = this.queued[index];
            this.inFlight++;
            this.analyzeOne(resource).then(
                (outcome) => {
                    this.outcomes[index] = outcome;
                    this.analyzed++;
                    this.settled();
                },
                (error: unknown) => {
                    this.failure ??= { error };
                    this.settled();
                },
            );
        }
    }

    private settled(): void {
        this.inFlight--;
        this.startWaiting();
        if (this.inFlight === 0 && (this.started === this.queued.length || this.failure !== undefined)) this.drained?.();
    }

    /** Resolves once every queued resource is answered, or rejects with the first failure. */
    private async allAnswered(): Promise<void> {
        await this.ready;
        if (this.inFlight > 0 || (this.started < this.queued.length && this.failure === undefined)) {
            await new Promise<void>((resolve) => (this.drained = resolve));
        }
        if (this.failure !== undefined) throw this.failure.error;
    }

    private async analyzeOne(original: CapturedResource): Promise<ResourceOutcome> {
        const session = this.pack.session;
        const info = await this.ready;
        const outcome: ResourceOutcome = { analyze: [], remediations: [] };
        let resource = original;
        // Remediate and Analyze take the same request: encoded once, unless a remediation changes the inputs. Encoding
        // it is most of this process's work per resource (50,000 of them in a large audit).
        const request = analyzeRequestBytes(original);
        for (const r of await session.remediate(resource, request)) {
            outcome.remediations.push({
                urn: resource.urn,
                policyName: r.policyName,
                ...(r.properties ? { properties: r.properties } : {}),
                ...(r.diagnostic ? { diagnostic: r.diagnostic } : {}),
            });
            if (r.diagnostic) {
                const policy = info.policies.find((p) => p.name === r.policyName);
                outcome.analyze.push({
                    policyName: r.policyName,
                    policyPackName: info.name,
                    description: policy?.description ?? "",
                    message: r.diagnostic,
                    enforcementLevel: "advisory",
                    urn: resource.urn,
                });
            } else if (r.properties && this.options.applyRemediations !== false) {
                resource = remediated(resource, r.properties);
                this.remediatedInputs.set(resource.urn, r.properties);
            }
        }
        for (const d of await session.analyze(resource, resource === original ? request : undefined)) {
            outcome.analyze.push(d.enforcementLevel === "remediate" ? { ...d, enforcementLevel: "mandatory" } : d);
        }
        return outcome;
    }

    /** How far the conversation is, for progress lines: `Analyze 1200 of 50000 resources`, or AnalyzeStack's. */
    howFar(): string {
        if (this.stackSent !== undefined) return `AnalyzeStack of ${this.stackSent} resources sent, waiting for the pack`;
        return `Analyze ${this.analyzed} of ${this.queued.length} resources`;
    }

    /** Waits for every queued Analyze, then sends AnalyzeStack for `resources` (remediations applied) and returns the whole analysis. */
    async finish(resources: readonly CapturedResource[]): Promise<StackAnalysis> {
        const info = await this.ready;
        await this.allAnswered();
        const final = resources.map((r) => {
            const inputs = this.remediatedInputs.get(r.urn);
            return inputs === undefined ? r : remediated(r, inputs);
        });
        const stackUrn = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
        const seed = this.options.orderSeed === undefined ? DEFAULT_ORDER_SEED : this.options.orderSeed;
        const sent = seed === null ? final : arbitraryOrder(final, (r) => r.urn, seed);
        this.stackSent = sent.length;
        const analyzeStack = (await this.pack.session.analyzeStack(sent)).map((d) => ({
            ...d,
            urn: d.urn || stackUrn,
            enforcementLevel: d.enforcementLevel === "remediate" ? ("mandatory" as const) : d.enforcementLevel,
        }));
        return {
            pack: { name: info.name, version: info.version },
            policies: info.policies,
            analyze: this.outcomes.flatMap((o) => o.analyze),
            analyzeStack,
            remediations: this.outcomes.flatMap((o) => o.remediations),
        };
    }
}

/**
 * Runs the engine's call sequence for `resources` against a started pack; `watch` gets the session first (to ask
 * it how far it is).
 */
export function analyzeStackThroughPack(
    pack: PolicyPackProcess,
    resources: CapturedResource[],
    options: AnalysisOptions = {},
    watch?: (session: AnalysisSession) => void,
): Promise<StackAnalysis> {
    const session = new AnalysisSession(pack, options, stackContext(resources, options));
    watch?.(session);
    session.add(resources);
    return session.finish(resources);
}
