/**
 * Policies never throw out of their validate functions: an unexpected error (a bug, a shape nobody
 * foresaw) is reported as a violation of the policy that hit it, naming the policy, instead of failing
 * the whole request or being swallowed by @pulumi/policy's "can't run during preview" note.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy";

/** The message reported when a policy fails unexpectedly. */
function internalErrorMessage(policyName: string, err: unknown): string {
    const message = err instanceof Error ? err.message : String(err);
    const reason = err instanceof UnknownValueError ? `it read a value unknown during preview (${message})` : message;
    return `ses-guard policy '${policyName}' could not finish: ${reason}. Its verdict for this ` +
        "stack is incomplete; this is a bug in ses-guard, please report it with the resource shown.";
}

/** The stack policy with its `validateStack` wrapped so that nothing escapes it. */
export function guardStackPolicy(policy: StackValidationPolicy): StackValidationPolicy {
    const validate = policy.validateStack;
    return {
        ...policy,
        validateStack: async (args, reportViolation) => {
            try {
                await validate(args, reportViolation);
            } catch (err) {
                reportViolation(internalErrorMessage(policy.name, err));
            }
        },
    };
}

/** The resource policy with its validations (and remediation) wrapped so that nothing escapes them. */
export function guardResourcePolicy(policy: ResourceValidationPolicy): ResourceValidationPolicy {
    const validations = policy.validateResource === undefined
        ? undefined
        : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    const remediate = policy.remediateResource;
    return {
        ...policy,
        validateResource: validations?.map((validate) => async (args, reportViolation) => {
            try {
                await validate(args, reportViolation);
            } catch (err) {
                reportViolation(internalErrorMessage(policy.name, err));
            }
        }),
        remediateResource: remediate === undefined
            ? undefined
            : async (args) => {
                try {
                    return await remediate(args);
                } catch {
                    // Left to validateResource, which reports the same resource with the reason.
                    return undefined;
                }
            },
    };
}
