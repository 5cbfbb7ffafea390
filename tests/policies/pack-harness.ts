/**
 * Test support for the policy tests: the pack process a describe block uses (the run's shared one, or one of its
 * own for policy config or another environment; both started from the repo root exactly as the CLI starts it),
 * and a call that runs a Pulumi program under the mock runtime and sends its registrations through the engine's
 * whole call order.
 */
import * as path from "node:path";
import type { Diagnostic, PolicyPackConfig } from "../../offline-engine/analyzer-client";
import type { CapturedResource } from "../../state/captured-resource";
import { captureProgram } from "../../testing/mock-capture";
import { startPolicyPack, type PolicyPackProcess } from "../../offline-engine/pack-process";
import { analyzeStackThroughPack, type StackAnalysis } from "../../offline-engine/run-analysis";
import { isSharedPack, sharedPack } from "../shared-pack";

/** The repository root: the policy pack directory. */
export const ROOT = path.resolve(__dirname, "../../..");

/** The region the test programs' default provider gets. */
export const TEST_REGION = "eu-west-1";

/** Both modes every policy is tested in. */
export const MODES = [
    { preview: true, label: "preview" },
    { preview: false, label: "update" },
] as const;

/** Which pack {@link usePack} gives. */
export interface PackChoice {
    /** A pack of the block's own, for runs that send policy config: the shared pack serves only the default. */
    own?: boolean;
    /** Variables added to this process's environment for a pack of the block's own (implies `own`). */
    env?: NodeJS.ProcessEnv;
}

/**
 * Gets the block's pack ready before its tests: the run's shared pack, or (with `own` or `env`) one started
 * for the block and stopped after it. Returns a getter for it.
 */
export function usePack(choice: PackChoice = {}): () => PolicyPackProcess {
    const own = choice.own === true || choice.env !== undefined;
    let pack: PolicyPackProcess | undefined;
    before(async function () {
        this.timeout(60_000);
        pack = own ? await startPolicyPack(ROOT, choice.env === undefined ? {} : { env: { ...process.env, ...choice.env } }) : await sharedPack();
    });
    if (own) {
        after(async () => {
            await pack?.close();
        });
    }
    return () => {
        if (pack === undefined) throw new Error("the policy pack did not start");
        return pack;
    };
}

/** What one run produced: every diagnostic (Analyze and AnalyzeStack), the analysis and the resources sent. */
export interface ProgramRun {
    diagnostics: Diagnostic[];
    analysis: StackAnalysis;
    resources: CapturedResource[];
    /** The diagnostics of one policy. */
    of(policy: string): Diagnostic[];
}

/** Options of {@link runProgram}. */
export interface RunOptions {
    preview: boolean;
    /** The --policy-pack-config. */
    config?: PolicyPackConfig;
    /** Stack config (default: aws:region = {@link TEST_REGION}). */
    stackConfig?: Record<string, string>;
    /** Changes the captured resources before they are sent (e.g. to model another engine's shapes). */
    transform?: (resources: CapturedResource[]) => CapturedResource[];
}

/** Captures `program` and analyzes it through `pack`; policy config needs a pack of the test's own. */
export async function runProgram(pack: PolicyPackProcess, program: () => unknown, options: RunOptions): Promise<ProgramRun> {
    if (options.config !== undefined && isSharedPack(pack)) {
        throw new Error("a run with policy config needs a pack of its own (usePack({ own: true })), so that no config reaches the shared pack");
    }
    // Test programs are arrow functions that often return their last resource, which would become the stack's
    // outputs (and draw the runtime's "Undefined value ... will not show as a stack output" warnings): drop it.
    const run = async (): Promise<void> => void (await program());
    const captured = await captureProgram(run, { preview: options.preview, config: options.stackConfig ?? { "aws:region": TEST_REGION } });
    const resources = options.transform ? options.transform(captured) : captured;
    const analysis = await analyzeStackThroughPack(pack, resources, { preview: options.preview, config: options.config });
    const diagnostics = [...analysis.analyze, ...analysis.analyzeStack];
    return { diagnostics, analysis, resources, of: (policy) => diagnostics.filter((d) => d.policyName === policy) };
}

/** The diagnostics as text, for assertion messages. */
export function show(diagnostics: readonly Diagnostic[]): string {
    return diagnostics.map((d) => `[${d.policyName} ${d.enforcementLevel}] ${d.urn}\n${d.message}`).join("\n\n") || "(no diagnostics)";
}
