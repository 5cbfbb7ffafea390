/**
 * Test support for the components: runs a program under the offline engine's mock runtime as project `project`,
 * stack `stack`, finds one captured resource of the run, and reads wire-form secrets.
 */
import { runProgram as runUnderMocks, type CaptureOptions } from "../../testing/mock-capture";
import type { ProgramRun } from "../../testing/program-run";
import type { CapturedResource } from "../../state/captured-resource";
import { SECRET_SIG, SECRET_VALUE_SIG, isObject } from "../../state/wire";

export { dkimTokensFor } from "../../offline-engine/plausible-outputs";
export { UNKNOWN } from "../../state/wire";

/** Runs `program` as project `project`, stack `stack`, answering only the invokes `options` answers (unless it names others). */
export function runProgram(program: () => unknown, options: CaptureOptions): Promise<ProgramRun> {
    return runUnderMocks(program, { project: "project", stack: "stack", invokes: {}, ...options });
}

/** The one resource of `type` named `name`; fails the test when there is not exactly one. */
export function only(run: ProgramRun, type: string, name: string): CapturedResource {
    const found = run.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
        const seen = run.resources.map((r) => `${r.type} ${r.name}`).join("\n  ");
        throw new Error(`expected one ${type} named ${name}, found ${found.length}; registered:\n  ${seen}`);
    }
    return found[0] as CapturedResource;
}

/** True when a wire-form value is a secret envelope. */
export function isSecretEnvelope(value: unknown): boolean {
    return isObject(value) && value[SECRET_SIG] === SECRET_VALUE_SIG;
}

/** The plain value inside a secret envelope (or the value itself). */
export function unwrapSecret(value: unknown): unknown {
    return isSecretEnvelope(value) ? (value as { value: unknown }).value : value;
}
