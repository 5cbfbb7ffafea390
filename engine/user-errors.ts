/**
 * Which engine-side failures are the user's to fix (a bad directory, program, pack, export or config), as
 * opposed to bugs in ses-guard: the commands show the former as one clear message with exit code 2.
 */
import { AnalyzerCallError } from "./analyzer-client";
import { ProgramError } from "./mock-capture";
import { PolicyPackStartError } from "./pack-process";
import { PolicyConfigError } from "./policy-config";
import { ProjectError } from "./program-dir";
import { StackExportError } from "./stack-export";

/** The message to show for a user-fixable failure, or undefined for anything else. */
export function userErrorMessage(err: unknown): string | undefined {
    if (err instanceof ProjectError || err instanceof ProgramError || err instanceof StackExportError || err instanceof PolicyConfigError) return err.message;
    if (err instanceof PolicyPackStartError) return err.message;
    if (err instanceof AnalyzerCallError) return `${err.message}\n(the policy pack failed while analyzing; this is a bug in the pack, not in the stack)`;
    return undefined;
}
