/**
 * Test support for the policy tests: one pack process per test file (started from the repo root exactly as
 * the CLI starts it), and a call that runs a Pulumi program under the mock runtime and sends its
 * registrations through the engine's whole call order.
 */
import * as path from "node:path";
import type { Diagnostic, PolicyPackConfig } from "../../offline-engine/analyzer-client";
import type { CapturedResource } from "../../state/captured-resource";
import { captureProgram } from "../../offline-engine/mock-capture";
import { startPolicyPack, type PolicyPackProcess } from "../../offline-engine/pack-process";
import { analyzeStackThroughPack, type StackAnalysis } from "../../offline-engine/run-analysis";

/** The repository root: the policy pack directory. */
export const ROOT = path.resolve(__dirname, "../../..");

/** The region the test programs' default provider gets. */
export const TEST_REGION = "eu-west-1";

/** Both modes every policy is tested in. */
export const MODES = [
    { preview: true, label: "preview" },
    { preview: false, label: "update" },
] as const;

/** Starts the pack before the file's tests and stops it after; returns a getter for it. */
export function usePack(options: { env?: NodeJS.ProcessEnv } = {}): () => PolicyPackProcess {
    let pack: PolicyPackProcess | undefined;
    before(async function () {
        this.timeout(60_000);
        pack = await startPolicyPack(ROOT, options.env === undefined ? {} : { env: { ...process.env, ...options.env } });
    });
    after(async () => {
        await pack?.close();
    });
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

/** Captures `program` and analyzes it through `pack`. */
export async function runProgram(pack: PolicyPackProcess, program: () => unknown, options: RunOptions): Promise<ProgramRun> {
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
